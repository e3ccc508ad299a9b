import type { Context, Middleware, Next } from 'koa';
import { FormBodyError, readFormBody } from './form-body';

/**
 * RP-initiated logout by POST at `path`, oidc-provider's end-session endpoint. RP-Initiated Logout
 * 1.0 §2 has OpenID Providers accept GET and POST there; Sesame posts, so the ID token it sends as
 * `id_token_hint` stays out of URLs, browser history and this server's log.
 *
 * oidc-provider routes that POST only with `enableHttpPostMethods`, which it allows only with
 * `SameSite=None` session cookies (a cross-site POST carries no `Lax` cookie), and browsers keep
 * those only when `Secure`, which Koa does not set over this IdP's plain-http loopback origin. The
 * demo app and this IdP are on the same site (127.0.0.1 / localhost), so the `Lax` session cookie
 * travels with the POST anyway: the posted form is handed to oidc-provider's own end-session handler
 * as its parameters, for this request and in memory only. An oidc-provider on https would set
 * `enableHttpPostMethods` and `cookies.long.sameSite: 'none'` instead.
 */
export function postedLogout(path: string): Middleware {
  return async function acceptPostedLogout(ctx: Context, next: Next) {
    if (ctx.method !== 'POST' || ctx.path !== path) return next();
    let form: URLSearchParams;
    try {
      form = await readFormBody(ctx.req);
    } catch (error) {
      if (!(error instanceof FormBodyError)) throw error;
      ctx.status = error.status;
      ctx.body = error.message;
      return;
    }
    ctx.method = 'GET';
    ctx.querystring = form.toString();
    try {
      await next();
    } finally {
      // Whatever runs after (the request log) sees the request as it came: a POST, no query.
      ctx.method = 'POST';
      ctx.querystring = '';
    }
  };
}
