import { describe, expect, it } from 'vitest';
import { redirectRefusal } from './upstream-redirect';

const APP = 'https://bank.example';
/** The app's origin, then the request URL's (as the BFF saw it behind a reverse proxy). */
const OWN = [APP, 'http://10.0.0.5:3000'];

const passes = (status: number, location: string | null, allowRedirects = false) =>
  redirectRefusal(status, location, allowRedirects, OWN) === undefined;

describe('redirectRefusal', () => {
  it('passes answers that are not redirects, and 3xx without a Location (304)', () => {
    expect(passes(200, null)).toBe(true);
    expect(passes(201, '/bff/api/bank/transfers/1')).toBe(true);
    expect(passes(204, null)).toBe(true);
    expect(passes(304, null)).toBe(true);
    expect(passes(404, null)).toBe(true);
  });

  it('refuses every 3xx with a Location by default, to any origin', () => {
    for (const status of [300, 301, 302, 303, 307, 308]) {
      expect(passes(status, 'https://cdn.example/file.pdf')).toBe(false);
      expect(passes(status, '/bff/api/bank/transfers')).toBe(false);
    }
    expect(redirectRefusal(302, 'https://cdn.example/f.pdf?sig=secret', false, OWN)).toBe(
      'upstream 302 to https://cdn.example/f.pdf; the API does not set allowRedirects',
    );
  });

  it('with allowRedirects, passes an http(s) Location on another origin', () => {
    expect(passes(302, 'https://cdn.example/file.pdf?sig=1', true)).toBe(true);
    expect(passes(307, 'http://api.other.example/v2/items', true)).toBe(true);
    expect(passes(302, '//cdn.example/file.pdf', true)).toBe(true);
    // Same host, another scheme or port: another origin, and the cookie is not the app's there.
    expect(passes(302, 'https://bank.example:8443/x', true)).toBe(true);
  });

  it('refuses a Location into the app’s own origin even with allowRedirects: relative, scheme-relative, absolute', () => {
    for (const location of [
      '/bff/api/bank/transfers',
      'transfers',
      '../bank/transfers',
      '?to=evil',
      '',
      '//bank.example/bff/api/bank/transfers',
      '/\\bank.example/bff/api/bank/transfers',
      'https://bank.example/bff/api/bank/transfers',
      'HTTPS://BANK.EXAMPLE:443/bff/logout',
      ' https://bank.example/bff/api/bank/transfers',
      'https://bank.example/',
      'http://10.0.0.5:3000/bff/api/bank/transfers',
    ]) {
      expect(redirectRefusal(307, location, true, OWN), location).toMatch(/app's own origin/);
    }
  });

  it('logs the origin and path of the Location, never its query', () => {
    const reason = redirectRefusal(307, '/bff/api/bank/transfers?amount=9999', true, OWN);
    expect(reason).toBe(
      "upstream 307 to the app's own origin: https://bank.example/bff/api/bank/transfers",
    );
  });

  it('refuses a Location that is not a web URL, or not a URL at all, even with allowRedirects', () => {
    expect(redirectRefusal(302, 'javascript:alert(1)', true, OWN)).toBe(
      'upstream 302 to a javascript: URL',
    );
    expect(passes(302, 'data:text/html,hi', true)).toBe(false);
    expect(redirectRefusal(302, 'http://[::1', true, OWN)).toBe(
      'upstream 302 with a Location that is not a URL',
    );
  });
});
