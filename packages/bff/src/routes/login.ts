// GET {prefix}/login?returnTo=: a FAPI 2.0-shaped authorization request. The parameters go to the
// IdP over a back channel (PAR, client-authenticated with private_key_jwt, with a DPoP proof that
// binds the code to this sign-in's key); the browser is sent on with only client_id and
// request_uri. State, nonce and PKCE verifier stay on the server, tied to this browser by a cookie.
import * as oidc from 'openid-client';
import type { BffContext } from '../context';
import { loginCookie, readCookie } from '../cookies';
import { newDpopKey } from '../dpop-keys';
import { BffError } from '../errors';
import { idpFailure, idpUnavailable } from '../idp-errors';
import { errorPage, redirect } from '../responses';
import { safeReturnTo } from '../return-to';
import {
  digest,
  isWellFormedId,
  LOGIN_TTL_MS,
  loginKey,
  randomId,
  type PendingLogin,
} from '../session-record';

const PROMPTS = new Set(['none', 'login', 'consent', 'select_account']);

export async function login(request: Request, context: BffContext): Promise<Response> {
  const { options, idp } = context;
  const params = new URL(request.url).searchParams;
  const returnTo = safeReturnTo(params.get('returnTo'), options.prefix);
  if (returnTo === undefined) {
    return errorPage(
      new BffError('return_to_invalid', 'returnTo must be a path on this origin.', { status: 400 }),
    );
  }
  const extra: Record<string, string> = {};
  const prompt = params.get('prompt');
  if (prompt !== null && PROMPTS.has(prompt)) extra.prompt = prompt;
  const loginHint = params.get('login_hint');
  if (loginHint !== null && loginHint.length <= 256) extra.login_hint = loginHint;

  let configs;
  try {
    configs = await idp.configs();
  } catch (error) {
    return errorPage(error instanceof BffError ? error : idpUnavailable(error));
  }
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const dpopKey = await newDpopKey();
  const authorizationParams: Record<string, string> = {
    redirect_uri: options.redirectUri.href,
    scope: options.scope,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  };
  const parameters = new URLSearchParams(authorizationParams);
  for (const resource of options.resource) parameters.append('resource', resource);
  let authorizationUrl: URL;
  try {
    authorizationUrl = await oidc.buildAuthorizationUrlWithPAR(configs.idp, parameters, {
      DPoP: oidc.getDPoPHandle(configs.idp, dpopKey.keyPair),
    });
  } catch (error) {
    return errorPage(
      idpFailure(error) === 'unavailable'
        ? idpUnavailable(error)
        : error instanceof oidc.ResponseBodyError && error.error === 'invalid_target'
          ? new BffError('resource_refused', 'The IdP refused a resource of the sign-in.', {
              status: 502,
              cause: error,
            })
          : new BffError('login_failed', 'The IdP refused the pushed authorization request.', {
              status: 502,
              cause: error,
            }),
    );
  }

  // The browser binding: reused while a sign-in cookie lives, so two tabs can sign in at once.
  const existing = readCookie(request.headers.get('cookie'), options.loginCookieName);
  const browserId = isWellFormedId(existing) ? existing : randomId();
  const now = Date.now();
  const pending: PendingLogin = {
    v: 1,
    browser: digest(browserId),
    state,
    nonce,
    codeVerifier,
    returnTo,
    dpopKey: dpopKey.record,
    createdAt: now,
  };
  await options.sessionStore.set(loginKey(state), pending, LOGIN_TTL_MS);
  return redirect(authorizationUrl.href, {
    'set-cookie': loginCookie(options.loginCookieName, browserId, LOGIN_TTL_MS / 1000, {
      secure: options.secureCookies,
    }),
  });
}
