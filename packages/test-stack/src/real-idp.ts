// The real local IdP (apps/idp, oidc-provider) for tests, started in-process on 127.0.0.1 with port 0,
// and what tests need to talk to it: the demo users, the client ids, and the helpers that drive its
// login pages over HTTP. Tests reach the IdP through this module, never by importing the app.
import {
  DEFAULT_DASHBOARD_POST_LOGOUT_REDIRECT_URIS,
  DEFAULT_DASHBOARD_REDIRECT_URIS,
  start,
  type IdpOptions,
  type RunningIdp,
} from '@sesame/idp';
import type { TokenRequestDpop } from '@sesame/idp/testing';
import { signDpopProof, type DpopHolder } from './dpop-client';

export {
  BANK_API_CLIENT_ID,
  BANK_API_CLIENT_SECRET,
  DASHBOARD_CLIENT_ID,
  DEFAULT_DASHBOARD_SCOPE,
  DEMO_USERS,
  type IdpOptions,
  type RunningIdp,
} from '@sesame/idp';
export {
  completeLogin,
  obtainTokens,
  refreshTokens,
  TokenRequestError,
  type CompleteLoginOptions,
  type TokenRequestDpop,
  type TokenSet,
} from '@sesame/idp/testing';

/** The origin the tests' dashboard app pretends to live at (jsdom's address bar). */
export const APP = 'http://localhost:3000';

/** Demo users by first name, with the credentials the IdP's login page takes. */
export const USERS = {
  jane: { login: 'jane.doe', password: 'sesame' },
  john: { login: 'john.smith', password: 'sesame' },
  ann: { login: 'ann.viewer', password: 'sesame' },
} as const;
export type DemoUserName = keyof typeof USERS;

/**
 * Proofs for `obtainTokens` / `refreshTokens`' `dpop` option, signed by a DPoP client's key: the
 * tokens come back bound to it. They retry once with the IdP's nonce when it asks for one
 * (`startIdp({ dpopNonce: true })`).
 *
 * @example
 * const holder = await newDpopHolder();
 * const tokens = await obtainTokens({ issuer: idp.issuer, user: USERS.jane, dpop: tokenRequestDpop(holder) });
 */
export function tokenRequestDpop(holder: DpopHolder): TokenRequestDpop {
  return {
    // A token request presents no access token; oidc-provider ignores the `ath` of the empty one.
    sign: (htu, nonce) =>
      signDpopProof(holder, '', htu, { htm: 'POST', ...(nonce === undefined ? {} : { nonce }) }),
  };
}

/**
 * Starts the real IdP on 127.0.0.1, port 0. The dashboard client may come back to {@link APP}
 * (`/callback`, `/app/callback`; `APP/` after sign-out) besides the IdP's own defaults, which
 * `obtainTokens` uses; `options` override any of it (`dpop: true` requires DPoP of the dashboard
 * client, `dpopNonce: true` server nonces at the token endpoint).
 */
export function startIdp(options: IdpOptions = {}): Promise<RunningIdp> {
  return start({
    port: 0,
    dashboardRedirectUris: [
      ...DEFAULT_DASHBOARD_REDIRECT_URIS,
      `${APP}/callback`,
      `${APP}/app/callback`,
    ],
    dashboardPostLogoutRedirectUris: [...DEFAULT_DASHBOARD_POST_LOGOUT_REDIRECT_URIS, `${APP}/`],
    ...options,
  });
}
