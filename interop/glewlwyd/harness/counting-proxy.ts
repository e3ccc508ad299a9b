// A reverse proxy in front of Glewlwyd that records every request the browser (and the bank API)
// makes to the provider, so the journeys can count them "at the provider": refresh grants,
// revocations, end-session visits. Glewlwyd's external_url is this proxy's URL, so every URL it
// publishes (discovery, login pages, redirects) leads through here.
import { createHash } from 'node:crypto';
import { createServer, request as forward, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProviderRequest {
  /** When the request arrived (epoch ms). */
  readonly at: number;
  readonly method: string;
  /** Path without the query string (which can carry an ID token hint). */
  readonly path: string;
  /** `grant_type` of a token-endpoint POST. */
  readonly grantType: string | undefined;
  /** A short digest of the refresh token presented (never the token), to see rotation at work. */
  readonly refreshTokenDigest: string | undefined;
  /** Names of the query and form parameters (never their values). */
  readonly params: readonly string[];
  status: number | undefined;
}

/** Requests Glewlwyd received, with the questions the journeys ask of them. */
export interface ProviderLog {
  requests(): readonly ProviderRequest[];
  /** Token-endpoint requests with this grant type. */
  grants(grantType: 'authorization_code' | 'refresh_token'): ProviderRequest[];
  /** Requests whose path ends with `suffix` (e.g. `/revoke`, `/end_session`). */
  to(suffix: string): ProviderRequest[];
}

export interface CountingProxy extends ProviderLog {
  readonly url: string;
  /** Where requests go (set once Glewlwyd's port is known). */
  setTarget(url: string): void;
  /** The requests from now on (one test's share of a worker's proxy). */
  fromNow(): ProviderLog;
  stop(): Promise<void>;
}

function providerLog(requests: () => readonly ProviderRequest[]): ProviderLog {
  return {
    requests,
    grants: (grantType) => requests().filter((entry) => entry.grantType === grantType),
    to: (suffix) => requests().filter((entry) => entry.path.endsWith(suffix)),
  };
}

const digest = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 12);

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function describe(request: IncomingMessage, body: Buffer): ProviderRequest {
  const url = new URL(request.url ?? '/', 'http://proxy');
  const method = request.method ?? 'GET';
  const form =
    method === 'POST' && /urlencoded/.test(request.headers['content-type'] ?? '')
      ? new URLSearchParams(body.toString())
      : new URLSearchParams();
  const isToken = url.pathname.endsWith('/token');
  const refreshToken = isToken ? form.get('refresh_token') : null;
  return {
    at: Date.now(),
    method,
    path: url.pathname,
    grantType: isToken ? (form.get('grant_type') ?? undefined) : undefined,
    refreshTokenDigest: refreshToken ? digest(refreshToken) : undefined,
    params: [...new Set([...url.searchParams.keys(), ...form.keys()])].sort(),
    status: undefined,
  };
}

/** Starts the proxy on 127.0.0.1 (a free port). */
export async function startCountingProxy(): Promise<CountingProxy> {
  let target: URL | undefined;
  const log: ProviderRequest[] = [];
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const entry = describe(request, body);
      log.push(entry);
      if (!target) {
        response.writeHead(503).end('no target yet');
        return;
      }
      const upstream = forward(
        {
          host: target.hostname,
          port: target.port,
          method: request.method,
          path: request.url,
          headers: request.headers,
        },
        (answer) => {
          entry.status = answer.statusCode;
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.on('error', () => {
        entry.status = 502;
        if (!response.headersSent) response.writeHead(502);
        response.end();
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setTarget(url) {
      target = new URL(url);
    },
    ...providerLog(() => log),
    fromNow() {
      const from = log.length;
      return providerLog(() => log.slice(from));
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
