import { describe, expect, it } from 'vitest';
import { bearerOf, expectBearer, mockAccessToken, parseMockToken } from './mock-token';

describe('mock access tokens', () => {
  it('say whose token it is and which generation, and read back', () => {
    expect(mockAccessToken('jane.doe')).toBe('mock.jane.doe.1');
    expect(parseMockToken(mockAccessToken('jane.doe', 3))).toEqual({ sub: 'jane.doe', n: 3 });
    expect(parseMockToken(mockAccessToken('a/b:c', 2))).toEqual({ sub: 'a/b:c', n: 2 });
  });

  it('are not confused with other tokens', () => {
    for (const token of [
      'eyJhbGciOi.x.y',
      'mock.',
      'mock.jane',
      'mock.jane.0',
      'mock..1',
      'mock.jane.x',
    ]) {
      expect(parseMockToken(token)).toBeNull();
    }
    expect(() => mockAccessToken('')).toThrow(TypeError);
    expect(() => mockAccessToken('jane', 0)).toThrow(TypeError);
  });
});

describe('expectBearer', () => {
  const request = (authorization?: string) =>
    new Request('https://api.bank.test/accounts', {
      headers: authorization ? { authorization } : {},
    });

  it('accepts the right user (and generation) from a Request, Headers or init', () => {
    expect(expectBearer(request('Bearer mock.jane.2'), 'jane')).toEqual({ sub: 'jane', n: 2 });
    expect(expectBearer(request('Bearer mock.jane.2'), 'jane', 2).n).toBe(2);
    expect(bearerOf(new Headers({ Authorization: 'Bearer mock.john.1' }))?.sub).toBe('john');
    expect(bearerOf({ headers: { Authorization: 'Bearer mock.john.1' } })?.sub).toBe('john');
  });

  it('says what is wrong otherwise', () => {
    expect(() => expectBearer(request(), 'jane')).toThrow(/no Authorization header/);
    expect(() => expectBearer(request('Basic abc'), 'jane')).toThrow(/not one/);
    expect(() => expectBearer(request('Bearer mock.john.1'), 'jane')).toThrow(
      /of "jane", got "john" #1/,
    );
    expect(() => expectBearer(request('Bearer mock.jane.1'), 'jane', 2)).toThrow(/#2/);
  });
});
