// createBff: one handler in the Fetch API shape for every endpoint under the prefix. It routes,
// applies the CSRF check to every route that reads the session, turns any unexpected failure into a
// 500 without details, and writes one log line per request.
import type { BffContext, BffRequestInfo } from './context';
import { csrfFailure } from './csrf';
import { DpopHandles } from './dpop-keys';
import { BffError } from './errors';
import { Idp } from './idp';
import { KeyedLock } from './keyed-lock';
import { requestLine } from './log';
import { resolveOptions, type BffOptions } from './options';
import { errorNoteOf, errorPage, internalError, jsonError } from './responses';
import { backchannelLogout } from './routes/backchannel-logout';
import { callback } from './routes/callback';
import { login } from './routes/login';
import { logout } from './routes/logout';
import { proxy } from './routes/proxy';
import { session } from './routes/session';
import { Sessions } from './sessions';

export type { BffRequestInfo } from './context';

/** The BFF: a Fetch API handler, with what adapters need to know to mount it. */
export interface Bff {
  (request: Request, info?: BffRequestInfo): Promise<Response>;
  /** The path the endpoints live under, e.g. `/bff`. */
  readonly prefix: string;
  /** Whether a request path is the BFF's (the prefix or below it); adapters pass the rest on. */
  handles(pathname: string): boolean;
}

type Route = (request: Request, context: BffContext, info: BffRequestInfo) => Promise<Response>;

interface RouteEntry {
  method: string;
  /** Whether the CSRF check (custom header + Origin) applies. */
  csrf: boolean;
  run: Route;
}

const ROUTES: Readonly<Record<string, RouteEntry>> = {
  '/login': { method: 'GET', csrf: false, run: login },
  '/callback': { method: 'GET', csrf: false, run: callback },
  '/session': { method: 'GET', csrf: true, run: session },
  '/logout': { method: 'POST', csrf: true, run: logout },
  // Server to server from the IdP, no browser: the signed logout token is its authority (and no
  // browser session is read or named by the request itself).
  '/backchannel-logout': { method: 'POST', csrf: false, run: backchannelLogout },
};

/** The route for a path below the prefix; `/api/...` answers every method. */
function findRoute(subPath: string, method: string): RouteEntry | BffError {
  if (subPath === '/api' || subPath.startsWith('/api/')) {
    return { method, csrf: true, run: proxy };
  }
  const entry = Object.hasOwn(ROUTES, subPath) ? ROUTES[subPath] : undefined;
  if (!entry) return new BffError('not_found', 'No BFF endpoint at this path.', { status: 404 });
  if (entry.method !== method) {
    return new BffError('method_not_allowed', `This endpoint answers ${entry.method} only.`, {
      status: 405,
    });
  }
  return entry;
}

/**
 * Creates the backend-for-frontend: sign-in (`{prefix}/login`, `{prefix}/callback`), the session
 * (`{prefix}/session`), sign-out (`{prefix}/logout`), back-channel logout from the IdP
 * (`{prefix}/backchannel-logout`) and the API proxy (`{prefix}/api/<name>/…`).
 * Options are checked at once (a {@link BffError} `invalid_options` says what to fix); the IdP is
 * discovered on the first request that needs it.
 *
 * @example
 * const bff = createBff({
 *   issuer: 'https://idp.bank.example',
 *   clientId: 'bank-bff',
 *   clientPrivateKey: JSON.parse(process.env.BFF_CLIENT_KEY!),
 *   redirectUri: 'https://bank.example/bff/callback',
 *   allowedOrigins: ['https://bank.example'],
 *   scope: 'openid profile accounts:read',
 *   resource: 'https://api.bank.example',
 *   apis: { bank: { url: 'https://api.bank.example' } },
 * });
 * // Fetch API servers (Hono, Deno, Bun...): app.all('/bff/*', (c) => bff(c.req.raw))
 * // node:http and Express: app.use(toNodeHandler(bff))
 */
export function createBff(options: BffOptions): Bff {
  const resolved = resolveOptions(options);
  const handles = new DpopHandles();
  const context: BffContext = {
    options: resolved,
    idp: new Idp(resolved),
    sessions: new Sessions(resolved, new KeyedLock(), handles),
    handles,
  };
  const { prefix } = resolved;
  const isBffPath = (pathname: string): boolean =>
    pathname === prefix || pathname.startsWith(`${prefix}/`);
  const isNavigation = (pathname: string): boolean =>
    pathname === `${prefix}/login` || pathname === `${prefix}/callback`;

  async function respond(request: Request, url: URL, info: BffRequestInfo): Promise<Response> {
    const method = request.method.toUpperCase();
    const route = isBffPath(url.pathname)
      ? findRoute(url.pathname.slice(prefix.length), method)
      : new BffError('not_found', 'No BFF endpoint at this path.', { status: 404 });
    if (route instanceof BffError) {
      const allowed =
        route.code === 'method_not_allowed' ? ROUTES[url.pathname.slice(prefix.length)] : undefined;
      return jsonError(route, allowed ? { allow: allowed.method } : undefined);
    }
    if (route.csrf) {
      const failure = csrfFailure(method, request.headers, resolved.allowedOrigins);
      if (failure !== undefined) {
        return jsonError(new BffError('csrf_failed', failure, { status: 403 }));
      }
    }
    return route.run(request, context, info);
  }

  const bff = async (request: Request, info: BffRequestInfo = {}): Promise<Response> => {
    const started = performance.now();
    const url = new URL(request.url);
    let response: Response;
    try {
      response = await respond(request, url, info);
    } catch (error) {
      // A route may throw a BffError (an IdP that cannot be discovered, a session store that is
      // down...): it answers as JSON, or as an error page on the top-level navigations.
      if (!(error instanceof BffError)) response = internalError(error);
      else response = isNavigation(url.pathname) ? errorPage(error) : jsonError(error);
    }
    const note = errorNoteOf(response);
    resolved.log(
      requestLine(
        request.method,
        url.pathname,
        response.status,
        performance.now() - started,
        note?.code,
        note?.cause,
      ),
    );
    return response;
  };
  return Object.assign(bff, { prefix, handles: isBffPath });
}
