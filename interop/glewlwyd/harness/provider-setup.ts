// Configures a fresh Glewlwyd as the suite's OpenID Provider through its admin REST API: scopes,
// demo users, one OIDC plugin instance and a public client for the test app. The parameter names
// are Glewlwyd 2.7's (its admin web app's defaults for a new instance are in webapp/admin.js).
import { generateKeyPairSync } from 'node:crypto';
import type { GlewlwydAdmin } from './admin-api';

/** The OIDC plugin instance's name: its endpoints live under `<external_url>/api/<name>`. */
export const PLUGIN_NAME = 'oidc';
export const CLIENT_ID = 'sesame-interop';
export const SCOPES = ['openid', 'profile', 'email', 'accounts:read'] as const;

export interface DemoUser {
  readonly username: string;
  readonly password: string;
  readonly name: string;
  readonly email: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'jane', password: 'interop-Jane-42', name: 'Jane Doe', email: 'jane@bank.test' },
  { username: 'john', password: 'interop-John-42', name: 'John Smith', email: 'john@bank.test' },
];

export interface ProviderSettings {
  /** The issuer (`<external_url>/api/oidc`). */
  issuer: string;
  /** The bank API's audience, granted with `accounts:read` as an RFC 8707 resource. */
  audience: string;
  /** Exact redirect URI of the test app (with a path: a path-less one crashes Glewlwyd 2.7.5). */
  redirectUri: string;
  postLogoutRedirectUri: string;
  accessTokenSeconds: number;
  /** RFC 7009 revocation (and introspection) endpoints; Glewlwyd lets only confidential clients in. */
  revocation: boolean;
}

function signingKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** The OIDC plugin's parameters: admin.js's defaults where they are what we want, the rest set. */
export function oidcPluginParameters(settings: ProviderSettings): Record<string, unknown> {
  return {
    iss: settings.issuer,
    // ES256 with a key made for this run; access tokens are JWTs with `typ: at+jwt`.
    'jwt-type': 'ecdsa',
    'jwt-key-size': '256',
    ...signingKey(),
    'jwks-show': true,
    'access-token-duration': settings.accessTokenSeconds,
    'refresh-token-duration': 1_209_600,
    'code-duration': 600,
    // Rotation: each refresh token works once, and a reused one disables the chain.
    'refresh-token-rolling': true,
    'refresh-token-one-use': 'always',
    'client-refresh-token-one-use-parameter': 'refresh-token-one-use',
    'allow-non-oidc': false,
    'auth-type-code-enabled': true,
    'auth-type-code-revoke-replayed': true,
    'auth-type-token-enabled': false,
    'auth-type-id-token-enabled': true,
    'auth-type-none-enabled': false,
    'auth-type-password-enabled': false,
    'auth-type-client-enabled': false,
    'auth-type-device-enabled': false,
    'auth-type-refresh-enabled': true,
    scope: [],
    'additional-parameters': [],
    claims: [],
    'request-parameter-allow': false,
    'address-claim': { type: 'no', mandatory: false },
    // Profile claims for the scopes that ask for them (OIDC Core §5.4).
    'name-claim': 'on-demand',
    'name-claim-scope': ['profile'],
    'email-claim': 'on-demand',
    'email-claim-scope': ['email'],
    'scope-claim': 'no',
    'scope-claim-scope': [],
    'allowed-scope': [...SCOPES],
    // PKCE: S256 only, and required of public clients.
    'pkce-allowed': true,
    'pkce-method-plain-allowed': false,
    'pkce-required': false,
    'pkce-required-public-client': true,
    'pkce-scopes': [],
    'introspection-revocation-allowed': settings.revocation,
    'introspection-revocation-auth-scope': [],
    'introspection-revocation-allow-target-client': true,
    'register-client-allowed': false,
    // Session management gives the end_session endpoint (RP-initiated logout) and `sid`.
    'session-management-allowed': true,
    'session-cookie-name': 'GLEWLWYD2_OIDC_SID',
    'session-cookie-expiration': 2_419_200,
    // Glewlwyd's end-session page lists the session's clients through an endpoint that answers 400
    // unless front-channel logout is allowed: without it the "Logout" button fails.
    'front-channel-logout-allowed': true,
    'back-channel-logout-allowed': false,
    // RFC 8707: `accounts:read` may name the bank API as the access token's audience.
    'resource-allowed': true,
    'resource-scope': { 'accounts:read': [settings.audience] },
    'resource-client-property': '',
    'resource-scope-and-client-property': false,
    // RFC 9207: `iss` in the authorization response.
    'oauth-as-iss-id': true,
    'oauth-dpop-allowed': false,
    'oauth-par-allowed': false,
    'oauth-ciba-allowed': false,
    'oauth-rar-allowed': false,
    'encrypt-out-token-allow': false,
    'request-maximum-exp': 3600,
  };
}

async function createScopes(admin: GlewlwydAdmin) {
  // `openid` exists in the schema without a password requirement; every scope here needs one.
  for (const name of SCOPES) {
    const scope = {
      name,
      display_name: name,
      description: `Sesame interop: ${name}`,
      password_required: true,
      password_max_age: 0,
      scheme: {},
    };
    if (name === 'openid') await admin.put(`/scope/${name}`, scope);
    else await admin.post('/scope/', scope);
  }
}

async function createUsers(admin: GlewlwydAdmin) {
  for (const user of DEMO_USERS) {
    await admin.post('/user/', { ...user, scope: [...SCOPES], enabled: true });
  }
}

/**
 * The plugin reads `post_logout_redirect_uris` (an array), but the client module's default data
 * format and the admin UI only know a single-valued `post_logout_redirect_uri`: add the array.
 */
async function addPostLogoutUrisToClientFormat(admin: GlewlwydAdmin) {
  const module = await admin.get<{
    display_name: string;
    order_rank: number;
    readonly: boolean;
    parameters: { 'data-format': Record<string, unknown> };
  }>('/mod/client/database');
  module.parameters['data-format'].post_logout_redirect_uris = {
    multiple: true,
    read: true,
    write: true,
  };
  await admin.put('/mod/client/database', {
    display_name: module.display_name,
    order_rank: module.order_rank,
    readonly: module.readonly,
    parameters: module.parameters,
  });
  await admin.put('/mod/client/database/reset');
}

async function createClient(admin: GlewlwydAdmin, settings: ProviderSettings) {
  await admin.post('/client/', {
    client_id: CLIENT_ID,
    name: 'Sesame interop test app',
    description: 'A public browser client (code + PKCE, rotating refresh tokens)',
    confidential: false,
    enabled: true,
    scope: [],
    redirect_uri: [settings.redirectUri],
    authorization_type: ['code', 'refresh_token'],
    token_endpoint_auth_method: ['none'],
    post_logout_redirect_uris: [settings.postLogoutRedirectUri],
  });
}

/** Everything the suite needs, on a Glewlwyd started with an empty (schema-only) database. */
export async function configureProvider(admin: GlewlwydAdmin, settings: ProviderSettings) {
  await createScopes(admin);
  await createUsers(admin);
  await admin.post('/mod/plugin/', {
    module: 'oidc',
    name: PLUGIN_NAME,
    display_name: 'Sesame interop OpenID Provider',
    parameters: oidcPluginParameters(settings),
    order_rank: 0,
    readonly: false,
  });
  await addPostLogoutUrisToClientFormat(admin);
  await createClient(admin, settings);
}
