import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_CLIENT_ID } from './constants';
import { jane, newDpopKey, startTestIdp, verifyAccessToken, type DpopKey } from './test-support';
import { completeLogin } from './testing/complete-login';
import { TokenRequestError } from './testing/errors';
import {
  authorizationRequest,
  exchangeCode,
  readAuthorizationResponse,
  refreshTokens,
  type ProviderMetadata,
  type TokenRequestDpop,
  type TokenSet,
} from './testing/flows';

/** A signed-in code, not yet exchanged, so each test chooses how to exchange it. */
async function codeFor(metadata: ProviderMetadata, extraParams: Record<string, string> = {}) {
  const request = authorizationRequest(metadata, { extraParams });
  const callback = await completeLogin(request.url, jane);
  const code = readAuthorizationResponse(callback, {
    state: request.state,
    issuer: metadata.issuer,
  });
  return (dpop?: TokenRequestDpop) =>
    exchangeCode(metadata, {
      code,
      redirectUri: request.redirectUri,
      codeVerifier: request.codeVerifier,
      clientId: DASHBOARD_CLIENT_ID,
      ...(dpop ? { dpop } : {}),
    });
}

async function refused(attempt: Promise<unknown>): Promise<TokenRequestError> {
  const error = await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof TokenRequestError)) throw new Error('expected the token request to fail');
  return error;
}

const jktOf = (tokens: TokenSet) =>
  (decodeJwt(tokens.access_token) as { cnf?: { jkt?: string } }).cnf?.jkt;

describe('DPoP required for the dashboard (dpop: true)', async () => {
  const { idp, metadata } = await startTestIdp({ dpop: true });
  const refresh = (tokens: TokenSet, dpop?: TokenRequestDpop) =>
    refreshTokens({
      issuer: idp.issuer,
      refreshToken: tokens.refresh_token ?? '',
      ...(dpop ? { dpop } : {}),
    });

  it('advertises the proof algorithms in discovery, ES256 among them', () => {
    expect(metadata.dpop_signing_alg_values_supported).toEqual(expect.arrayContaining(['ES256']));
  });

  // oidc-provider says only "grant request is invalid": each refusal below is paired with the
  // request that succeeds, so that the proof is shown to be what made the difference.
  it('refuses a code exchange without a proof (and the code still works with one)', async () => {
    const exchange = await codeFor(metadata);
    expect(await refused(exchange())).toMatchObject({ status: 400, error: 'invalid_grant' });
    expect((await exchange(await newDpopKey())).token_type).toBe('DPoP');
  });

  it('binds the access token to the proof key: token_type DPoP, cnf.jkt = the thumbprint', async () => {
    const key = await newDpopKey();
    const tokens = await (await codeFor(metadata))(key);
    expect(tokens.token_type).toBe('DPoP');
    const { payload } = await verifyAccessToken(tokens.access_token, metadata);
    expect(payload.cnf).toEqual({ jkt: key.jkt });
  });

  it('binds the refresh token too: only a proof by the same key refreshes, and the rotated token stays bound', async () => {
    const key = await newDpopKey();
    const thief = await newDpopKey();
    const first = await (await codeFor(metadata))(key);

    expect(await refused(refresh(first))).toMatchObject({ error: 'invalid_grant' });
    expect(await refused(refresh(first, thief))).toMatchObject({ error: 'invalid_grant' });

    // The refusals did not use up the token: its holder still refreshes with it.
    const second = await refresh(first, key);
    expect(second.token_type).toBe('DPoP');
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(jktOf(second)).toBe(key.jkt);

    expect(await refused(refresh(second, thief))).toMatchObject({ error: 'invalid_grant' });
    const third = await refresh(second, key);
    expect(jktOf(third)).toBe(key.jkt);
  });

  it('binds the code to dpop_jkt: only a proof by that key exchanges it', async () => {
    const key = await newDpopKey();
    const other = await newDpopKey();
    // (oidc-provider checks dpop_jkt after using up the code: the refused code is dead for everyone.)
    const stolen = await codeFor(metadata, { dpop_jkt: key.jkt });
    expect(await refused(stolen(other))).toMatchObject({ error: 'invalid_grant' });
    const own = await codeFor(metadata, { dpop_jkt: key.jkt });
    expect(jktOf(await own(key))).toBe(key.jkt);
  });

  it('refuses a replayed proof (same jti)', async () => {
    const key = await newDpopKey();
    const proof = await key.sign(metadata.token_endpoint, undefined);
    const replay: TokenRequestDpop = { sign: async () => proof };
    expect((await (await codeFor(metadata))(replay)).token_type).toBe('DPoP');
    expect(await refused((await codeFor(metadata))(replay))).toMatchObject({
      error: 'invalid_grant',
    });
  });
});

