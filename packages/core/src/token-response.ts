import type { MetadataService } from 'oidc-client-ts';
import { AuthError, type AuthStep } from './errors';
import { DEV } from './dev';
import { checkIdToken } from './id-token';

/**
 * Whether Sesame can trust and use a token response, beyond what oidc-client-ts checked: a token
 * type it can send (Bearer, or DPoP with the `dpop` setting; else `token_type_unsupported`, or
 * `dpop_unavailable` for a Bearer token when DPoP is on), and the ID token's claims and signature (see
 * {@link checkIdToken}). On a refresh, `previous` is the session it continues: an ID token equal to
 * the one checked at sign-in (or none, which oidc-client-ts fills with the old one) is not checked again.
 */
export async function checkTokenResponse(
  response: { token_type: string; id_token?: string | undefined },
  doc: { issuer: string; id_token_signing_alg_values_supported?: string[] },
  settings: { client_id: string; verifyIdTokenSignature?: boolean; dpop?: unknown },
  keys: MetadataService,
  step: AuthStep,
  previous?: { id_token?: string | undefined },
): Promise<void> {
  // The one type Sesame sends (RFC 6749 §7.1: compared case-insensitively): with DPoP on, a Bearer
  // token means the IdP did not bind it, and sending it would be the silent fall back DPoP forbids.
  if (response.token_type.toLowerCase() !== (settings.dpop ? 'dpop' : 'bearer')) {
    throw new AuthError(
      settings.dpop ? 'dpop_unavailable' : 'token_type_unsupported',
      DEV &&
        `The token response's token_type is "${response.token_type}"; Sesame sends ${settings.dpop ? 'DPoP' : 'Bearer'} tokens here.`,
      { step },
    );
  }
  if (!previous || response.id_token !== previous.id_token) {
    await checkIdToken(response.id_token, doc, settings, keys, step);
  }
}
