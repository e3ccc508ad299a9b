import { calculateJwkThumbprint, type JWSHeaderParameters } from 'jose';
import { describe, expect, it } from 'vitest';
import { newDpopHolder } from '@sesame/test-stack/dpop-client';
import { DpopKeyCache } from './dpop-keys.js';

const compact = { payload: '', signature: '' };
const header = (jwk: object, alg = 'ES256') => ({ alg, jwk }) as JWSHeaderParameters;

describe('DpopKeyCache', () => {
  it('imports a proof key once per key and alg, and answers the same key after', async () => {
    const cache = new DpopKeyCache();
    const { publicJwk } = await newDpopHolder();
    const first = await cache.embeddedKey(header(publicJwk), compact);
    expect(first.type).toBe('public');
    // The same key in a later proof (parsed anew from its header): the import is reused.
    expect(await cache.embeddedKey(header({ ...publicJwk }), compact)).toBe(first);
    const other = await newDpopHolder();
    expect(await cache.embeddedKey(header(other.publicJwk), compact)).not.toBe(first);
  });

  it("refuses what jose's EmbeddedJWK refuses, every time (a refusal is not kept)", async () => {
    const cache = new DpopKeyCache();
    const { privateJwk, publicJwk } = await newDpopHolder();
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await expect(cache.embeddedKey(header(privateJwk), compact)).rejects.toThrow(/public key/);
      await expect(
        cache.embeddedKey(header({ ...publicJwk, use: 'enc' }), compact),
      ).rejects.toThrow(/use/);
      // A P-256 key cannot be used with ES384: the alg is part of what is remembered.
      await expect(cache.embeddedKey(header(publicJwk, 'ES384'), compact)).rejects.toThrow();
    }
    expect((await cache.embeddedKey(header(publicJwk), compact)).type).toBe('public');
  });

  it('forgets the oldest key beyond its bound', async () => {
    const cache = new DpopKeyCache(2);
    const holders = await Promise.all([newDpopHolder(), newDpopHolder(), newDpopHolder()]);
    const keys = [];
    for (const holder of holders)
      keys.push(await cache.embeddedKey(header(holder.publicJwk), compact));
    const [first, , third] = holders;
    expect(await cache.embeddedKey(header(third!.publicJwk), compact)).toBe(keys[2]);
    expect(await cache.embeddedKey(header(first!.publicJwk), compact)).not.toBe(keys[0]);
  });

  it('gives the RFC 7638 thumbprint', async () => {
    const cache = new DpopKeyCache();
    const { publicJwk, jkt } = await newDpopHolder();
    expect(await cache.thumbprint(publicJwk)).toBe(jkt);
    expect(await cache.thumbprint({ ...publicJwk })).toBe(await calculateJwkThumbprint(publicJwk));
  });
});
