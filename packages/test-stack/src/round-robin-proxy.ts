// A small round-robin load balancer for tests of BFF replicas: one public port of 127.0.0.1 in front
// of several servers, each request dealt to the next replica in turn. It forwards as a plain
// reverse proxy does: method, path and query, every header (Host, Origin, Cookie, Sec-Fetch-*) as
// the browser sent it, the body streamed both ways, and the answer's status and headers (Location,
// every Set-Cookie) untouched. So the replicas are reached at the proxy's origin only, which is the
// origin they are configured with (redirect URI, allowed origins). It records which replica served
// which request, and a replica can be taken out and put back (a load balancer's health check).
import {
  createServer,
  request as httpRequest,
  Agent,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the proxy dealt. */
export interface ProxiedRequest {
  /** Epoch ms when the request arrived. */
  at: number;
  method: string;
  /** Path and query as the browser sent them. */
  path: string;
  /** The replica's name, or `null` when none was in service. */
  replica: string | null;
  /** The replica's status, or 502 when none answered. */
  status: number;
}

/** A replica behind the proxy: a name for the record, and its base URL. */
export interface Replica {
  name: string;
  /** `http://127.0.0.1:<port>` */
  url: string;
}

/** Settings of {@link startRoundRobinProxy}. */
export interface RoundRobinProxyOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Called as each answer ends (or fails), with its entry in the record. */
  onServed?: (entry: ProxiedRequest) => void;
}

export interface RoundRobinProxy {
  /** The public origin, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Replaces the replicas (a redeployment): all in service, the turn starts again. */
  setReplicas(replicas: readonly Replica[]): void;
  /** Takes the replica out of the rotation (requests under way finish). */
  takeOut(name: string): void;
  /** Puts the replica back into the rotation. */
  putBack(name: string): void;
  /** Every request dealt since the start (or the last `clearRecord`), in arrival order. */
  readonly record: readonly ProxiedRequest[];
  clearRecord(): void;
  stop(): Promise<void>;
}

// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection, not to the request.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'upgrade',
  'proxy-authorization',
  'proxy-authenticate',
]);

/** `rawHeaders` (name, value, name, value...) without hop-by-hop headers: repeated ones kept. */
function endToEnd(rawHeaders: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (!HOP_BY_HOP.has(rawHeaders[i]!.toLowerCase()))
      kept.push(rawHeaders[i]!, rawHeaders[i + 1]!);
  }
  return kept;
}

/**
 * Starts the proxy on a free port of 127.0.0.1 with no replica yet (`setReplicas` adds them: the
 * replicas' settings need the proxy's origin first). A replica that refuses the connection (killed,
 * not yet taken out) is taken out and the request goes to the next one when it has no body, as a
 * load balancer's passive health check does; otherwise the answer is 502.
 */
export async function startRoundRobinProxy(
  options: RoundRobinProxyOptions = {},
): Promise<RoundRobinProxy> {
  let replicas: Replica[] = [];
  const out = new Set<string>();
  let turn = 0;
  const record: ProxiedRequest[] = [];
  const agent = new Agent({ keepAlive: true });

  /** The next replica in service after the turn, or undefined when none is. */
  const next = (): Replica | undefined => {
    for (let tried = 0; tried < replicas.length; tried++) {
      const replica = replicas[turn++ % replicas.length]!;
      if (!out.has(replica.name)) return replica;
    }
    return undefined;
  };

  const badGateway = (response: ServerResponse, entry: ProxiedRequest) => {
    entry.status = 502;
    if (response.headersSent) {
      response.destroy();
      return;
    }
    response.writeHead(502, { 'content-type': 'text/plain' }).end('No replica answered\n');
  };

  function forward(
    request: IncomingMessage,
    response: ServerResponse,
    entry: ProxiedRequest,
  ): void {
    const replica = next();
    entry.replica = replica?.name ?? null;
    if (!replica) {
      badGateway(response, entry);
      return;
    }
    const target = new URL(replica.url);
    const hasBody =
      request.headers['content-length'] !== undefined || !!request.headers['transfer-encoding'];
    const upstream = httpRequest({
      agent,
      host: target.hostname,
      port: target.port,
      method: request.method,
      path: request.url,
      // Host stays the proxy's: the replica answers for the public origin.
      headers: endToEnd(request.rawHeaders),
    });
    upstream.on('response', (answer) => {
      entry.status = answer.statusCode ?? 502;
      response.writeHead(entry.status, answer.statusMessage, endToEnd(answer.rawHeaders));
      answer.pipe(response);
      answer.on('error', () => response.destroy());
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED' && !hasBody && !response.headersSent) {
        out.add(replica.name);
        forward(request, response, entry);
      } else {
        badGateway(response, entry);
      }
    });
    response.on('close', () => {
      if (!response.writableFinished) upstream.destroy();
    });
    if (hasBody) request.pipe(upstream);
    else upstream.end();
  }

  const server = createServer((request, response) => {
    const entry: ProxiedRequest = {
      at: Date.now(),
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      replica: null,
      status: 0,
    };
    record.push(entry);
    response.on('close', () => options.onServed?.(entry));
    forward(request, response, entry);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    setReplicas(next) {
      replicas = [...next];
      out.clear();
      turn = 0;
    },
    takeOut: (name) => void out.add(name),
    putBack: (name) => void out.delete(name),
    record,
    clearRecord: () => void record.splice(0),
    async stop() {
      server.closeAllConnections();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
