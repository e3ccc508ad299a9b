import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { generateBffClientKeys } from './bff-keys';
import {
  BANK_API_AUDIENCE,
  BFF_CLIENT_ID,
  DASHBOARD_CLIENT_ID,
  DEFAULT_DASHBOARD_SCOPE,
  INVEST_API_AUDIENCE,
} from './constants';
import { ann, jane, newDpopKey, startTestIdp, verifyAccessToken } from './test-support';
import { obtainBffTokens, privateKeyJwt } from './testing/bff-flows';
import { obtainTokens, refreshTokens, type TokenSet } from './testing/flows';

// What the dashboard asks for when it calls both APIs.
const BOTH_APIS_SCOPE = `${DEFAULT_DASHBOARD_SCOPE} portfolio:read`;
const BFF_REDIRECT_URI = 'http://127.0.0.1:5173/bff/callback';

const scopesOf = (token: string): string[] =>
  String((decodeJwt(token) as { scope?: unknown }).scope ?? '')
    .split(' ')
    .filter(Boolean)
    .sort();

describe('access tokens per resource (RFC 8707): the bank API and the investments API', async () => {
  const bffKeys = await generateBffClientKeys();
  const { idp, metadata } = await startTestIdp({
    bff: { publicJwks: bffKeys.publicJwks, redirectUris: [BFF_REDIRECT_URI] },
  });
  const refresh = (tokens: TokenSet, resource?: string) =>
    refreshTokens({
      issuer: idp.issuer,
      refreshToken: tokens.refresh_token ?? '',
      ...(resource === undefined ? {} : { resource }),
    });

  it('advertises the investments scopes in discovery', () => {
    expect(metadata.scopes_supported).toEqual(
      expect.arrayContaining(['accounts:read', 'portfolio:read', 'portfolio:trade']),
    );
  });

  it('gives the code exchange a bank token (aud bank, bank scopes only) when both APIs were asked for', async () => {
    const tokens = await obtainTokens({ issuer: idp.issuer, user: jane, scope: BOTH_APIS_SCOPE });
    const { payload } = await verifyAccessToken(tokens.access_token, metadata);
    expect(payload.aud).toBe(BANK_API_AUDIENCE);
    expect(scopesOf(tokens.access_token)).toEqual([
      'accounts:read',
      'cards:write',
      'profile',
      'transfers:write',
    ]);
  });

  it('exchanges the refresh token for an investments token with resource: its own aud and only its scopes', async () => {
    const tokens = await obtainTokens({ issuer: idp.issuer, user: jane, scope: BOTH_APIS_SCOPE });
    idp.resetCounters();
    const invest = await refresh(tokens, INVEST_API_AUDIENCE);
    const { payload } = await verifyAccessToken(invest.access_token, metadata, {
      audience: INVEST_API_AUDIENCE,
    });
    expect(payload.aud).toBe(INVEST_API_AUDIENCE);
    expect(scopesOf(invest.access_token)).toEqual(['portfolio:read']);
    // Jane is entitled to portfolio:trade, but the app did not ask for it.
    expect(invest.scope?.split(' ')).not.toContain('accounts:read');

    // The rotated refresh token still serves both resources; the bank's token never gets portfolio:*.
    const bank = await refresh(invest, BANK_API_AUDIENCE);
    expect(decodeJwt(bank.access_token).aud).toBe(BANK_API_AUDIENCE);
    expect(scopesOf(bank.access_token).filter((scope) => scope.startsWith('portfolio:'))).toEqual(
      [],
    );
    const byDefault = await refresh(bank);
    expect(decodeJwt(byDefault.access_token).aud).toBe(BANK_API_AUDIENCE);

    expect(idp.counters().accessTokensByResource).toEqual({
      [BANK_API_AUDIENCE]: 2,
      [INVEST_API_AUDIENCE]: 1,
    });
  });

  it('takes both resources named in the authorization request, and portfolio scopes alone for the investments API', async () => {
    const named = await obtainTokens({
      issuer: idp.issuer,
      user: jane,
      scope: BOTH_APIS_SCOPE,
      resource: [BANK_API_AUDIENCE, INVEST_API_AUDIENCE],
    });
    expect(decodeJwt(named.access_token).aud).toBe(BANK_API_AUDIENCE);
    expect(decodeJwt((await refresh(named, INVEST_API_AUDIENCE)).access_token).aud).toBe(
      INVEST_API_AUDIENCE,
    );

    const investOnly = await obtainTokens({
      issuer: idp.issuer,
      user: jane,
      scope: 'openid portfolio:read',
    });
    expect(decodeJwt(investOnly.access_token).aud).toBe(INVEST_API_AUDIENCE);
    expect(scopesOf(investOnly.access_token)).toEqual(['portfolio:read']);
  });

  it('gives ann.viewer portfolio:read but never portfolio:trade', async () => {
    const tokens = await obtainTokens({
      issuer: idp.issuer,
      user: ann,
      scope: `${BOTH_APIS_SCOPE} portfolio:trade`,
    });
    const invest = await refresh(tokens, INVEST_API_AUDIENCE);
    expect(scopesOf(invest.access_token)).toEqual(['portfolio:read']);
    expect(scopesOf(tokens.access_token)).toEqual(['accounts:read', 'profile']);
  });

  it('answers invalid_target for an unknown resource, two at once, or one not granted, without spending the refresh token', async () => {
    const tokens = await obtainTokens({ issuer: idp.issuer, user: jane, scope: BOTH_APIS_SCOPE });
    await expect(refresh(tokens, 'https://unknown.sesame.test/api')).rejects.toMatchObject({
      status: 400,
      error: 'invalid_target',
    });
    // Two resources in one token request: one token has one audience.
    const both = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
      client_id: DASHBOARD_CLIENT_ID,
    });
    both.append('resource', BANK_API_AUDIENCE);
    both.append('resource', INVEST_API_AUDIENCE);
    const twice = await fetch(metadata.token_endpoint, { method: 'POST', body: both });
    expect(twice.status).toBe(400);
    expect(await twice.json()).toMatchObject({ error: 'invalid_target' });
    // Neither refusal spent the refresh token: oidc-provider rotates before it checks the resource,
    // and the IdP skips that rotation when the grant cannot serve the resource.
    expect(decodeJwt((await refresh(tokens, INVEST_API_AUDIENCE)).access_token).aud).toBe(
      INVEST_API_AUDIENCE,
    );

    const bankOnly = await obtainTokens({ issuer: idp.issuer, user: jane });
    await expect(refresh(bankOnly, INVEST_API_AUDIENCE)).rejects.toMatchObject({
      error: 'invalid_target',
    });
    expect(decodeJwt((await refresh(bankOnly)).access_token).aud).toBe(BANK_API_AUDIENCE);
    await expect(
      obtainTokens({
        issuer: idp.issuer,
        user: jane,
        resource: 'https://unknown.sesame.test/api',
      }),
    ).rejects.toMatchObject({ error: 'invalid_target' });
  });

  it('issues the BFF client (private_key_jwt, DPoP) bound tokens for both resources', async () => {
    const key = await newDpopKey();
    const tokens = await obtainBffTokens({
      issuer: idp.issuer,
      user: jane,
      privateJwk: bffKeys.privateJwk,
      dpop: key,
      redirectUri: BFF_REDIRECT_URI,
      scope: BOTH_APIS_SCOPE,
    });
    expect(decodeJwt(tokens.access_token)).toMatchObject({ aud: BANK_API_AUDIENCE });
    const invest = await refreshTokens({
      issuer: idp.issuer,
      refreshToken: tokens.refresh_token ?? '',
      clientId: BFF_CLIENT_ID,
      clientAssertion: privateKeyJwt(metadata.issuer, bffKeys.privateJwk),
      resource: INVEST_API_AUDIENCE,
      dpop: key,
    });
    expect(invest.token_type).toBe('DPoP');
    expect(decodeJwt(invest.access_token)).toMatchObject({
      aud: INVEST_API_AUDIENCE,
      client_id: BFF_CLIENT_ID,
      cnf: { jkt: key.jkt },
    });
    expect(scopesOf(invest.access_token)).toEqual(['portfolio:read']);
  });
});
