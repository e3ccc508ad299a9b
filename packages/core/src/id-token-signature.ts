import type { MetadataService } from 'oidc-client-ts';

/** Decodes one base64url segment of a compact JWS (atob takes it unpadded). */
export const base64urlBytes = (part: string) =>
  Uint8Array.from(atob(part.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

// RFC 7518 names mapped to WebCrypto: asymmetric algorithms only. A public client holds no
// secret, so an HS* "signature" could only be keyed with something public (the client_id) and
// proves nothing. One parameter object serves importKey and verify for every family: WebCrypto
// reads only the members an operation needs (hash, saltLength, namedCurve) and ignores the rest.
// importKey itself refuses a JWK whose kty, crv, alg, use or key_ops do not fit, so an RSA key
// cannot verify an ES256 token. Ed25519 (JWS "EdDSA" or "Ed25519") is in WebCrypto in Chromium
// 137+, Firefox 129+, Safari 17+ and Node 20; where it is missing, importKey throws: refused.
const ASYMMETRIC = /^([REP]S(256|384|512)|EdDSA|Ed25519)$/;
const FAMILIES: Record<string, string> = {
  RS: 'RSASSA-PKCS1-v1_5',
  PS: 'RSA-PSS',
  ES: 'ECDSA',
  Ed: 'Ed25519',
};

// When each client last refetched its JWKS for an unknown kid: at most once per cooldown, so a
// stream of tokens with made-up kids cannot make the page hammer the IdP (jose's default is 30 s).
const lastRefetch = new WeakMap<MetadataService, number>();
const REFETCH_COOLDOWN_MS = 30_000;

/**
 * Whether a compact JWS is signed by one of the provider's keys (`jwks_uri`, fetched and cached by
 * oidc-client-ts's MetadataService) with an asymmetric algorithm in `allowedAlgs` (discovery's
 * `id_token_signing_alg_values_supported`, RS256 when it lists none). A `kid` missing from the
 * cached key set refetches it once, then at most once per 30 s. A token without `kid` is tried
 * against each key.
 */
export async function verifyJwsSignature(
  token: string,
  header: Record<string, unknown>,
  allowedAlgs: string[] | undefined,
  keys: MetadataService,
): Promise<boolean> {
  const alg = header.alg as string;
  const bits = alg.slice(2); // "256" of "ES256"; unused by Ed25519
  const name =
    ASYMMETRIC.test(alg) && (allowedAlgs ?? ['RS256']).includes(alg) && FAMILIES[alg.slice(0, 2)];
  if (!name) return false;
  const algorithm = {
    name,
    hash: `SHA-${bits}`,
    saltLength: +bits / 8,
    namedCurve: `P-${bits === '512' ? 521 : bits}`,
  };
  const candidates = async () =>
    (await keys.getSigningKeys())!.filter((jwk) => !header.kid || jwk.kid === header.kid);
  let jwks = await candidates();
  if (!jwks.length && Date.now() - (lastRefetch.get(keys) ?? 0) > REFETCH_COOLDOWN_MS) {
    lastRefetch.set(keys, Date.now());
    keys.resetSigningKeys();
    jwks = await candidates();
  }
  const dot = token.lastIndexOf('.');
  const data = new TextEncoder().encode(token.slice(0, dot));
  for (const jwk of jwks) {
    try {
      const key = await crypto.subtle.importKey('jwk', jwk, algorithm, false, ['verify']);
      if (await crypto.subtle.verify(algorithm, key, base64urlBytes(token.slice(dot + 1)), data)) {
        return true;
      }
    } catch {
      // A key of another type, curve or use, or an algorithm this browser lacks: not a match.
    }
  }
  return false;
}
