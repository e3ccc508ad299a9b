// A man in the middle in front of the real IdP. The IdP is started with the proxy's URL as its
// issuer, so clients and the bank API only ever talk to the proxy, which forwards every request
// unchanged unless a case asks it to misbehave: plant a test key in the published JWKS (so the
// battery can sign tokens the API trusts, differing from real ones in exactly one claim), rewrite
// the ID token of a token response, or fail the token endpoint (500, dropped connection, silence).
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { endToEndHeaders, keepIdleSockets } from './hop-by-hop';
import type { JWK } from 'jose';

/** How the token endpoint misbehaves: an HTTP error, a dropped connection, or no answer at all. */
export type TokenFault = { status: number; body: string } | 'drop' | 'hang' | undefined;

/** Changes a decoded token response; return the new one. */
export type TokenResponseTamper = (
  body: Record<string, unknown>,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

export interface IdpProxy {
  readonly url: string;
  /** Where the real IdP listens. */
  setUpstream(port: number): void;
  /** Public keys published in the JWKS next to the IdP's own. */
  plantedKeys: JWK[];
  /** Applied to every successful token endpoint response (the ID-token cases). */
  tamperTokenResponse: TokenResponseTamper | undefined;
  tokenFault: TokenFault;
  /** Token endpoint requests that reached the proxy, answered or not, by grant type. */
  readonly tokenRequests: { authorization_code: number; refresh_token: number };
  /** Every path (with query) requested, in order: shows what the API or client fetched. */
  readonly paths: string[];
  stop(): Promise<void>;
}

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export async function startIdpProxy(): Promise<IdpProxy> {
  let upstream = 0;
  const state = {
    plantedKeys: [] as JWK[],
    tamperTokenResponse: undefined as TokenResponseTamper | undefined,
    tokenFault: undefined as TokenFault,
  };
  const tokenRequests = { authorization_code: 0, refresh_token: 0 };
  const paths: string[] = [];

  async function forward(req: IncomingMessage, res: ServerResponse, body: Buffer) {
    const path = req.url ?? '/';
    const isToken = req.method === 'POST' && path === '/token';
    const isJwks = path === '/jwks';
    const answer = await new Promise<IncomingMessage>((resolve, reject) => {
      const out = httpRequest(
        {
          host: '127.0.0.1',
          port: upstream,
          method: req.method,
          path,
          headers: endToEndHeaders(req.headers),
        },
        resolve,
      );
      out.on('error', reject);
      out.end(body);
    });
    const rewrite =
      (isJwks && state.plantedKeys.length > 0) ||
      (isToken && answer.statusCode === 200 && state.tamperTokenResponse !== undefined);
    if (!rewrite) {
      res.writeHead(answer.statusCode ?? 502, endToEndHeaders(answer.headers));
      answer.pipe(res);
      return;
    }
    const json = JSON.parse((await readAll(answer)).toString('utf8')) as Record<string, unknown>;
    const changed = isJwks
      ? { keys: [...(json.keys as JWK[]), ...state.plantedKeys] }
      : await state.tamperTokenResponse!(json);
    const text = JSON.stringify(changed);
    const headers = {
      ...endToEndHeaders(answer.headers),
      'content-length': String(Buffer.byteLength(text)),
    };
    res.writeHead(answer.statusCode ?? 200, headers).end(text);
  }

  const server = createServer((req, res) => {
    void (async () => {
      paths.push(req.url ?? '');
      const body = await readAll(req);
      if (req.method === 'POST' && req.url === '/token') {
        const grant = new URLSearchParams(body.toString('utf8')).get('grant_type');
        if (grant === 'authorization_code' || grant === 'refresh_token') tokenRequests[grant]++;
        const fault = state.tokenFault;
        if (fault === 'drop') {
          req.socket.destroy();
          return;
        }
        if (fault === 'hang') return; // closed by stop()
        if (fault) {
          res.writeHead(fault.status, { 'content-type': 'application/json' }).end(fault.body);
          return;
        }
      }
      await forward(req, res, body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
  });
  keepIdleSockets(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return Object.assign(state, {
    url,
    tokenRequests,
    paths,
    setUpstream(port: number) {
      upstream = port;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}
