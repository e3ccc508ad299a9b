import { describe, expect, it } from 'vitest';
import { resourceRefused, tokenFor, withRefusedResource, withToken } from './api-tokens';
import { sessionView } from './routes/session';
import type { ResolvedApi } from './options';
import type { ApiToken, SessionRecord } from './session-record';

const BANK = 'https://bank.sesame.test/api';
const INVEST = 'https://invest.sesame.test/api';

const session = (patch: Partial<SessionRecord> = {}): SessionRecord => ({
  v: 1,
  sub: 'u',
  claims: {},
  scopes: ['openid', 'accounts:read'],
  accessToken: 'TOKEN-bank',
  accessTokenExpiresAt: 10_000,
  accessTokenRefreshAt: 9_000,
  refreshToken: 'TOKEN-refresh',
  resource: BANK,
  resources: [BANK, INVEST],
  dpopKey: { publicJwk: {}, privateJwk: {} },
  createdAt: 0,
  absoluteExpiresAt: 100_000,
  idleExpiresAt: 50_000,
  ...patch,
});

const investToken: ApiToken = {
  accessToken: 'TOKEN-invest',
  accessTokenExpiresAt: 20_000,
  accessTokenRefreshAt: 19_000,
  scopes: ['portfolio:read'],
};

const api = (name: string, resource: string | undefined): ResolvedApi => ({
  name,
  base: new URL(`https://${name}.example`),
  pathPrefix: '/',
  allowRedirects: false,
  resource,
  scopes: [],
});

describe('which token goes to an API', () => {
  it("gives the sign-in's resource the session's own token, and an API without resource too", () => {
    expect(tokenFor(session(), BANK, BANK)?.accessToken).toBe('TOKEN-bank');
    expect(tokenFor(session(), undefined, BANK)?.accessToken).toBe('TOKEN-bank');
  });

  it("never gives an API of another resource the sign-in's token: none until it has its own", () => {
    expect(tokenFor(session(), INVEST, BANK)).toBeUndefined();
    const both = session({ apiTokens: { [INVEST]: investToken } });
    expect(tokenFor(both, INVEST, BANK)).toEqual(investToken);
    expect(tokenFor(both, BANK, BANK)?.accessToken).toBe('TOKEN-bank');
  });

  it('reads a session stored before several APIs (no resource kept) as signed in for the first resource', () => {
    const { resource: _resource, resources: _resources, ...old } = session();
    expect(tokenFor(old, BANK, BANK)?.accessToken).toBe('TOKEN-bank');
    expect(tokenFor(old, INVEST, BANK)).toBeUndefined();
    expect(resourceRefused(old, INVEST)).toBe(false);
  });

  it('ignores a malformed stored entry rather than sending it', () => {
    const odd = session({ apiTokens: { [INVEST]: {} as ApiToken } });
    expect(tokenFor(odd, INVEST, BANK)).toBeUndefined();
  });
});

describe('storing a refreshed token', () => {
  it("replaces only that resource's token", () => {
    const both = withToken(session(), INVEST, BANK, investToken);
    expect(both.accessToken).toBe('TOKEN-bank');
    expect(both.apiTokens).toEqual({ [INVEST]: investToken });
    const renewed = withToken(both, BANK, BANK, { ...investToken, accessToken: 'bank-2' });
    expect(renewed.accessToken).toBe('bank-2');
    expect(renewed.accessTokenExpiresAt).toBe(20_000);
    expect(renewed.apiTokens).toEqual({ [INVEST]: investToken });
    const investAgain = withToken(renewed, INVEST, BANK, { ...investToken, accessToken: 'i-2' });
    expect(investAgain.accessToken).toBe('bank-2');
    expect(investAgain.apiTokens?.[INVEST]?.accessToken).toBe('i-2');
  });
});

describe('resources the session may not ask for', () => {
  it('refuses a resource the sign-in did not name, and one the IdP refused', () => {
    expect(resourceRefused(session(), INVEST)).toBe(false);
    expect(resourceRefused(session(), 'https://cards.example/api')).toBe(true);
    expect(resourceRefused(session(), undefined)).toBe(false);
    const refused = withRefusedResource(withRefusedResource(session(), INVEST), INVEST);
    expect(refused.refusedResources).toEqual([INVEST]);
    expect(resourceRefused(refused, INVEST)).toBe(true);
    expect(resourceRefused(refused, BANK)).toBe(false);
  });
});

describe('/session per API', () => {
  it('shows each API that has a token, its expiry and scopes, never a token', () => {
    const both = session({ apiTokens: { [INVEST]: investToken } });
    const view = sessionView(both, [api('bank', BANK), api('invest', INVEST)], BANK);
    expect(view.apis).toEqual({
      bank: { accessTokenExpiresAt: 10_000, scopes: ['openid', 'accounts:read'] },
      invest: { accessTokenExpiresAt: 20_000, scopes: ['portfolio:read'] },
    });
    expect(view.accessTokenExpiresAt).toBe(10_000);
    expect(JSON.stringify(view)).not.toMatch(/TOKEN/);
    expect(sessionView(session(), [api('invest', INVEST)], BANK).apis).toEqual({});
  });
});
