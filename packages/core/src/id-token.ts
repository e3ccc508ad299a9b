import type { MetadataService } from 'oidc-client-ts';
import { AuthError, type AuthStep } from './errors';
import { DEV, type DevMessage } from './dev';
import { base64urlBytes, verifyJwsSignature } from './id-token-signature';

// Clock skew we forgive on `exp` and `iat`, as oidc-client-js did: client clocks are often off by minutes.
const LEEWAY_SECONDS = 300;

/** Decodes one base64url JWT segment as JSON. No signature check here (see {@link checkIdToken}). */
export function decodeJwtPart(token: string, index: 0 | 1): Record<string, unknown> {
  const value: unknown = JSON.parse(
    new TextDecoder().decode(base64urlBytes(token.split('.')[index]!)),
  );
  // Not a JSON object. No message: both callers catch it (checkIdToken rejects, clock.ts reads no claims).
  if (!value || typeof value !== 'object') throw new TypeError();
  return value as Record<string, unknown>;
}

/**
 * The ID-token checks oidc-client-ts leaves out (it checks `sub` and `nonce` only): `alg` is not
 * "none", `iss` is the issuer, `aud` holds the client id (and `azp` names it when set or when there
 * are several audiences), `exp` is not past, `iat` is present and not in the future, `sub` is
 * present; then, unless `verifyIdTokenSignature` is false, the signature against the provider's
 * JWKS (see {@link verifyJwsSignature}). Rejects with `id_token_invalid`.
 */
export async function checkIdToken(
  token: string | undefined,
  doc: { issuer: string; id_token_signing_alg_values_supported?: string[] },
  settings: { client_id: string; verifyIdTokenSignature?: boolean },
  keys: MetadataService,
  step: AuthStep,
): Promise<void> {
  const clientId = settings.client_id;
  const reject = (why: DevMessage) => {
    throw new AuthError('id_token_invalid', DEV && `The ID token was rejected: ${why}.`, { step });
  };
  let header: Record<string, unknown> = {};
  let claims: Record<string, unknown> = {};
  try {
    header = decodeJwtPart(token!, 0);
    claims = decodeJwtPart(token!, 1);
  } catch {
    reject(DEV && 'missing or malformed');
  }
  const audiences = ([] as unknown[]).concat(claims.aud);
  if (typeof header.alg !== 'string' || /^none$/i.test(header.alg))
    reject(DEV && 'unsigned (alg none)');
  if (claims.iss !== doc.issuer) reject(DEV && 'wrong issuer (iss)');
  if (!audiences.includes(clientId)) reject(DEV && 'not for this client (aud)');
  if ((audiences.length > 1 || claims.azp !== undefined) && claims.azp !== clientId) {
    reject(DEV && 'wrong authorized party (azp)');
  }
  const now = Date.now() / 1000;
  if (typeof claims.exp !== 'number' || claims.exp + LEEWAY_SECONDS < now) {
    reject(DEV && 'expired (exp)');
  }
  // An `iat` past our clock by more than the leeway was minted for later (a token to be replayed) or
  // by a broken IdP clock; either way it is not a token issued for this sign-in.
  if (typeof claims.iat !== 'number' || claims.iat > now + LEEWAY_SECONDS) {
    reject(
      DEV &&
        (typeof claims.iat !== 'number' ? 'no issue time (iat)' : 'issued in the future (iat)'),
    );
  }
  if (typeof claims.sub !== 'string' || !claims.sub) reject(DEV && 'no subject (sub)');
  if (
    settings.verifyIdTokenSignature !== false &&
    !(await verifyJwsSignature(token!, header, doc.id_token_signing_alg_values_supported, keys))
  ) {
    reject(DEV && 'bad signature, or an algorithm or key the provider does not publish');
  }
}
