// DPoP proofs for the load test, signed before the clock starts: each request needs a fresh one
// (the API refuses a replayed jti), and signing them while measuring would spend the load
// generator's CPU (on the same cores as the servers) on the client's work, not the API's.
import { signDpopProof, type DpopHolder } from '@sesame/test-stack/dpop-client';

/** A DPoP key pair as it crosses the process boundary (a CryptoKey cannot). */
export type PortableDpopKey = Pick<DpopHolder, 'privateJwk' | 'publicJwk' | 'jkt'>;

/** Rebuilds the holder of a key pair sent over IPC. */
export async function holderFromJwks(key: PortableDpopKey): Promise<DpopHolder> {
  const privateKey = await crypto.subtle.importKey(
    'jwk',
    key.privateJwk as JsonWebKey,
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign'],
  );
  return { privateKey, publicJwk: key.publicJwk, privateJwk: key.privateJwk, jkt: key.jkt };
}

/**
 * `count` proofs for `GET url` carrying `token`, each with its own jti. Signed in batches, since
 * WebCrypto signs on libuv's thread pool.
 */
export async function signProofs(
  holder: DpopHolder,
  token: string,
  url: string,
  count: number,
): Promise<string[]> {
  const proofs: string[] = [];
  const batch = 100;
  for (let made = 0; made < count; made += batch) {
    const size = Math.min(batch, count - made);
    proofs.push(
      ...(await Promise.all(Array.from({ length: size }, () => signDpopProof(holder, token, url)))),
    );
  }
  return proofs;
}
