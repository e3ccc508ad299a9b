import { performance } from 'node:perf_hooks';
import type { Context, Middleware, Next } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { grantTypeKey, type IdpCounters } from './counters';

export interface ObserveDeps {
  log: (line: string) => void;
  counters: IdpCounters;
}

// Values from the request are logged only when they look like what they claim to be, so nobody can
// write arbitrary text (or a token pasted into a client_id) into the log.
const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const SAFE_ERROR = /^[a-z_]{1,64}$/;

const safe = (value: unknown, pattern: RegExp): string | undefined =>
  typeof value === 'string' && pattern.test(value) ? value : undefined;

interface OidcView {
  route: string | undefined;
  clientId: string | undefined;
  grantType: unknown;
  /** The audience of the access token this request issued, if it issued one. */
  accessTokenAudience: string | undefined;
}

function audienceOf(token: unknown): string | undefined {
  if (token === undefined || token === null) return undefined;
  const { aud } = token as { aud?: unknown };
  return typeof aud === 'string' ? aud : '-';
}

function oidcView(ctx: Context): OidcView {
  const oidc = (ctx as unknown as Partial<KoaContextWithOIDC>).oidc;
  const state = ctx.state as { clientId?: unknown };
  return {
    route: oidc?.route,
    clientId: oidc?.client?.clientId ?? safe(state.clientId, SAFE_ID),
    grantType: oidc?.params?.grant_type,
    accessTokenAudience: audienceOf(oidc?.entities?.AccessToken),
  };
}

/** The OAuth error code of a response: a JSON `error`, an error page, or an `error` in a redirect. */
function oauthError(ctx: Context): string | undefined {
  const body = ctx.body as { error?: unknown } | undefined;
  if (body && typeof body === 'object' && !Buffer.isBuffer(body)) {
    const fromBody = safe(body.error, SAFE_ERROR);
    if (fromBody) return fromBody;
  }
  const fromPage = safe((ctx.state as { oauthError?: unknown }).oauthError, SAFE_ERROR);
  if (fromPage) return fromPage;
  const location = ctx.response.get('location');
  if (location) {
    const url = URL.parse(location, 'http://relative.invalid');
    const fromQuery = url?.searchParams.get('error');
    const fromFragment = new URLSearchParams(url?.hash.slice(1) ?? '').get('error');
    return safe(fromQuery ?? fromFragment, SAFE_ERROR);
  }
  return undefined;
}

function count(counters: IdpCounters, view: OidcView, status: number, error: string | undefined) {
  switch (view.route) {
    case 'token':
      counters.tokenRequests[grantTypeKey(view.grantType)] += 1;
      if (status === 200 && view.accessTokenAudience !== undefined) {
        const byResource = counters.accessTokensByResource;
        byResource[view.accessTokenAudience] = (byResource[view.accessTokenAudience] ?? 0) + 1;
      }
      if (status >= 400 && error)
        counters.tokenErrors[error] = (counters.tokenErrors[error] ?? 0) + 1;
      break;
    case 'revocation':
      if (status === 200) counters.revocations += 1;
      break;
    case 'introspection':
      if (status === 200) counters.introspections += 1;
      break;
    case 'authorization':
      counters.authorizations += 1;
      break;
    case 'end_session':
      counters.endSessions += 1;
      break;
  }
}

/**
 * One log line per request: method, path (never the query string, which can hold a code), status,
 * client, OAuth error code, duration. Never a token, a code, a password or a cookie. Also counts
 * requests per endpoint for {@link IdpCounters}.
 */
export function observe(deps: ObserveDeps): Middleware {
  return async function observeRequest(ctx: Context, next: Next) {
    const started = performance.now();
    let thrown: unknown;
    try {
      await next();
    } catch (error) {
      thrown = error;
      throw error;
    } finally {
      const status =
        thrown === undefined ? ctx.status : ((thrown as { status?: number }).status ?? 500);
      const view = oidcView(ctx);
      const error = oauthError(ctx);
      count(deps.counters, view, status, error);
      const ms = Math.round(performance.now() - started);
      const path = ctx.path.length > 200 ? `${ctx.path.slice(0, 200)}…` : ctx.path;
      deps.log(
        `${ctx.method} ${path} ${status} client=${view.clientId ?? '-'}` +
          `${error ? ` error=${error}` : ''} ${ms}ms`,
      );
    }
  };
}
