import { describe, expect, it } from 'vitest';
import type { ResolvedApi } from './options';
import { isUnderPrefix, pathHasTrick, proxyTarget } from './proxy-path';

const api = (name: string, url: string, pathPrefix?: string): [string, ResolvedApi] => {
  const base = new URL(url);
  return [
    name,
    {
      name,
      base,
      pathPrefix: pathPrefix ?? base.pathname,
      allowRedirects: false,
      resource: undefined,
      scopes: [],
    },
  ];
};
const apis = new Map([
  api('bank', 'https://api.bank.example'),
  api('v2', 'https://api.bank.example/v2'),
  api('cards', 'https://cards.example', '/cards'),
]);
const target = (path: string, search = '', raw?: string) =>
  proxyTarget('/bff/api/', path, search, apis, raw);
const href = (path: string, search = '') => {
  const result = target(path, search);
  return result.ok ? result.url.href : result.code;
};

describe('proxyTarget', () => {
  it('maps /bff/api/<name>/<path> onto the API base, query as is', () => {
    expect(href('/bff/api/bank/accounts/1', '?page=2')).toBe(
      'https://api.bank.example/accounts/1?page=2',
    );
    expect(href('/bff/api/v2/accounts')).toBe('https://api.bank.example/v2/accounts');
    expect(href('/bff/api/bank')).toBe('https://api.bank.example/');
    expect(href('/bff/api/cards/cards/9/freeze')).toBe('https://cards.example/cards/9/freeze');
  });

  it('answers api_not_allowed for an unknown name or a path outside the prefix', () => {
    expect(href('/bff/api/evil/accounts')).toBe('api_not_allowed');
    expect(href('/bff/api/__proto__/x')).toBe('api_not_allowed');
    expect(href('/bff/api/constructor/x')).toBe('api_not_allowed');
    expect(href('/bff/api/cards/accounts')).toBe('api_not_allowed');
    expect(href('/bff/api/cards/cardsx')).toBe('api_not_allowed');
    expect(href('/bff/api/')).toBe('api_not_allowed');
  });

  it.each([
    '/bff/api/bank/%2e%2e/admin',
    '/bff/api/bank/.%2E/admin',
    '/bff/api/bank/a%2Fb',
    '/bff/api/bank/a%5cb',
    '/bff/api/bank/a%252e%252e/b',
    '/bff/api/bank/a%00',
    '/bff/api/bank//accounts',
    '/bff/api/bank/https://evil.example/x',
    '/bff/api/bank/a\\b',
  ])('refuses the path trick %s', (path) => {
    expect(href(path)).toBe('path_invalid');
  });

  it('also checks the raw path the node adapter saw before URL parsing', () => {
    expect(target('/bff/api/bank/admin', '', '/bff/api/bank/x/../admin')).toEqual({
      ok: false,
      code: 'path_invalid',
    });
    expect(target('/bff/api/bank/admin', '', 'http://evil.example/bff/api/bank/admin')).toEqual({
      ok: false,
      code: 'path_invalid',
    });
    expect(target('/bff/api/bank/admin', '', '/bff/api/bank/admin').ok).toBe(true);
  });
});

describe('pathHasTrick', () => {
  it('finds dot segments, raw or encoded, only as whole segments', () => {
    expect(pathHasTrick('/a/./b')).toBe(true);
    expect(pathHasTrick('/a/..')).toBe(true);
    expect(pathHasTrick('/a/..b/c.d/...x')).toBe(false);
  });

  it('finds dot segments with path parameters, which Tomcat, Jetty and Spring drop first', () => {
    expect(pathHasTrick('/v1/..;/admin')).toBe(true);
    expect(pathHasTrick('/v1/..;jsessionid=x/admin')).toBe(true);
    expect(pathHasTrick('/v1/.;/admin')).toBe(true);
    expect(pathHasTrick('/v1/..%3B/admin')).toBe(true);
    expect(pathHasTrick('/v1/items;v=2')).toBe(false);
    expect(pathHasTrick('/v1/..x;/admin')).toBe(false);
  });
});

describe('isUnderPrefix', () => {
  it('compares whole segments', () => {
    expect(isUnderPrefix('/accounts', '/accounts')).toBe(true);
    expect(isUnderPrefix('/accounts/1', '/accounts')).toBe(true);
    expect(isUnderPrefix('/accounts/1', '/accounts/')).toBe(true);
    expect(isUnderPrefix('/accountsx', '/accounts')).toBe(false);
    expect(isUnderPrefix('/anything', '/')).toBe(true);
  });
});
