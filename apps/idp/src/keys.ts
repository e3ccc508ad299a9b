import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { SigningAlg } from './options';

/** A private signing key as a JWK, with `kid`, `alg` and `use` set. */
export interface SigningKey extends JWK {
  kid: string;
  alg: SigningAlg;
  use: 'sig';
}

/**
 * Generates a fresh asymmetric signing key. The `kid` is the key's RFC 7638 thumbprint, so it is unique
 * and says nothing about when or where the key was made.
 */
export async function generateSigningKey(alg: SigningAlg): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { ...jwk, kid, alg, use: 'sig' };
}

/**
 * Keys kept published after a rotation: the new one signs, the older ones only verify. Three covers
 * any token still alive after two quick rotations without letting the JWKS grow forever.
 */
export const MAX_PUBLISHED_KEYS = 3;

/** The key set after a rotation: the new key first (oidc-provider signs with the first match). */
export function rotate(keys: readonly SigningKey[], next: SigningKey): SigningKey[] {
  return [next, ...keys].slice(0, MAX_PUBLISHED_KEYS);
}
