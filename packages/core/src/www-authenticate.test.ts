import { describe, expect, it } from 'vitest';
import { bearerChallenge, parseWwwAuthenticate } from './www-authenticate';

describe('parseWwwAuthenticate', () => {
  it('reads the bank API insufficient_scope challenge', () => {
    expect(
      bearerChallenge(
        'Bearer realm="sesame-bank", error="insufficient_scope", scope="transfers:write", error_description="needs transfers:write"',
      ),
    ).toEqual({
      realm: 'sesame-bank',
      error: 'insufficient_scope',
      scope: 'transfers:write',
      error_description: 'needs transfers:write',
    });
  });

  it('unescapes quoted strings and keeps commas and equals signs inside them', () => {
    expect(
      bearerChallenge(
        'Bearer error_description="say \\"hi\\", a=b, \\\\ done", error=invalid_token',
      ),
    ).toEqual({ error_description: 'say "hi", a=b, \\ done', error: 'invalid_token' });
  });

  it('splits several challenges, with token68 and case-insensitive names', () => {
    expect(
      parseWwwAuthenticate(
        'Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic abc123==, BEARER Realm = "x" ,SCOPE="a b"',
      ),
    ).toEqual([
      { scheme: 'newauth', params: { realm: 'apps', type: '1', title: 'Login to "apps"' } },
      { scheme: 'basic', params: {} },
      { scheme: 'bearer', params: { realm: 'x', scope: 'a b' } },
    ]);
  });

  it('finds Bearer after another scheme, and a bare Bearer', () => {
    expect(bearerChallenge('DPoP algs="ES256", Bearer error="invalid_token"')).toEqual({
      error: 'invalid_token',
    });
    expect(bearerChallenge('Bearer')).toEqual({});
    expect(bearerChallenge('Basic realm="x"')).toBeUndefined();
  });

  it("takes the DPoP challenge's error when it is the one that names an error", () => {
    expect(
      bearerChallenge('DPoP algs="ES256", error="invalid_token", Bearer realm="bank"'),
    ).toEqual({ algs: 'ES256', error: 'invalid_token' });
    expect(bearerChallenge('DPoP error="insufficient_scope" scope="a b"')).toEqual({
      error: 'insufficient_scope',
      scope: 'a b',
    });
    expect(bearerChallenge('DPoP algs="ES256"')).toBeUndefined();
  });

  it('never throws on garbage and keeps what it read before it', () => {
    for (const junk of ['', null, undefined, '=', '"', ', ,', 'a="unterminated', '=x Bearer']) {
      expect(() => parseWwwAuthenticate(junk)).not.toThrow();
    }
    expect(parseWwwAuthenticate('realm="x"')).toEqual([]);
    expect(bearerChallenge('Bearer error="a", scope="unterminated')).toEqual({ error: 'a' });
    // Linear time on long input (no catastrophic backtracking).
    expect(bearerChallenge('x'.repeat(100_000) + ', Bearer')).toEqual({});
    expect(bearerChallenge('Bearer a="' + '\\"'.repeat(50_000))).toEqual({});
  });
});
