import { newDpopHolder, signDpopProof } from '@sesame/test-stack/dpop-client';
import {
  DEFAULT_DASHBOARD_SCOPE,
  obtainTokens,
  refreshTokens,
  startIdp,
  tokenRequestDpop,
  USERS,
  type RunningIdp,
} from '@sesame/test-stack/real-idp';
import {
  INVEST_API_AUDIENCE,
  startInvestApi,
  type RunningInvestApi,
} from '@sesame/test-stack/real-invest-api';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let idp: RunningIdp;
let api: RunningInvestApi;

beforeAll(async () => {
  // The dashboard client must prove possession: its tokens, the investments one too, are bound.
  idp = await startIdp({ dpop: true });
  api = await startInvestApi({ issuer: idp.issuer });
});
afterAll(async () => {
  await api.stop();
  await idp.stop();
});

describe('DPoP-bound investments tokens (the bank API’s rules, by its code)', () => {
  it('serves a bound token with a proof by its key, and refuses it as Bearer or with another key', async () => {
    const holder = await newDpopHolder();
    const dpop = tokenRequestDpop(holder);
    const bank = await obtainTokens({
      issuer: idp.issuer,
      user: USERS.ann,
      scope: `${DEFAULT_DASHBOARD_SCOPE} portfolio:read`,
      dpop,
    });
    const invest = await refreshTokens({
      issuer: idp.issuer,
      refreshToken: bank.refresh_token ?? '',
      resource: INVEST_API_AUDIENCE,
      dpop,
    });
    expect(decodeJwt(invest.access_token)).toMatchObject({
      aud: INVEST_API_AUDIENCE,
      cnf: { jkt: holder.jkt },
    });
    const url = `${api.url}/portfolio`;
    const call = async (authorization: string, proof?: string) =>
      fetch(url, { headers: { authorization, ...(proof ? { dpop: proof } : {}) } });

    const good = await call(
      `DPoP ${invest.access_token}`,
      await signDpopProof(holder, invest.access_token, url),
    );
    expect(good.status).toBe(200);

    const asBearer = await call(`Bearer ${invest.access_token}`);
    expect(asBearer.status).toBe(401);
    expect(asBearer.headers.get('www-authenticate')).toMatch(/^DPoP /);

    const thief = await newDpopHolder();
    const stolen = await call(
      `DPoP ${invest.access_token}`,
      await signDpopProof(thief, invest.access_token, url),
    );
    expect(stolen.status).toBe(401);
    expect(JSON.stringify([api.logs, api.requestLog])).not.toContain(invest.access_token);
  });
});
