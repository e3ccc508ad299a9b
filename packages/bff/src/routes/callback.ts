// GET {prefix}/callback: the IdP's answer. The sign-in is looked up by `state` and must have been
// started in this browser; openid-client then checks `iss` (RFC 9207) and `state`, exchanges the
// code with the PKCE verifier, private_key_jwt and a DPoP proof of the sign-in's key, and
// validates the ID token (signature, iss, aud, exp, iat, nonce). A new session gets a new random
// id: nothing the browser held before names it. Any failure is an error page, never a redirect.
import * as oidc from 'openid-client';
import type { BffContext } from '../context';
import { readCookie } from '../cookies';
import { importDpopKey } from '../dpop-keys';
import { BffError } from '../errors';
import { callbackError, idpUnavailable } from '../idp-errors';
import { errorPage, redirect } from '../responses';
import {
  digest,
  isPendingLogin,
  isWellFormedId,
  loginKey,
  pickClaims,
  tokenTimes,
  type PendingLogin,
  type SessionRecord,
} from '../session-record';

const stateMismatch = () =>
  new BffError(
    'callback_state_mismatch',
    'No sign-in with this state was started in this browser, or it expired.',
    { status: 400 },
  );

/** The sign-in `state` names, taken out of the store once: a replayed callback finds nothing. */
async function takePendingLogin(
  context: BffContext,
  state: string,
): Promise<PendingLogin | undefined> {
  const store = context.options.sessionStore;
  const key = loginKey(state);
  let stored;
  if (store.take) stored = await store.take(key);
  else {
    stored = await store.get(key);
    if (stored !== undefined) await store.delete(key);
  }
  return isPendingLogin(stored) ? stored : undefined;
}

export async function callback(request: Request, context: BffContext): Promise<Response> {
  const { options, idp, sessions } = context;
  const url = new URL(request.url);
  const state = url.searchParams.get('state');
  const browserId = readCookie(request.headers.get('cookie'), options.loginCookieName);
  if (state === null || state.length > 512 || !isWellFormedId(browserId)) {
    return errorPage(stateMismatch());
  }
  const pending = await takePendingLogin(context, state);
  if (pending === undefined || pending.browser !== digest(browserId)) {
    return errorPage(stateMismatch());
  }

  let configs;
  try {
    configs = await idp.configs();
  } catch (error) {
    return errorPage(error instanceof BffError ? error : idpUnavailable(error));
  }
  // The URL registered at the IdP with the callback's query: a proxy in front of the BFF may
  // rewrite the request's own URL, and openid-client derives redirect_uri from this one.
  const callbackUrl = new URL(options.redirectUri);
  callbackUrl.search = url.search;
  // The code gives a token for one resource (oidc-provider refuses several); the other APIs' tokens
  // come from the refresh grant, on the first request to each.
  const exchangeParams: Record<string, string> =
    options.signInResource === undefined ? {} : { resource: options.signInResource };
  let tokens;
  try {
    tokens = await oidc.authorizationCodeGrant(
      configs.idp,
      callbackUrl,
      {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      },
      exchangeParams,
      { DPoP: oidc.getDPoPHandle(configs.idp, await importDpopKey(pending.dpopKey)) },
    );
  } catch (error) {
    return errorPage(callbackError(error));
  }
  if (tokens.token_type.toLowerCase() !== 'dpop') {
    return errorPage(
      new BffError('token_not_bound', 'The IdP issued an access token that is not DPoP-bound.', {
        status: 400,
      }),
    );
  }
  const idToken = tokens.claims();
  if (idToken === undefined) {
    return errorPage(new BffError('id_token_invalid', 'No ID token was issued.', { status: 400 }));
  }

  const now = Date.now();
  const times = tokenTimes(now, tokens.expiresIn(), options.refreshMarginMs);
  const session: SessionRecord = {
    v: 1,
    sub: idToken.sub,
    claims: pickClaims(idToken, options.sessionClaims),
    scopes: (tokens.scope ?? options.scope).split(' ').filter(Boolean),
    accessToken: tokens.access_token,
    accessTokenExpiresAt: times.expiresAt,
    accessTokenRefreshAt: times.refreshAt,
    refreshToken: tokens.refresh_token ?? null,
    ...(options.signInResource === undefined
      ? {}
      : { resource: options.signInResource, resources: [...options.resource] }),
    // The IdP session, which a back-channel logout names (validated with the ID token).
    ...(typeof idToken.sid === 'string' && idToken.sid !== '' ? { sid: idToken.sid } : {}),
    dpopKey: pending.dpopKey,
    createdAt: now,
    absoluteExpiresAt: now + options.absoluteTimeoutMs,
    idleExpiresAt: now + options.idleTimeoutMs,
  };
  // No fixation: the session this browser had (if any) ends, and the new one gets a fresh id.
  const previous = sessions.keyOf(request);
  if (previous !== undefined) await sessions.end(previous);
  const { cookie } = await sessions.create(session, now);
  return redirect(pending.returnTo, { 'set-cookie': cookie });
}
