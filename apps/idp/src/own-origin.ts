import type { Context } from 'koa';

/**
 * The origin this request was addressed to (scheme + Host header). Koa 3's `ctx.origin` is not usable
 * for same-origin checks: it reflects the request's `Origin` header.
 */
export function ownOrigin(ctx: Context): string {
  return `${ctx.protocol}://${ctx.host}`;
}
