import { AuthError, type AuthStep } from './errors';
import { DEV, type DevMessage } from './dev';

// Clock skew we forgive on `exp`, as oidc-client-js did: client clocks are often off by minutes.
const LEEWAY_SECONDS = 300;

/** Decodes one base64url JWT segment as JSON. No signature check: the token came from the token endpoint over TLS. */
export function decodeJwtPart(token: string, index: 0 | 1): Record<string, unknown> {
  const part = token.split('.')[index]!.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
  const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
  if (!value || typeof value !== 'object') throw new TypeError('not a JSON object');
  return value as Record<string, unknown>;
}

/**
 * The ID-token checks oidc-client-ts leaves out (it checks `sub` and `nonce` only): `alg` is not
 * "none", `iss` is the issuer, `aud` holds the client id (and `azp` names it when set or when there
 * are several audiences), `exp` is not past, `iat` and `sub` are present. Throws `id_token_invalid`.
 */
export function checkIdToken(
  token: string | undefined,
  issuer: string,
  clientId: string,
  step: AuthStep,
): void {
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
  if (claims.iss !== issuer) reject(DEV && 'wrong issuer (iss)');
  if (!audiences.includes(clientId)) reject(DEV && 'not for this client (aud)');
  if ((audiences.length > 1 || claims.azp !== undefined) && claims.azp !== clientId) {
    reject(DEV && 'wrong authorized party (azp)');
  }
  if (typeof claims.exp !== 'number' || claims.exp + LEEWAY_SECONDS < Date.now() / 1000) {
    reject(DEV && 'expired (exp)');
  }
  if (typeof claims.iat !== 'number') reject(DEV && 'no issue time (iat)');
  if (typeof claims.sub !== 'string' || !claims.sub) reject(DEV && 'no subject (sub)');
}
