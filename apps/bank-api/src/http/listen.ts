import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP server listening on 127.0.0.1. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Closes the server and every open connection; later calls return the same promise. */
  stop(): Promise<void>;
}

/**
 * Starts `handler` on 127.0.0.1 (never another interface) at `port` (0 = any free port) and
 * resolves once it listens, or rejects with the listen error (a port in use).
 */
export async function listenOnLoopback(
  handler: RequestListener,
  port: number,
): Promise<LoopbackServer> {
  const server = createServer(handler);
  // Longer than any client's idle-socket reuse window: with Node's 5 s default, a keep-alive
  // socket could close just as a busy client reused it (ECONNRESET on a healthy server).
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${address.port}`,
    stop: () => {
      stopping ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}
