import {
  OidcClient,
  WebStorageStateStore,
  type OidcMetadata,
  type SigninResponse,
} from 'oidc-client-ts';
import { toAuthError } from './classify';
import { AuthError, type AuthStep } from './errors';
import { DEV, type LogEvent } from './dev';
import type { ResolvedSettings } from './settings';
import type { DpopBinding } from './dpop';
import { webStorage, type StoredUser } from './storage';
import { tokenTimes, type TimedResponse } from './clock';
import { newGeneration } from './refresh-lock';

// RFC 9207 and RFC 8414 fields of the discovery document that oidc-client-ts's type lacks.
export type Metadata = OidcMetadata & {
  authorization_response_iss_parameter_supported?: boolean;
  revocation_endpoint_auth_methods_supported?: string[];
};

const trimSlash = (url: string) => url.replace(/\/$/, '');

/** The oidc-client-ts client with Sesame's decisions applied over the escape-hatch settings. */
export function createOidcClient(
  settings: ResolvedSettings,
  dpop: DpopBinding | undefined,
): OidcClient {
  const { client_id, resource, oidcClientSettings: extra } = settings;
  return new OidcClient({
    // A revocation's answer has no body to read, and oidc-provider sends its empty 200 as
    // text/plain. (oidc-client-ts accepts these types on the token endpoint too: a non-JSON answer
    // still fails there, as a 5xx/429 or a parse error.) An explicit escape-hatch value wins.
    revokeTokenAdditionalContentTypes: ['text/plain'],
    ...extra,
    authority: settings.authority,
    client_id,
    redirect_uri: settings.redirect_uri,
    scope: settings.scope,
    ...(settings.post_logout_redirect_uri && {
      post_logout_redirect_uri: settings.post_logout_redirect_uri,
    }),
    ...(resource && { resource }),
    dpop: dpop?.oidc, // `dpop` is not an escape-hatch key (settings.ts): nothing to keep
    ...(settings.extraQueryParams && { extraQueryParams: settings.extraQueryParams }),
    // RFC 8707 on the code exchange too; oidc-client-ts would join a list with commas, so one only.
    extraTokenParams: {
      ...(typeof resource === 'string' && { resource }),
      ...extra?.extraTokenParams,
    },
    requestTimeoutInSeconds: settings.fetchTimeoutMs / 1000,
    // Keep acr/amr/auth_time/azp/sid for step-up decisions; drop what means nothing after validation.
    filterProtocolClaims: ['nbf', 'jti', 'nonce', 'at_hash', 'c_hash', 's_hash'],
    // The PKCE verifier and returnTo live for one tab and one redirect: sessionStorage, whatever `storage` is.
    stateStore: new WebStorageStateStore({
      prefix: `sesame.state:${client_id}:`,
      store: webStorage('session'),
    }),
  });
}

/**
 * Discovery, fetched once it succeeds, with the check oidc-client-ts skips: the document's issuer
 * is the configured authority. A failure is not cached, so the next call tries again.
 */
export function checkedDiscovery(oidc: OidcClient, authority: string) {
  let pending: Promise<Metadata> | undefined;
  return (step: AuthStep): Promise<Metadata> =>
    (pending ??= oidc.metadataService.getMetadata().then(
      (doc) => {
        if (trimSlash(String(doc.issuer)) !== trimSlash(authority)) {
          throw new AuthError(
            'discovery_invalid',
            DEV && `Discovery names issuer "${doc.issuer}", not "${authority}".`,
            { step },
          );
        }
        return doc as Metadata;
      },
      (error: unknown) => {
        throw toAuthError(error, step, 'discovery_invalid', DEV && 'Discovery failed.');
      },
    )).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
}

/**
 * What Sesame stores from a token response, with a new generation (refresh-lock.ts) and the
 * expiry, skew and session end in local time (clock.ts's `tokenTimes`, which also reads a JWT
 * access token's `exp`); a refresh without a new refresh token keeps the old one, and a refresh's
 * new ID token updates only the claims it carries (userinfo's stay, see userinfo.ts). The engine
 * (client.ts) and the apis module both store through it.
 */
export const toStored = (
  r: SigninResponse,
  previous: StoredUser | undefined,
  sessionMaxAgeSeconds: number | undefined,
): StoredUser => ({
  // What a response does not replace stays: the sign-in's time, the other APIs' tokens (apis.ts).
  ...previous,
  access_token: r.access_token,
  token_type: r.token_type,
  refresh_token: r.refresh_token ?? previous?.refresh_token,
  id_token: r.id_token,
  scope: r.scope,
  session_state: r.session_state,
  profile: { ...previous?.profile, ...r.profile },
  gen: newGeneration(),
  ...tokenTimes(r as TimedResponse, previous, sessionMaxAgeSeconds, Date.now()),
});

/**
 * Revokes `tokens` (RFC 7009) with oidc-client-ts's `revokeToken`, best effort: each is tried once,
 * all at once, and a failure is only logged, since the user is signed out here whatever the IdP
 * answers (`unsupported_token_type`, from a server that cannot revoke, say, JWT access tokens, is
 * not a failure). Skipped when discovery says a public client cannot use the endpoint
 * (`revocation_endpoint_auth_methods_supported` without `none`, as at providers that want client
 * authentication there).
 */
export async function revokeBestEffort(
  oidc: OidcClient,
  doc: Metadata,
  tokens: [string, 'refresh_token' | 'access_token'][],
  log: (event: LogEvent) => void,
) {
  const methods = doc.revocation_endpoint_auth_methods_supported;
  if (!doc.revocation_endpoint || !tokens[0]) return;
  if (methods && !methods.includes('none')) return log(DEV ? 'token revocation skipped' : 24);
  await Promise.all(
    tokens.map(([token, type]) =>
      oidc.revokeToken(token, type).catch((error: { error?: string } | undefined) => {
        if (error?.error !== 'unsupported_token_type') log(DEV ? 'token revocation failed' : 25);
      }),
    ),
  );
}
