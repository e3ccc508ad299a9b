import { describe, expect, it } from 'vitest';
import { csrfFailure } from './csrf';

const APP = 'https://bank.example';
const allowed = new Set([APP]);
const check = (method: string, headers: Record<string, string>) =>
  csrfFailure(method, new Headers(headers), allowed);

describe('csrfFailure', () => {
  it('passes the browser client: the header, and Origin on a POST', () => {
    expect(check('POST', { 'x-sesame-csrf': '1', origin: APP })).toBeUndefined();
    expect(check('DELETE', { 'x-sesame-csrf': '1', origin: APP })).toBeUndefined();
  });

  it('passes a same-origin GET, which browsers send without Origin', () => {
    expect(check('GET', { 'x-sesame-csrf': '1' })).toBeUndefined();
    expect(check('GET', { 'x-sesame-csrf': '1', 'sec-fetch-site': 'same-origin' })).toBeUndefined();
    expect(check('GET', { 'x-sesame-csrf': '1', origin: APP })).toBeUndefined();
  });

  it('refuses a request without the header, whatever its Origin', () => {
    expect(check('POST', { origin: APP })).toMatch(/X-Sesame-CSRF/);
    expect(check('GET', {})).toMatch(/X-Sesame-CSRF/);
    expect(check('POST', { 'x-sesame-csrf': 'true', origin: APP })).toMatch(/X-Sesame-CSRF/);
  });

  it('refuses another origin, compared exactly', () => {
    for (const origin of [
      'https://evil.example',
      'https://bank.example.evil.net',
      'http://bank.example',
      'https://bank.example:444',
      'https://BANK.example',
      `${APP}/`,
      'null',
    ]) {
      expect(check('POST', { 'x-sesame-csrf': '1', origin }), origin).toMatch(/not an allowed/);
      expect(check('GET', { 'x-sesame-csrf': '1', origin }), origin).toMatch(/not an allowed/);
    }
  });

  it('refuses a state-changing request without Origin', () => {
    expect(check('POST', { 'x-sesame-csrf': '1' })).toMatch(/missing/);
    expect(check('PUT', { 'x-sesame-csrf': '1', 'sec-fetch-site': 'same-origin' })).toMatch(
      /missing/,
    );
  });

  it('refuses a GET from another site that came without Origin', () => {
    expect(check('GET', { 'x-sesame-csrf': '1', 'sec-fetch-site': 'cross-site' })).toMatch(
      /another site/,
    );
    expect(check('GET', { 'x-sesame-csrf': '1', 'sec-fetch-site': 'same-site' })).toMatch(
      /another site/,
    );
  });
});
