import { describe, expect, it } from 'vitest';
import { BffError } from './errors';
import { resolveOptions, type BffOptions } from './options';

const base: BffOptions = {
  issuer: 'https://idp.bank.example',
  clientId: 'bank-bff',
  clientPrivateKey: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd' },
  redirectUri: 'https://bank.example/bff/callback',
  allowedOrigins: ['https://bank.example'],
};
const resolve = (patch: Partial<BffOptions>) => resolveOptions({ ...base, ...patch } as BffOptions);
const refusal = (patch: Partial<BffOptions>) => {
  try {
    resolve(patch);
  } catch (error) {
    expect(error).toBeInstanceOf(BffError);
    expect((error as BffError).code).toBe('invalid_options');
    return (error as BffError).message;
  }
  throw new Error('accepted');
};

describe('resolveOptions', () => {
  it('applies the defaults', () => {
    const options = resolveOptions(base);
    expect(options.prefix).toBe('/bff');
    expect(options.cookieName).toBe('__Host-sesame');
    expect(options.loginCookieName).toBe('__Host-sesame-login');
    expect(options.secureCookies).toBe(true);
    expect(options.scope).toBe('openid');
    expect(options.postLogoutRedirectUri).toBe('https://bank.example/');
    expect(options.idleTimeoutMs).toBe(1_800_000);
    expect(options.absoluteTimeoutMs).toBe(28_800_000);
    expect(options.maxBodyBytes).toBe(1_048_576);
    expect([...options.allowedOrigins]).toEqual(['https://bank.example']);
  });

  it('signs in for every API: each resource once, its scopes added, the first resource the code exchange', () => {
    const options = resolve({
      scope: 'openid profile accounts:read',
      resource: 'https://bank.example/api',
      apis: {
        bank: { url: 'https://api.bank.example', resource: 'https://bank.example/api' },
        invest: {
          url: 'https://api.invest.example',
          resource: 'https://invest.example/api',
          scopes: 'portfolio:read',
        },
        cards: { url: 'https://cards.example', scopes: ['cards:read', 'accounts:read'] },
      },
    });
    expect(options.resource).toEqual(['https://bank.example/api', 'https://invest.example/api']);
    expect(options.signInResource).toBe('https://bank.example/api');
    expect(options.scope).toBe('openid profile accounts:read portfolio:read cards:read');
    expect(options.apis.get('invest')).toMatchObject({
      resource: 'https://invest.example/api',
      scopes: ['portfolio:read'],
    });
    // An API without resource gets the sign-in's token; the APIs of one resource share its scopes,
    // and one that names none leaves the token open (no scope asked on refresh).
    expect(options.apis.get('cards')?.resource).toBe('https://bank.example/api');
    expect(options.apis.get('cards')?.scopes).toEqual([]);
    expect(options.apis.get('bank')?.scopes).toEqual([]);
    const shared = resolve({
      apis: {
        read: {
          url: 'https://api.invest.example',
          resource: 'https://invest.example/api',
          scopes: 'portfolio:read',
        },
        trade: {
          url: 'https://api.invest.example',
          resource: 'https://invest.example/api',
          scopes: ['portfolio:trade'],
        },
      },
    });
    expect(shared.apis.get('read')?.scopes).toEqual(['portfolio:read', 'portfolio:trade']);
    expect(shared.apis.get('trade')?.scopes).toEqual(['portfolio:read', 'portfolio:trade']);
    // Without a top-level resource, the first API's is the sign-in's.
    const perApi = resolve({
      apis: {
        invest: { url: 'https://api.invest.example', resource: 'https://invest.example/api' },
      },
    });
    expect(perApi.signInResource).toBe('https://invest.example/api');
    expect(resolve({}).signInResource).toBeUndefined();
  });

  it('refuses an API resource that is not an absolute URI, and scopes that are not scope tokens', () => {
    expect(refusal({ apis: { x: { url: 'https://x.example', resource: 'x-api' } } })).toMatch(
      /apis\.x\.resource/,
    );
    expect(
      refusal({ apis: { x: { url: 'https://x.example', resource: 'https://x.example/#a' } } }),
    ).toMatch(/fragment/);
    expect(refusal({ apis: { x: { url: 'https://x.example', scopes: ['a b'] } } })).toMatch(
      /apis\.x\.scopes/,
    );
  });

  it('names the cookie without __Host- and drops Secure only with insecureDevCookies on a loopback host', () => {
    const options = resolve({
      redirectUri: 'http://127.0.0.1:5173/bff/callback',
      insecureDevCookies: true,
    });
    expect(options.cookieName).toBe('sesame');
    expect(options.secureCookies).toBe(false);
    expect(
      refusal({ redirectUri: 'http://bank.example/bff/callback', insecureDevCookies: true }),
    ).toMatch(/loopback|localhost/);
    expect(refusal({ redirectUri: 'http://127.0.0.1:5173/bff/callback' })).toMatch(
      /insecureDevCookies/,
    );
    expect(
      refusal({
        redirectUri: 'http://localhost:5173/bff/callback',
        insecureDevCookies: true,
        cookieName: '__Host-x',
      }),
    ).toMatch(/Secure/);
    expect(refusal({ cookieName: 'sid' })).toMatch(/__Host-/);
  });

  it('warns loudly through the logger when insecureDevCookies is on', () => {
    const lines: string[] = [];
    resolve({
      redirectUri: 'http://localhost:5173/bff/callback',
      insecureDevCookies: true,
      logger: (line) => lines.push(line),
    });
    expect(lines[0]).toMatch(/WARNING.*insecureDevCookies/);
  });

  it('requires https for the IdP and APIs unless allowInsecureRequests', () => {
    expect(refusal({ issuer: 'http://idp.example' })).toMatch(/allowInsecureRequests/);
    expect(refusal({ apis: { bank: { url: 'http://api.example' } } })).toMatch(
      /allowInsecureRequests/,
    );
    expect(
      resolve({ issuer: 'http://127.0.0.1:4000', allowInsecureRequests: true }).issuer.href,
    ).toBe('http://127.0.0.1:4000/');
  });

  it('requires the redirect URI to be the callback under the prefix', () => {
    expect(refusal({ redirectUri: 'https://bank.example/callback' })).toMatch(/\/bff\/callback/);
    expect(
      resolve({ prefix: '/auth', redirectUri: 'https://bank.example/auth/callback' }).prefix,
    ).toBe('/auth');
    expect(refusal({ prefix: '/bff/' })).toMatch(/prefix/);
    expect(refusal({ prefix: 'bff' })).toMatch(/prefix/);
  });

  it('takes bare origins only', () => {
    expect(refusal({ allowedOrigins: [] })).toMatch(/at least one/);
    expect(refusal({ allowedOrigins: ['https://bank.example/'] })).toMatch(/bare origins/);
    expect(refusal({ allowedOrigins: ['https://bank.example/app'] })).toMatch(/bare origins/);
  });

  it('checks the APIs: names, URLs, prefixes', () => {
    const apis = resolve({ apis: { bank: { url: 'https://api.example/v2' } } }).apis;
    expect(apis.get('bank')?.pathPrefix).toBe('/v2');
    expect(refusal({ apis: { 'b/a': { url: 'https://api.example' } } })).toMatch(/name/);
    expect(refusal({ apis: { bank: { url: 'https://api.example/?a=1' } } })).toMatch(/query/);
    expect(refusal({ apis: { bank: { url: 'https://api.example', pathPrefix: 'v1' } } })).toMatch(
      /pathPrefix/,
    );
    expect(
      refusal({ apis: { bank: { url: 'https://api.example', pathPrefix: '/a/../b' } } }),
    ).toMatch(/pathPrefix/);
  });

  it('passes no upstream redirect unless an API sets allowRedirects: true', () => {
    const apis = resolve({
      apis: {
        bank: { url: 'https://api.example' },
        cdn: { url: 'https://cdn.example', allowRedirects: true },
      },
    }).apis;
    expect(apis.get('bank')?.allowRedirects).toBe(false);
    expect(apis.get('cdn')?.allowRedirects).toBe(true);
    expect(
      refusal({ apis: { bank: { url: 'https://api.example', allowRedirects: 'yes' as never } } }),
    ).toMatch(/allowRedirects/);
  });

  it('wants the private half of the client key', () => {
    expect(refusal({ clientPrivateKey: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' } })).toMatch(
      /private/,
    );
    expect(refusal({ clientPrivateKey: 'key' as never })).toMatch(/JWK/);
  });

  it('checks numbers and the store', () => {
    expect(refusal({ idleTimeoutSeconds: 0 })).toMatch(/idleTimeoutSeconds/);
    expect(refusal({ maxBodyBytes: 1.5 })).toMatch(/maxBodyBytes/);
    expect(refusal({ refreshMarginSeconds: -1 })).toMatch(/refreshMarginSeconds/);
    expect(refusal({ sessionStore: {} as never })).toMatch(/sessionStore/);
  });
});
