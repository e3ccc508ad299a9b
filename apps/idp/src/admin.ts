import type { Context, Middleware, Next } from 'koa';
import { ownOrigin } from './own-origin';
import type { IdpCounters } from './counters';
import { findUserBySub } from './users';

/** The operations the admin endpoints expose: a subset of `RunningIdp`. */
export interface AdminOperations {
  counters(): IdpCounters;
  resetCounters(): void;
  rotateKeys(): Promise<{ newKid: string }>;
  setAccessTokenTtl(seconds: number): void;
  revokeUserTokens(sub: string): Promise<void>;
  endUserSessions(sub: string): Promise<void>;
}

const MAX_JSON_BYTES = 4 * 1024;
const USER_ROUTE = /^\/__admin\/users\/([^/]+)\/(revoke|end-session)$/;

function reply(ctx: Context, status: number, body?: unknown): void {
  ctx.status = status;
  if (body !== undefined) ctx.body = body;
  ctx.set('Cache-Control', 'no-store');
}

function fail(ctx: Context, status: number, error: string, description: string): void {
  reply(ctx, status, { error, error_description: description });
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

async function readJson(ctx: Context): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_JSON_BYTES) throw new SyntaxError('body too large');
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  return text === '' ? {} : JSON.parse(text);
}

/**
 * `/__admin/*` endpoints for tests that run the IdP in another process (e2e). Only mounted when the
 * `admin` option is on. POSTs must be `application/json` and same-origin: a web page cannot send that
 * cross-origin without a CORS preflight, which is never granted, so no site can drive these endpoints.
 */
export function adminRoutes(operations: AdminOperations): Middleware {
  return async function admin(ctx: Context, next: Next) {
    if (ctx.path !== '/__admin' && !ctx.path.startsWith('/__admin/')) return next();

    if (ctx.method === 'GET' && ctx.path === '/__admin/counters') {
      return reply(ctx, 200, operations.counters());
    }
    if (ctx.method !== 'POST') {
      return fail(ctx, 404, 'not_found', 'Unknown admin endpoint.');
    }
    if (!ctx.is('application/json')) {
      return fail(ctx, 415, 'invalid_request', 'Admin POSTs must be sent as application/json.');
    }
    const origin = ctx.get('origin');
    if (origin !== '' && origin !== ownOrigin(ctx)) {
      return fail(ctx, 403, 'access_denied', 'Cross-origin admin requests are refused.');
    }
    let body: unknown;
    try {
      body = await readJson(ctx);
    } catch {
      return fail(ctx, 400, 'invalid_request', 'The body must be a JSON object (at most 4 KB).');
    }

    if (ctx.path === '/__admin/counters/reset') {
      operations.resetCounters();
      return reply(ctx, 204);
    }
    if (ctx.path === '/__admin/rotate-keys') {
      return reply(ctx, 200, await operations.rotateKeys());
    }
    if (ctx.path === '/__admin/access-token-ttl') {
      const seconds = (body as { seconds?: unknown } | null)?.seconds;
      if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds <= 0) {
        return fail(ctx, 400, 'invalid_request', 'Send { "seconds": <positive whole number> }.');
      }
      operations.setAccessTokenTtl(seconds);
      return reply(ctx, 200, { accessTokenTtl: seconds });
    }
    const userRoute = USER_ROUTE.exec(ctx.path);
    if (userRoute) {
      const [, encodedSub = '', what] = userRoute;
      const sub = safeDecode(encodedSub);
      if (sub === undefined || !findUserBySub(sub)) {
        return fail(ctx, 404, 'not_found', 'No such user.');
      }
      await (what === 'revoke'
        ? operations.revokeUserTokens(sub)
        : operations.endUserSessions(sub));
      return reply(ctx, 204);
    }
    return fail(ctx, 404, 'not_found', 'Unknown admin endpoint.');
  };
}
