/**
 * DPoP proofs (RFC 9449 §4) for requests oidc-client-ts does not make: resource requests and
 * userinfo. (oidc-client-ts signs the token endpoint's own.) ES256 with the session's key pair,
 * whose private half is a non-extractable CryptoKey: the page can sign with it, never read it.
 */

// A function, not a module-level encoder: a bundler keeps a top-level `new TextEncoder()` in apps
// that never use DPoP (it cannot know the constructor has no side effects).
const encode = (text: string) => new TextEncoder().encode(text);

const base64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const encodeJson = (value: object) => base64url(encode(JSON.stringify(value)));

/** `htu` (RFC 9449 §4.2): the request's URI without query and fragment, as `URL` normalises it. */
export const proofTarget = (url: URL) => url.origin + url.pathname;

/** Base64url SHA-256 of `text`; as `ath`, of the access token the proof goes with. */
export const tokenHash = async (text: string) =>
  base64url(await crypto.subtle.digest('SHA-256', encode(text)));

/**
 * The key's JWK thumbprint (RFC 7638: SHA-256 of the required members in lexical order), which a
 * bound token names as `cnf.jkt` and the authorization request sends as `dpop_jkt`.
 */
export async function keyThumbprint(keys: CryptoKeyPair): Promise<string> {
  const { crv, kty, x, y } = await crypto.subtle.exportKey('jwk', keys.publicKey);
  return tokenHash(JSON.stringify({ crv, kty, x, y }));
}

/** A P-256 key pair whose private key cannot be exported (the public one always can). */
export const newProofKeys = () =>
  crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ]) as Promise<CryptoKeyPair>;

/**
 * A signed proof for `htm htu`, bound to `accessToken` (`ath`) and carrying the server's `nonce`
 * when it asked for one. `now` is epoch ms.
 */
export async function signProof(
  keys: CryptoKeyPair,
  htm: string,
  htu: string,
  accessToken: string,
  nonce: string | undefined,
  now = Date.now(),
): Promise<string> {
  // Only the public members: a JWK export of the public key has nothing else, but say so anyway.
  const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', keys.publicKey);
  const input = `${encodeJson({ typ: 'dpop+jwt', alg: 'ES256', jwk: { kty, crv, x, y } })}.${encodeJson(
    {
      jti: crypto.randomUUID(),
      htm,
      htu,
      iat: Math.floor(now / 1000),
      ath: await tokenHash(accessToken),
      ...(nonce && { nonce }),
    },
  )}`;
  // WebCrypto's ECDSA signature is r||s, which is JWS's ES256 form already (RFC 7518 §3.4).
  const signature = await crypto.subtle.sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    keys.privateKey,
    encode(input),
  );
  return `${input}.${base64url(signature)}`;
}
