import { describe, expect, it } from 'vitest';
import { BANK_API_AUDIENCE, DASHBOARD_CLIENT_ID } from './constants';
import { browse, jane, startTestIdp } from './test-support';
import { obtainTokens, postForm, refreshTokens } from './testing/flows';

describe('counters', async () => {
  const { idp, metadata } = await startTestIdp();

  it('count token requests by grant type, token errors by code, and the other endpoints', async () => {
    idp.resetCounters();
    const tokens = await obtainTokens({ issuer: idp.issuer, user: jane });
    const rotated = await refreshTokens({
      issuer: idp.issuer,
      refreshToken: tokens.refresh_token ?? '',
    });
    await refreshTokens({ issuer: idp.issuer, refreshToken: tokens.refresh_token ?? '' }).catch(
      () => undefined,
    );
    await refreshTokens({ issuer: idp.issuer, refreshToken: 'unknown' }).catch(() => undefined);
    await postForm(
      metadata.token_endpoint,
      { grant_type: 'client_credentials' },
      { clientId: DASHBOARD_CLIENT_ID },
    ).catch(() => undefined);
    await postForm(
      String(metadata.revocation_endpoint),
      { token: rotated.refresh_token ?? '' },
      { clientId: DASHBOARD_CLIENT_ID },
    );
    await browse(`${String(metadata.end_session_endpoint)}?client_id=${DASHBOARD_CLIENT_ID}`);

    expect(idp.counters()).toEqual({
      tokenRequests: { authorization_code: 1, refresh_token: 3, client_credentials: 1, other: 0 },
      accessTokensByResource: { [BANK_API_AUDIENCE]: 2 },
      tokenErrors: { invalid_grant: 2, unsupported_grant_type: 1 },
      revocations: 1,
      introspections: 0,
      authorizations: 1,
      endSessions: 1,
    });
  });

  it('hand out snapshots, and reset to zero', () => {
    const snapshot = idp.counters();
    snapshot.tokenRequests.authorization_code = 99;
    expect(idp.counters().tokenRequests.authorization_code).toBe(1);
    idp.resetCounters();
    expect(idp.counters().tokenRequests.authorization_code).toBe(0);
    expect(idp.counters().tokenErrors).toEqual({});
    expect(idp.counters().accessTokensByResource).toEqual({});
  });
});
