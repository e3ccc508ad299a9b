import type { MetadataService } from 'oidc-client-ts';
import { AuthError, type AuthStep } from './errors';
import { DEV } from './dev';
import { checkIdToken } from './id-token';

// The token types Sesame knows how to send, compared case-insensitively (RFC 6749 §7.1). Add
// `|dpop` once Sesame makes DPoP proofs for its requests, and for userinfo.ts's request too (it
// sends Bearer, relying on this check).
const SENDABLE_TOKEN_TYPES = /^(bearer)$/i;

/**
 * Whether Sesame can trust and use a token response, beyond what oidc-client-ts checked: a token
 * type it can send (else `token_type_unsupported`), and the ID token's claims and signature (see
 * {@link checkIdToken}). On a refresh, `previous` is the session it continues: an ID token equal to
 * the one checked at sign-in (or none, which oidc-client-ts fills with the old one) is not checked again.
 */
export async function checkTokenResponse(
  response: { token_type: string; id_token?: string | undefined },
  doc: { issuer: string; id_token_signing_alg_values_supported?: string[] },
  settings: { client_id: string; verifyIdTokenSignature?: boolean },
  keys: MetadataService,
  step: AuthStep,
  previous?: { id_token?: string | undefined },
): Promise<void> {
  if (!SENDABLE_TOKEN_TYPES.test(response.token_type)) {
    throw new AuthError(
      'token_type_unsupported',
      DEV && 'The token response has a token_type Sesame cannot send (it sends Bearer tokens).',
      { step },
    );
  }
  if (!previous || response.id_token !== previous.id_token) {
    await checkIdToken(response.id_token, doc, settings, keys, step);
  }
}
