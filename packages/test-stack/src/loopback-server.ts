// The pieces every small test server shares: listening on a free 127.0.0.1 port (never another
// interface) with a stop that does not wait for idle keep-alive sockets, and reading a whole request.
import type { IncomingHttpHeaders, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A test server listening on 127.0.0.1. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Closes it, idle keep-alive connections included, so a test's clean-up never hangs on them. */
  stop(): Promise<void>;
}

/** Starts `server` on a free port of 127.0.0.1. */
export async function listenOnLoopback(server: Server): Promise<LoopbackServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A request as a server received it. */
export interface ReceivedRequest {
  method: string;
  /** The request target as received, query included. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The body as UTF-8 text ('' when there was none). */
  body: string;
}

/** Reads `req` to its end. */
export function receiveRequest(req: IncomingMessage): Promise<ReceivedRequest> {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve) =>
    req.on('end', () =>
      resolve({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }),
    ),
  );
}
