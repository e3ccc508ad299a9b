// POST {prefix}/backchannel-logout: OpenID Connect Back-Channel Logout 1.0. The IdP, server to server,
// posts a logout_token when an IdP session ends; the BFF checks it (logout-token.ts), refuses a `jti`
// it has seen, and ends every session of that IdP session (`sid`), or of that user (`sub` alone), on
// every replica: they are found through the store (session-index.ts). No CSRF header: no browser
// sends this, and the signed token is the request's only authority. 200 on success (also when no
// session matched: "already logged out" counts as success, §2.7); 400 `invalid_request` for anything
// malformed or invalid (§2.8), with no session ended.
import type { BffContext } from '../context';
import { readLimitedBody } from '../body';
import { BffError } from '../errors';
import { verifyLogoutToken, type LogoutClaims } from '../logout-token';
import { oauthJsonError, SECURITY_HEADERS } from '../responses';
import { logoutJtiKey } from '../session-record';

/** A logout token is a few hundred bytes; the form is refused well before anything large is read. */
const MAX_BODY_BYTES = 16 * 1024;

const invalid = (message: string) => new BffError('logout_token_invalid', message, { status: 400 });

/** The one `logout_token` of an `application/x-www-form-urlencoded` body, or the reason there is none. */
async function readLogoutToken(request: Request): Promise<string | BffError> {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    return invalid('The body must be application/x-www-form-urlencoded.');
  }
  const read = await readLimitedBody(request, MAX_BODY_BYTES);
  if (!read.ok) return invalid('The body is too large.');
  const form = new URLSearchParams(new TextDecoder().decode(read.body));
  const tokens = form.getAll('logout_token');
  if (tokens.length !== 1 || tokens[0] === '') {
    return invalid('The body must carry exactly one logout_token.');
  }
  return tokens[0] as string;
}

/**
 * Ends the sessions the token names, unless its `jti` was seen: the check, the logout and the record
 * of the `jti` run alone for that `jti` on every replica, and the `jti` is recorded only once the
 * sessions are gone, so a logout that failed (the store down) can be sent again.
 */
async function endOnce(context: BffContext, claims: LogoutClaims): Promise<number | BffError> {
  const { sessions, options } = context;
  const store = options.sessionStore;
  const key = logoutJtiKey(claims.iss, claims.jti);
  return sessions.exclusive(key, async () => {
    if ((await store.get(key)) !== undefined) return invalid('This logout token was already used.');
    const ended = await sessions.endFor(claims);
    await store.set(key, { v: 1 }, Math.max(1000, claims.replayableUntil * 1000 - Date.now()));
    return ended;
  });
}

export async function backchannelLogout(request: Request, context: BffContext): Promise<Response> {
  const token = await readLogoutToken(request);
  if (token instanceof BffError) return oauthJsonError(token, 'invalid_request');
  let claims: LogoutClaims;
  try {
    claims = await verifyLogoutToken(token, await context.idp.logoutTokenChecks());
  } catch (error) {
    if (error instanceof BffError && error.code === 'logout_token_invalid') {
      return oauthJsonError(error, 'invalid_request');
    }
    throw error; // the IdP's keys unavailable (502), discovery failed: answered as JSON by createBff
  }
  const ended = await endOnce(context, claims);
  if (ended instanceof BffError) return oauthJsonError(ended, 'invalid_request');
  context.options.log(
    `@sesame/bff: back-channel logout by ${claims.sid !== undefined ? 'sid' : 'sub'}: ${ended} session(s) ended`,
  );
  return new Response(null, { status: 200, headers: SECURITY_HEADERS });
}
