import { describe, expect, it } from 'vitest';
import { API_SCOPES, BANK_API_AUDIENCE, INVEST_API_AUDIENCE } from './constants';
import { planConsent, scopesToShow } from './consent-plan';

const details = {
  missingOIDCScope: ['openid', 'profile'],
  missingOIDCClaims: ['email'],
  missingResourceScopes: { [BANK_API_AUDIENCE]: ['profile', ...API_SCOPES] },
};

describe('planConsent', () => {
  it('asks a fully entitled customer about everything', () => {
    const plan = planConsent(details, API_SCOPES);
    expect(plan.ask.resourceScopes[BANK_API_AUDIENCE]).toEqual(['profile', ...API_SCOPES]);
    expect(plan.reject).toEqual({});
    expect(plan.ask.oidcClaims).toEqual(['email']);
  });

  it('rejects API scopes outside the entitlement without asking', () => {
    const plan = planConsent(details, ['accounts:read']);
    expect(plan.ask.resourceScopes[BANK_API_AUDIENCE]).toEqual(['profile', 'accounts:read']);
    expect(plan.reject[BANK_API_AUDIENCE]).toEqual(['transfers:write', 'cards:write']);
    expect(scopesToShow(plan.ask)).toEqual(['openid', 'profile', 'accounts:read']);
  });

  it('rejects investments scopes outside the entitlement, at the investments resource', () => {
    const plan = planConsent(
      { missingResourceScopes: { [INVEST_API_AUDIENCE]: ['portfolio:read', 'portfolio:trade'] } },
      ['accounts:read', 'portfolio:read'],
    );
    expect(plan.ask.resourceScopes).toEqual({ [INVEST_API_AUDIENCE]: ['portfolio:read'] });
    expect(plan.reject).toEqual({ [INVEST_API_AUDIENCE]: ['portfolio:trade'] });
  });

  it('ignores malformed details', () => {
    const plan = planConsent({ missingOIDCScope: 'openid', missingResourceScopes: 7 }, API_SCOPES);
    expect(plan).toEqual({
      ask: { oidcScopes: [], oidcClaims: [], resourceScopes: {} },
      reject: {},
    });
  });
});
