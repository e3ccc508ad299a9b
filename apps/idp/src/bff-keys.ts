import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { PublicJwks } from './bff-client';

/** A BFF's client-authentication key pair, as JWKs. */
export interface BffClientKeys {
  /** The private key (with `kid`, `alg`, `use`): for the BFF only, to sign its client assertions. */
  privateJwk: JWK & { kid: string; alg: string };
  /** The public key as a JWKS: what the IdP registers (`start({ bff: { publicJwks } })`, `--bff-jwks`). */
  publicJwks: PublicJwks;
}

/**
 * Generates a key pair for the BFF's `private_key_jwt` client authentication (ES256 by default; PS256
 * with a 2048-bit RSA key). The `kid` is the key's RFC 7638 thumbprint, in both JWKs, so the IdP picks
 * the right key from the assertion's header. For tests and the demo, which make a new pair per run.
 *
 * @example
 * const { privateJwk, publicJwks } = await generateBffClientKeys();
 * const idp = await start({ bff: { publicJwks, redirectUris: ['http://127.0.0.1:5173/bff/callback'] } });
 */
export async function generateBffClientKeys(
  alg: 'ES256' | 'PS256' = 'ES256',
): Promise<BffClientKeys> {
  const { privateKey, publicKey } = await generateKeyPair(alg, {
    extractable: true,
    modulusLength: 2048,
  });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const labels = { kid, alg, use: 'sig' };
  return {
    privateJwk: { ...(await exportJWK(privateKey)), ...labels },
    publicJwks: { keys: [{ ...publicJwk, ...labels }] },
  };
}
