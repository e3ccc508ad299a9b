import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BffError } from '../errors';
import { open, seal, sealingKeys } from './record-cipher';

const newKey = () => randomBytes(32).toString('base64');

function invalidOptions(run: () => unknown): BffError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BffError);
    expect((error as BffError).code).toBe('invalid_options');
    return error as BffError;
  }
  throw new Error('did not throw');
}

describe('sealingKeys', () => {
  it('refuses a missing key, saying how to make one', () => {
    for (const value of [undefined, null, '', []]) {
      expect(invalidOptions(() => sealingKeys(value)).message).toMatch(/openssl rand -base64 32/);
    }
  });

  it('refuses a key that is not 32 bytes, saying how many it has and never echoing it', () => {
    const short = randomBytes(16).toString('base64');
    const error = invalidOptions(() => sealingKeys(short));
    expect(error.message).toMatch(/decodes to 16 bytes; AES-256 needs exactly 32/);
    expect(error.message).not.toContain(short);
    expect(invalidOptions(() => sealingKeys('not base64 at all!')).message).toMatch(/not base64/);
    expect(invalidOptions(() => sealingKeys([newKey(), 'abc'])).message).toMatch(
      /\(key 2 of 2\) decodes to 2 bytes/,
    );
    expect(invalidOptions(() => sealingKeys(42)).message).toMatch(/base64 string/);
  });

  it('accepts base64 and base64url, and refuses the same key listed twice', () => {
    const bytes = randomBytes(32);
    const [a] = sealingKeys(bytes.toString('base64'));
    const [b] = sealingKeys(bytes.toString('base64url'));
    expect(a!.id).toBe(b!.id);
    expect(a!.id).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(
      invalidOptions(() => sealingKeys([bytes.toString('base64'), bytes.toString('base64url')]))
        .message,
    ).toMatch(/twice/);
  });
});

describe('seal and open', () => {
  const keys = sealingKeys(newKey());

  it('round-trips, with a new IV each time and no plaintext in the output', () => {
    const text = JSON.stringify({ accessToken: 'eyJhbGciOiJFUzI1NiJ9.secret', d: 'private' });
    const one = seal(keys, 'session:abc', text);
    const two = seal(keys, 'session:abc', text);
    expect(one).not.toBe(two);
    expect(one).toMatch(/^s1\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(one).not.toContain('eyJ');
    expect(one).not.toContain('secret');
    expect(open(keys, 'session:abc', one)).toEqual({ ok: true, plaintext: text });
  });

  it('opens a record sealed with an older key of the list, and seals with the first', () => {
    const old = sealingKeys(newKey());
    const sealedByOld = seal(old, 'k', 'hello');
    const rotated = [...sealingKeys(newKey()), ...old];
    expect(open(rotated, 'k', sealedByOld)).toEqual({ ok: true, plaintext: 'hello' });
    expect(seal(rotated, 'k', 'x').split('.')[1]).toBe(rotated[0]!.id);
  });

  it('refuses another key, another store key, a changed byte, and garbage', () => {
    const sealed = seal(keys, 'session:abc', 'hello');
    expect(open(sealingKeys(newKey()), 'session:abc', sealed)).toEqual({
      ok: false,
      reason: 'unknown_key',
    });
    // Same id, other bytes: GCM's tag catches it.
    const impostor = [{ id: keys[0]!.id, bytes: randomBytes(32) }];
    expect(open(impostor, 'session:abc', sealed)).toEqual({ ok: false, reason: 'not_authentic' });
    expect(open(keys, 'login:abc', sealed)).toEqual({ ok: false, reason: 'not_authentic' });
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64url');
    expect(open(keys, 'session:abc', parts.join('.'))).toEqual({
      ok: false,
      reason: 'not_authentic',
    });
    for (const garbage of ['', '{"v":1}', 's1.x.y', 's2.a.b.c.d', `s1.${keys[0]!.id}.AA.AA.AA`]) {
      expect(open(keys, 'k', garbage)).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});
