import { describe, expect, it } from 'vitest';
import { BANK_API_AUDIENCE, INVEST_API_AUDIENCE } from './constants';
import {
  refreshResourceGranted,
  resourceServers,
  resourcesForScopes,
  tokenResource,
} from './resource-servers';

const servers = resourceServers(BANK_API_AUDIENCE, INVEST_API_AUDIENCE);

describe('resource servers', () => {
  it('give each API only its own scopes', () => {
    expect(servers.get(BANK_API_AUDIENCE)?.scopes).not.toContain('portfolio:read');
    expect(servers.get(INVEST_API_AUDIENCE)?.scopes).toEqual(['portfolio:read', 'portfolio:trade']);
  });

  it('default a request without resource to the APIs its scopes ask for', () => {
    expect(resourcesForScopes(servers, ['openid', 'accounts:read'])).toEqual([BANK_API_AUDIENCE]);
    expect(resourcesForScopes(servers, ['openid', 'portfolio:read'])).toEqual([
      INVEST_API_AUDIENCE,
    ]);
    expect(resourcesForScopes(servers, ['accounts:read', 'portfolio:read'])).toEqual([
      BANK_API_AUDIENCE,
      INVEST_API_AUDIENCE,
    ]);
    // profile alone is an identity scope here: no API token.
    expect(resourcesForScopes(servers, ['openid', 'profile'])).toEqual([]);
  });

  it('issue the default API token when the grant holds several', () => {
    expect(tokenResource(servers, [INVEST_API_AUDIENCE, BANK_API_AUDIENCE])).toBe(
      BANK_API_AUDIENCE,
    );
    expect(tokenResource(servers, [INVEST_API_AUDIENCE])).toBe(INVEST_API_AUDIENCE);
    expect(tokenResource(servers, [])).toBeUndefined();
  });

  it('let a refresh rotate only for no resource or a granted one', () => {
    const granted = [BANK_API_AUDIENCE, INVEST_API_AUDIENCE];
    expect(refreshResourceGranted(undefined, granted)).toBe(true);
    expect(refreshResourceGranted(INVEST_API_AUDIENCE, granted)).toBe(true);
    expect(refreshResourceGranted(INVEST_API_AUDIENCE, BANK_API_AUDIENCE)).toBe(false);
    expect(refreshResourceGranted(BANK_API_AUDIENCE, BANK_API_AUDIENCE)).toBe(true);
    expect(refreshResourceGranted('https://evil.example/api', granted)).toBe(false);
    expect(refreshResourceGranted([BANK_API_AUDIENCE, INVEST_API_AUDIENCE], granted)).toBe(false);
  });
});
