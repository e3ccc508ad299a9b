/**
 * Resource indicator (RFC 8707) of the bank API. It is an identifier only: nothing ever connects to it.
 * JWT access tokens for the dashboard carry it as `aud`.
 */
export const BANK_API_AUDIENCE = 'https://bank.sesame.test/api';

/** The demo single-page app: a public client (no secret) using code + PKCE and rotating refresh tokens. */
export const DASHBOARD_CLIENT_ID = 'bank-dashboard';

/**
 * The dashboard's backend-for-frontend (BFF mode): a confidential client authenticating with
 * `private_key_jwt`, registered only when the IdP starts with the `bff` option (`--bff-jwks`).
 */
export const BFF_CLIENT_ID = 'bank-bff';

/** The bank API as an OAuth client: confidential, used only to call the introspection endpoint. */
export const BANK_API_CLIENT_ID = 'bank-api';

/**
 * The bank API's fixed demo secret for introspection (client_secret_basic or client_secret_post).
 * A demo value known to everyone: never reuse it outside this local IdP.
 */
export const BANK_API_CLIENT_SECRET = 'bank-api-demo-secret-not-for-production-use';

/** Scopes the bank API understands. `profile` is also accepted by the API (see {@link BANK_API_SCOPES}). */
export const API_SCOPES = ['accounts:read', 'transfers:write', 'cards:write'] as const;

/** One of {@link API_SCOPES}. */
export type ApiScope = (typeof API_SCOPES)[number];

/**
 * Every scope an access token for the bank API may carry: the API scopes plus `profile`, which lets the
 * API show the customer's own name.
 */
export const BANK_API_SCOPES = ['profile', ...API_SCOPES] as const;

/**
 * Resource indicator (RFC 8707) of the investments API (apps/invest-api), a second resource server with
 * its own audience: its tokens never work at the bank API, and the bank's never work there.
 */
export const INVEST_API_AUDIENCE = 'https://invest.sesame.test/api';

/**
 * Scopes the investments API understands; an access token for it carries only these.
 * `portfolio:trade` has no endpoint yet: it exists so entitlements differ between customers.
 */
export const INVEST_API_SCOPES = ['portfolio:read', 'portfolio:trade'] as const;

/** One of {@link INVEST_API_SCOPES}. */
export type InvestApiScope = (typeof INVEST_API_SCOPES)[number];

/** A scope a customer must be entitled to (see `DemoUser.apiScopes`): any API's own scopes. */
export type EntitledScope = ApiScope | InvestApiScope;

/** Every scope that needs an entitlement, whichever API it belongs to. */
export const ENTITLED_SCOPES: readonly EntitledScope[] = [...API_SCOPES, ...INVEST_API_SCOPES];

/** The scope the dashboard asks for by default: identity claims plus every API scope. */
export const DEFAULT_DASHBOARD_SCOPE = ['openid', 'profile', 'email', ...API_SCOPES].join(' ');

/** Default port of the CLI and of `start()` when no port is given. */
export const DEFAULT_PORT = 4000;

export const DEFAULT_DASHBOARD_REDIRECT_URIS: readonly string[] = [
  'http://127.0.0.1:5173/callback',
  'http://localhost:5173/callback',
];

export const DEFAULT_DASHBOARD_POST_LOGOUT_REDIRECT_URIS: readonly string[] = [
  'http://127.0.0.1:5173/',
  'http://localhost:5173/',
];

/** Where the BFF of the demo (same origin as the dashboard) receives the authorization response. */
export const DEFAULT_BFF_REDIRECT_URIS: readonly string[] = [
  'http://127.0.0.1:5173/bff/callback',
  'http://localhost:5173/bff/callback',
];

export const DEFAULT_BFF_POST_LOGOUT_REDIRECT_URIS: readonly string[] =
  DEFAULT_DASHBOARD_POST_LOGOUT_REDIRECT_URIS;
