import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './return-to';

describe('safeReturnTo', () => {
  it('keeps same-origin paths with query and hash; none or empty is the root', () => {
    expect(safeReturnTo('/accounts/1?tab=history#top', '/bff')).toBe('/accounts/1?tab=history#top');
    expect(safeReturnTo(null, '/bff')).toBe('/');
    expect(safeReturnTo('', '/bff')).toBe('/');
    expect(safeReturnTo('/bffx', '/bff')).toBe('/bffx');
  });

  it.each([
    '//evil.example',
    '//evil.example/path',
    'https://evil.example/',
    'javascript:alert(1)',
    'accounts',
    '/\\evil.example',
    '\\\\evil.example',
    '/ok\u0000',
    '/ok\nLocation: x',
    `/${'a'.repeat(2048)}`,
  ])('refuses %j', (value) => {
    expect(safeReturnTo(value, '/bff')).toBeUndefined();
  });

  it('refuses a path into the BFF itself, which would start a sign-in loop', () => {
    expect(safeReturnTo('/bff/login', '/bff')).toBeUndefined();
    expect(safeReturnTo('/bff', '/bff')).toBeUndefined();
    expect(safeReturnTo('/x/../bff/callback?code=1', '/bff')).toBeUndefined();
  });
});
