// The real local IdP (apps/idp, oidc-provider) for tests, started in-process on 127.0.0.1 with port 0,
// and what tests need to talk to it: the demo users, the client ids, and the helpers that drive its
// login pages over HTTP. Tests reach the IdP through this module, never by importing the app.
import {
  BFF_CLIENT_ID,
  DEFAULT_DASHBOARD_POST_LOGOUT_REDIRECT_URIS,
  DEFAULT_DASHBOARD_REDIRECT_URIS,
  generateBffClientKeys,
  start,
  type BffClientOptions,
  type IdpOptions,
  type PublicJwks,
  type RunningIdp,
} from '@sesame/idp';
import type { TokenRequestDpop } from '@sesame/idp/testing';
import type { JWK } from 'jose';
import { signDpopProof, type DpopHolder } from './dpop-client';

export {
  BANK_API_CLIENT_ID,
  BANK_API_CLIENT_SECRET,
  BFF_CLIENT_ID,
  DASHBOARD_CLIENT_ID,
  DEFAULT_DASHBOARD_SCOPE,
  DEMO_USERS,
  generateBffClientKeys,
  type IdpOptions,
  type PublicJwks,
  type RunningIdp,
} from '@sesame/idp';
export {
  completeLogin,
  CookieJar,
  obtainBffTokens,
  obtainTokens,
  privateKeyJwt,
  pushedAuthorization,
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

/** The BFF client (`bank-bff`) a test registers at the real IdP. */
export interface TestBffOptions {
  /** The BFF's callback, e.g. `${bff.url}/bff/callback`: the only redirect URI registered. */
  redirectUri: string;
  /** Where the IdP may send the browser after sign-out. Default: the redirect URI's origin + `/`. */
  postLogoutRedirectUri?: string;
  /** The BFF's public keys. Default: a new key pair, whose private half comes back as `privateJwk`. */
  publicJwks?: PublicJwks;
  /** Algorithm of a generated key pair. Default `'ES256'`. */
  alg?: 'ES256' | 'PS256';
}

/** What a BFF under test needs to be `bank-bff` at the real IdP. */
export interface TestBffClient {
  clientId: typeof BFF_CLIENT_ID;
  redirectUri: string;
  postLogoutRedirectUri: string;
  publicJwks: PublicJwks;
  /** The private key for `private_key_jwt` (with `kid` and `alg`); undefined when `publicJwks` was given. */
  privateJwk: (JWK & { kid: string; alg: string }) | undefined;
}

/** Fills in {@link TestBffOptions}' defaults, generating the key pair when no public keys are given. */
export async function testBffClient(options: TestBffOptions): Promise<TestBffClient> {
  const keys = options.publicJwks
    ? { publicJwks: options.publicJwks, privateJwk: undefined }
    : await generateBffClientKeys(options.alg);
  return {
    clientId: BFF_CLIENT_ID,
    redirectUri: options.redirectUri,
    postLogoutRedirectUri:
      options.postLogoutRedirectUri ?? `${new URL(options.redirectUri).origin}/`,
    publicJwks: keys.publicJwks,
    privateJwk: keys.privateJwk,
  };
}

/** The IdP's `bff` option registering `client`. */
export function bffIdpOption(client: TestBffClient): BffClientOptions {
  return {
    publicJwks: client.publicJwks,
    redirectUris: [client.redirectUri],
    postLogoutRedirectUris: [client.postLogoutRedirectUri],
  };
}

/**
 * Starts the real IdP (as {@link startIdp}, with `idp` options) with the BFF client registered: a
 * confidential client with `private_key_jwt`, PAR required, DPoP-bound tokens, FAPI 2.0.
 *
 * @example
 * const { idp, bff } = await startIdpWithBff({ redirectUri: 'http://127.0.0.1:3100/bff/callback' });
 * // createBff({ issuer: idp.issuer, clientId: bff.clientId, privateJwk: bff.privateJwk, ... })
 */
export async function startIdpWithBff(
  options: TestBffOptions & { idp?: Omit<IdpOptions, 'bff'> },
): Promise<{ idp: RunningIdp; bff: TestBffClient }> {
  const { idp: idpOptions, ...bffOptions } = options;
  const bff = await testBffClient(bffOptions);
  const idp = await startIdp({ ...idpOptions, bff: bffIdpOption(bff) });
  return { idp, bff };
}
