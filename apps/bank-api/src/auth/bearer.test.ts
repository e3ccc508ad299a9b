import { describe, expect, it } from 'vitest';
import { MAX_AUTHORIZATION_HEADER_BYTES, parseBearerToken } from './bearer.js';
import { TokenError } from './token-error.js';

function reasonOf(header: string): string | undefined {
  try {
    parseBearerToken(header);
    return undefined;
  } catch (error) {
    return error instanceof TokenError ? error.reason : 'not a TokenError';
  }
}

describe('parseBearerToken', () => {
  it('extracts the token, whatever the case of the scheme', () => {
    expect(parseBearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(parseBearerToken('bearer abc')).toBe('abc');
    expect(parseBearerToken('BEARER a-b_c~d+e/f==')).toBe('a-b_c~d+e/f==');
  });

  it('treats a missing header or another scheme as "no bearer credentials"', () => {
    expect(parseBearerToken(undefined)).toBeUndefined();
    expect(parseBearerToken('')).toBeUndefined();
    expect(parseBearerToken('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(parseBearerToken('Token abc')).toBeUndefined();
    expect(parseBearerToken('Bearerabc')).toBeUndefined();
  });

  it.each([
    ['Bearer', 'no token'],
    ['Bearer ', 'an empty token'],
    ['Bearer a b', 'two tokens'],
    ['Bearer  abc', 'two spaces'],
    ['Bearer abc ', 'a trailing space'],
    ['Bearer\tabc', 'a tab instead of a space'],
    ['Bearer ab"c', 'a character outside b64token'],
    ['Bearer a=b', 'padding in the middle'],
  ])('refuses %j (%s) as a malformed request', (header) => {
    expect(reasonOf(header)).toBe('malformed_request');
  });

  it('refuses an oversized header before looking inside it', () => {
    const header = `Bearer ${'a'.repeat(MAX_AUTHORIZATION_HEADER_BYTES)}`;
    expect(reasonOf(header)).toBe('token_too_large');
    expect(reasonOf(`Basic ${'a'.repeat(MAX_AUTHORIZATION_HEADER_BYTES)}`)).toBe('token_too_large');
  });
});
