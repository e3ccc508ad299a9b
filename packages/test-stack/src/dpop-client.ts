// The client side of DPoP for tests (RFC 9449): a key holder and proofs with any claim bent, so a
// test can present what an honest client sends and each way of getting it wrong.
import { createHash, randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

/** An ES256 key pair as a DPoP client holds it; `jkt` is what a bound token's `cnf.jkt` names. */
export interface DpopHolder {
  privateKey: CryptoKey;
  publicJwk: JWK;
  /** The private key as a JWK, for the "private key in the proof's header" case. */
  privateJwk: JWK;
  jkt: string;
}

/** What a proof may bend; each default is what an honest client sends. */
export interface DpopProofOptions {
  htm?: string;
  htu?: string;
  iat?: number;
  jti?: string;
  /** The token whose hash goes into `ath` (default: the token presented). */
  athFor?: string;
  nonce?: string;
  typ?: string;
  jwk?: JWK;
}

/** base64url(SHA-256(value)): a DPoP proof's `ath` for an access token. */
export const dpopTokenHash = (value: string) =>
  createHash('sha256').update(value).digest('base64url');

export async function newDpopHolder(): Promise<DpopHolder> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  return {
    privateKey,
    publicJwk,
    privateJwk: await exportJWK(privateKey),
    jkt: await calculateJwkThumbprint(publicJwk),
  };
}

/** The claims of a proof for `GET htu` carrying `token`, with `options` bent. */
export function dpopProofClaims(token: string, htu: string, options: DpopProofOptions = {}) {
  return {
    htm: options.htm ?? 'GET',
    htu: options.htu ?? htu,
    iat: options.iat ?? Math.floor(Date.now() / 1000),
    jti: options.jti ?? randomUUID(),
    ath: dpopTokenHash(options.athFor ?? token),
    ...(options.nonce === undefined ? {} : { nonce: options.nonce }),
  };
}

/** A proof for `GET htu` carrying `token`, signed by `holder`, with `options` bent. */
export function signDpopProof(
  holder: DpopHolder,
  token: string,
  htu: string,
  options: DpopProofOptions = {},
): Promise<string> {
  return new SignJWT(dpopProofClaims(token, htu, options))
    .setProtectedHeader({
      alg: 'ES256',
      typ: options.typ ?? 'dpop+jwt',
      jwk: options.jwk ?? holder.publicJwk,
    })
    .sign(holder.privateKey);
}