describe('without the dpop option', async () => {
  const { idp, metadata } = await startTestIdp();

  it('still issues Bearer tokens to a code exchange without a proof', async () => {
    const tokens = await (await codeFor(metadata))();
    expect(tokens.token_type).toBe('Bearer');
    expect(jktOf(tokens)).toBeUndefined();
  });

  it('binds the tokens of a client that sends a proof anyway (public client: the refresh token too)', async () => {
    const key = await newDpopKey();
    const tokens = await (await codeFor(metadata))(key);
    expect(tokens.token_type).toBe('DPoP');
    expect(jktOf(tokens)).toBe(key.jkt);
    const error = await refused(
      refreshTokens({ issuer: idp.issuer, refreshToken: tokens.refresh_token ?? '' }),
    );
    expect(error.error).toBe('invalid_grant');
  });

  it('issues no DPoP nonces', async () => {
    const key = await newDpopKey();
    const response = await fetch(metadata.token_endpoint, {
      method: 'POST',
      headers: {
        dpop: await key.sign(metadata.token_endpoint, undefined),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'unknown' }),
    });
    expect(response.headers.get('dpop-nonce')).toBeNull();
  });
});

describe('DPoP nonces at the token endpoint (dpop + dpopNonce)', async () => {
  const { idp, metadata } = await startTestIdp({ dpop: true, dpopNonce: true });
  const once = (key: DpopKey, nonce?: string): TokenRequestDpop => ({
    sign: key.sign,
    retryWithNonce: false,
    ...(nonce === undefined ? {} : { nonce }),
  });

  it('answers a proof without a nonce with use_dpop_nonce and a DPoP-Nonce; the retry with it succeeds', async () => {
    const key = await newDpopKey();
    const exchange = await codeFor(metadata);
    const first = await refused(exchange(once(key)));
    expect(first).toMatchObject({ status: 400, error: 'use_dpop_nonce' });
    expect(first.dpopNonce).toMatch(/^[\w-]{20,}$/);

    const tokens = await exchange(once(key, first.dpopNonce));
    expect(tokens.token_type).toBe('DPoP');
    expect(jktOf(tokens)).toBe(key.jkt);
  });

  it('refuses a nonce it did not issue, with a fresh one to use', async () => {
    const key = await newDpopKey();
    const error = await refused((await codeFor(metadata))(once(key, 'made-up-nonce')));
    expect(error.error).toBe('use_dpop_nonce');
    expect(error.dpopNonce).toBeDefined();
    expect(error.dpopNonce).not.toBe('made-up-nonce');
  });

  it('requires the nonce on refresh too, and keeps the refresh token bound', async () => {
    const key = await newDpopKey();
    const thief = await newDpopKey();
    // The helpers retry once with the server's nonce, as oidc-client-ts does.
    const first = await (await codeFor(metadata))(key);
    const challenge = await refused(
      refreshTokens({
        issuer: idp.issuer,
        refreshToken: first.refresh_token ?? '',
        dpop: once(key),
      }),
    );
    expect(challenge.error).toBe('use_dpop_nonce');
    const stolen = await refused(
      refreshTokens({ issuer: idp.issuer, refreshToken: first.refresh_token ?? '', dpop: thief }),
    );
    expect(stolen.error).toBe('invalid_grant');
    const second = await refreshTokens({
      issuer: idp.issuer,
      refreshToken: first.refresh_token ?? '',
      dpop: key,
    });
    expect(jktOf(second)).toBe(key.jkt);
  });

  it('keeps issued nonces valid across a key rotation', async () => {
    const key = await newDpopKey();
    const exchange = await codeFor(metadata);
    const { dpopNonce } = await refused(exchange(once(key)));
    await idp.rotateKeys();
    expect(jktOf(await exchange(once(key, dpopNonce)))).toBe(key.jkt);
  });

  it('lets the dashboard origin send DPoP and read DPoP-Nonce (CORS)', async () => {
    const origin = 'http://127.0.0.1:5173';
    const preflight = await fetch(metadata.token_endpoint, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,dpop',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('dpop');

    const key = await newDpopKey();
    const response = await fetch(metadata.token_endpoint, {
      method: 'POST',
      headers: {
        origin,
        dpop: await key.sign(metadata.token_endpoint, undefined),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: 'unknown',
        client_id: DASHBOARD_CLIENT_ID,
      }),
    });
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    expect(response.headers.get('dpop-nonce')).toBeTruthy();
    const exposed = (response.headers.get('access-control-expose-headers') ?? '')
      .toLowerCase()
      .split(/\s*,\s*/);
    expect(exposed).toEqual(expect.arrayContaining(['dpop-nonce', 'www-authenticate']));
  });
});
