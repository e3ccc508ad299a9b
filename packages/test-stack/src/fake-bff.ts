// A small backend-for-frontend for the BFF-mode client's tests, implementing the HTTP contract of
// notes/bff-contract.md (the one @sesame/bff serves) over node:http on 127.0.0.1, with a fake IdP
// behind it (authorize signs `user` in at once; end-session takes the form POST). It keeps "tokens"
// on the server only, so tests can check that none reaches the page. @sesame/bff's own tests run the
// real thing; this one lets a test bend one answer at a time (upstream 401/403, a dead session, an
// IdP error, a BFF down). fake-browser.ts plays the browser in front of it.
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface FakeBffUser {
  sub: string;
  claims?: Record<string, unknown>;
  scopes?: string[];
}

/** A signed-in session, as the BFF keeps it. The tokens never leave this object. */
export interface FakeBffSession {
  sub: string;
  claims: Record<string, unknown>;
  scopes: string[];
  accessToken: string;
  refreshToken: string;
  idToken: string;
  accessTokenExpiresAt: number;
  sessionExpiresAt: number;
  idleExpiresAt: number;
}

/** What an upstream API handler answers. */
export interface UpstreamAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface UpstreamRequest {
  name: string;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  session: FakeBffSession;
}

export interface FakeBffOptions {
  /** The app's origin, where the browser reaches the BFF (cookies and `Origin`). Default `http://localhost:3000`. */
  appOrigin?: string;
  /** Default `/bff`. */
  prefix?: string;
  /** `false`: `POST /logout` answers `{ endSession: null }` (an IdP without end-session). */
  endSession?: boolean;
  /** Session lifetimes, ms. Defaults: 8 h absolute, 30 min idle, 5 min access token. */
  sessionMs?: number;
  idleMs?: number;
  accessTokenMs?: number;
}

export interface RecordedBffRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});

const COOKIE = '__Host-sesame';

