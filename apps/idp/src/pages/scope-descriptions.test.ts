import { describe, expect, it } from 'vitest';
import { API_SCOPES, INVEST_API_SCOPES } from '../constants';
import { describeScope, orderScopes } from './scope-descriptions';

describe('scope descriptions', () => {
  it('describe every API scope in words, not by its name', () => {
    for (const scope of [...API_SCOPES, ...INVEST_API_SCOPES]) {
      expect(describeScope(scope)).not.toContain(scope);
    }
    expect(describeScope('portfolio:read')).toMatch(/investments/);
  });

  it('order identity first, then each API’s scopes, unknown ones last', () => {
    expect(orderScopes(['x:y', 'portfolio:read', 'accounts:read', 'openid'])).toEqual([
      'openid',
      'accounts:read',
      'portfolio:read',
      'x:y',
    ]);
  });
});