/** Starts the fake BFF (and its fake IdP) on 127.0.0.1. */
export async function startFakeBff(options: FakeBffOptions = {}) {
  const appOrigin = options.appOrigin ?? 'http://localhost:3000';
  const prefix = options.prefix ?? '/bff';
  const sessions = new Map<string, FakeBffSession>();
  const pending = new Map<
    string,
    { returnTo: string; prompt: string | null; loginHint: string | null }
  >();
  const requests: RecordedBffRequest[] = [];
  const upstreamRequests: UpstreamRequest[] = [];
  const endSessionPosts: URLSearchParams[] = [];
  const logins: { prompt: string | null; loginHint: string | null }[] = [];
  let url = '';

  const bff = {
    appOrigin,
    prefix,
    get url() {
      return url;
    },
    /** Who the fake IdP signs in next. */
    user: { sub: 'usr_jane_doe', claims: { name: 'Jane Doe' } } as FakeBffUser,
    /** An OAuth error the fake IdP answers the next authorization requests with (`null`: none). */
    idpError: null as string | null,
    /** Every status the BFF answers is this one instead, when set (a BFF in trouble). */
    failWith: null as number | null,
    /** The upstream APIs behind `{prefix}/api/<name>/...`. Default: `bank` answers `{ sub, path }`. */
    upstream: (request: UpstreamRequest): UpstreamAnswer | Promise<UpstreamAnswer> => ({
      status: request.name === 'bank' ? 200 : 404,
      body:
        request.name === 'bank'
          ? { sub: request.session.sub, path: request.path }
          : { error: 'api_not_allowed' },
    }),
    sessions,
    requests,
    upstreamRequests,
    endSessionPosts,
    /** The `prompt` and `login_hint` of each sign-in the BFF started. */
    logins,
    /** Every secret the server holds: tokens and session ids (for "never in the page" checks). */
    secrets(): string[] {
      return [...sessions].flatMap(([id, s]) => [id, s.accessToken, s.refreshToken, s.idToken]);
    },
    /** Ends every session at the server (an admin, a refused refresh, the store flushed). */
    endAllSessions: () => sessions.clear(),
    /** Signs `user` in without a browser round trip; returns the session id (the cookie's value). */
    createSession(given?: FakeBffUser): string {
      const user: FakeBffUser = given ?? bff.user;
      const id = randomBytes(32).toString('base64url');
      const now = Date.now();
      sessions.set(id, {
        sub: user.sub,
        claims: { sub: user.sub, ...user.claims },
        scopes: user.scopes ?? ['openid', 'profile', 'accounts:read'],
        accessToken: `at.${randomBytes(24).toString('base64url')}`,
        refreshToken: `rt.${randomBytes(24).toString('base64url')}`,
        idToken: `eyJ.${randomBytes(24).toString('base64url')}`,
        accessTokenExpiresAt: now + (options.accessTokenMs ?? 300_000),
        sessionExpiresAt: now + (options.sessionMs ?? 8 * 3_600_000),
        idleExpiresAt: now + (options.idleMs ?? 1_800_000),
      });
      return id;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const sessionOf = (req: IncomingMessage) => {
    const id = /(?:^|;\s*)__Host-sesame=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const session = id === undefined ? undefined : sessions.get(id);
    if (!session || Date.now() >= Math.min(session.idleExpiresAt, session.sessionExpiresAt)) {
      return undefined;
    }
    return { id: id!, session };
  };

  // The contract's CSRF rule (as @sesame/bff's csrf.ts has it): the header, and an allowed Origin
  // when there is one; a request other than GET/HEAD must have one (browsers always send it there).
  const csrfFailure = (req: IncomingMessage, needsHeader = true) => {
    if (needsHeader && req.headers['x-sesame-csrf'] !== '1') return 'The CSRF header is missing.';
    const origin = req.headers.origin;
    if (origin !== undefined) return origin === appOrigin ? null : 'Origin not allowed.';
    if (req.method !== 'GET' && req.method !== 'HEAD') return 'Origin missing.';
    const site = req.headers['sec-fetch-site'];
    return site === undefined || site === 'same-origin' ? null : 'Cross-site request.';
  };
  const csrfAnswer = (reason: string) =>
    json(403, { error: 'csrf_failed', error_description: reason });

  async function route(req: IncomingMessage, body: string) {
    const at = new URL(req.url ?? '/', 'http://x');
    const path = at.pathname;
    const method = req.method ?? 'GET';
    if (path === `${prefix}/session` && method === 'GET') {
      if (req.headers['x-sesame-csrf'] !== '1') return csrfAnswer('The CSRF header is missing.');
      const found = sessionOf(req);
      if (!found) return json(401, { error: 'login_required' });
      const { session: s } = found;
      return json(200, {
        user: { sub: s.sub, claims: s.claims },
        scopes: s.scopes,
        accessTokenExpiresAt: s.accessTokenExpiresAt,
        sessionExpiresAt: s.sessionExpiresAt,
        idleExpiresAt: s.idleExpiresAt,
      });
    }
    if (path === `${prefix}/login` && method === 'GET') {
      const returnTo = at.searchParams.get('returnTo') ?? '';
      // eslint-disable-next-line no-control-regex -- control characters are what must be refused
      if (!/^\/(?![/\\])[^\\\u0000-\u001f\u007f]*$/.test(returnTo)) {
        return { status: 400, headers: { 'content-type': 'text/html' }, body: 'return_to_invalid' };
      }
      const state = randomBytes(16).toString('base64url');
      const login = {
        returnTo,
        prompt: at.searchParams.get('prompt'),
        loginHint: at.searchParams.get('login_hint'),
      };
      pending.set(state, login);
      logins.push({ prompt: login.prompt, loginHint: login.loginHint });
      const authorize = new URL('/idp/authorize', url);
      authorize.searchParams.set('client_id', 'bank-bff');
      authorize.searchParams.set('request_uri', `urn:ietf:params:oauth:request_uri:${state}`);
      return { status: 302, headers: { location: authorize.href }, body: '' };
    }
    if (path === '/idp/authorize') {
      const state = (at.searchParams.get('request_uri') ?? '').split(':').at(-1)!;
      const callback = new URL(`${prefix}/callback`, appOrigin);
      callback.searchParams.set('state', state);
      callback.searchParams.set('iss', url);
      if (bff.idpError) callback.searchParams.set('error', bff.idpError);
      else callback.searchParams.set('code', randomBytes(16).toString('base64url'));
      return { status: 302, headers: { location: callback.href }, body: '' };
    }
    if (path === `${prefix}/callback` && method === 'GET') {
      const state = at.searchParams.get('state') ?? '';
      const login = pending.get(state);
      pending.delete(state);
      const error = !login ? 'state mismatch' : at.searchParams.get('error');
      if (error) {
        return {
          status: 400,
          headers: { 'content-type': 'text/html' },
          body: `<h1>Sign-in failed</h1><p>${error}</p><a href="/">Back to the app</a>`,
        };
      }
      const previous = sessionOf(req);
      if (previous) sessions.delete(previous.id); // a new session id (no fixation)
      const id = bff.createSession();
      return {
        status: 302,
        headers: {
          location: login!.returnTo,
          'set-cookie': `${COOKIE}=${id}; Path=/; HttpOnly; Secure; SameSite=Strict`,
        },
        body: '',
      };
    }
    if (path === `${prefix}/logout` && method === 'POST') {
      const failure = csrfFailure(req);
      if (failure) return csrfAnswer(failure);
      const found = sessionOf(req);
      if (!found) return json(401, { error: 'login_required' });
      sessions.delete(found.id);
      const clear = {
        'set-cookie': `${COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0`,
      };
      if (options.endSession === false) return json(200, { endSession: null }, clear);
      return json(
        200,
        {
          endSession: {
            url: new URL('/idp/logout', url).href,
            form: {
              client_id: 'bank-bff',
              post_logout_redirect_uri: `${appOrigin}/`,
              state: randomBytes(16).toString('base64url'),
            },
          },
        },
        clear,
      );
    }
    if (path === '/idp/logout' && method === 'POST') {
      const form = new URLSearchParams(body);
      endSessionPosts.push(form);
      return {
        status: 302,
        headers: { location: form.get('post_logout_redirect_uri') ?? `${appOrigin}/` },
        body: '',
      };
    }
    const api = new RegExp(`^${prefix}/api/([^/]+)(/.*)?$`).exec(path);
    if (api) {
      const failure = csrfFailure(req);
      if (failure) return csrfAnswer(failure);
      const found = sessionOf(req);
      if (!found) return json(401, { error: 'login_required' });
      // Each request through the BFF moves the idle end (GET /session does not).
      found.session.idleExpiresAt = Date.now() + (options.idleMs ?? 1_800_000);
      const upstream: UpstreamRequest = {
        name: api[1]!,
        method,
        path: (api[2] ?? '/') + at.search,
        headers: req.headers,
        body,
        session: found.session,
      };
      upstreamRequests.push(upstream);
      const answer = await bff.upstream(upstream);
      return {
        status: answer.status,
        headers: { 'content-type': 'application/json', ...answer.headers },
        body: answer.body === undefined ? '' : JSON.stringify(answer.body),
      };
    }
    return json(404, { error: 'not_found' });
  }

  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const failWith = bff.failWith;
      const answer = failWith
        ? Promise.resolve(json(failWith, { error: 'server_error' }))
        : route(req, Buffer.concat(chunks).toString('utf8'));
      answer.then(
        ({ status, headers, body }) => res.writeHead(status, headers).end(body),
        () => res.writeHead(500).end(),
      );
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return bff;
}

export type FakeBff = Awaited<ReturnType<typeof startFakeBff>>;
