// Pins how openid-client's failures are read (its error classes, codes and the two parameter
// messages of the authorization response): an upgrade that changes them fails here first.
import * as oidc from 'openid-client';
import { describe, expect, it } from 'vitest';
import { callbackError, idpFailure, isTimeout } from './idp-errors';

const ISSUER = 'https://idp.test';

function config(answer: () => Promise<Response>): oidc.Configuration {
  const configuration = new oidc.Configuration(
    {
      issuer: ISSUER,
      token_endpoint: `${ISSUER}/token`,
      authorization_response_iss_parameter_supported: true,
    },
    'bank-bff',
    undefined,
    oidc.None(),
  );
  configuration[oidc.customFetch] = answer;
  return configuration;
}

const jsonAnswer = (status: number, body: unknown) => async () =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function failure(
  query: string,
  answer: () => Promise<Response> = jsonAnswer(200, {}),
): Promise<unknown> {
  try {
    await oidc.authorizationCodeGrant(
      config(answer),
      new URL(`https://app.test/bff/callback?${query}`),
      { expectedState: 'S', pkceCodeVerifier: oidc.randomPKCECodeVerifier(), expectedNonce: 'N' },
    );
  } catch (error) {
    return error;
  }
  throw new Error('no failure');
}

const code = async (query: string, answer?: () => Promise<Response>) =>
  callbackError(await failure(query, answer)).code;

describe('callbackError', () => {
  it('reads a wrong or missing iss as a mix-up', async () => {
    expect(await code('code=c&state=S&iss=https%3A%2F%2Fevil.test')).toBe('callback_iss_mismatch');
    expect(await code('code=c&state=S')).toBe('callback_iss_mismatch');
  });

  it('reads a wrong state', async () => {
    expect(await code(`code=c&state=T&iss=${encodeURIComponent(ISSUER)}`)).toBe(
      'callback_state_mismatch',
    );
  });

  it("passes the IdP's error and description on", async () => {
    const error = callbackError(
      await failure(
        `error=access_denied&error_description=The+user+said+no&state=S&iss=${encodeURIComponent(ISSUER)}`,
      ),
    );
    expect(error.code).toBe('callback_error');
    expect(error.oauthError).toBe('access_denied');
    expect(error.oauthErrorDescription).toBe('The user said no');
  });

  it('reads a refused exchange, an unreachable IdP and a bad ID token', async () => {
    const ok = `code=c&state=S&iss=${encodeURIComponent(ISSUER)}`;
    expect(await code(ok, jsonAnswer(400, { error: 'invalid_grant' }))).toBe(
      'callback_exchange_failed',
    );
    expect(await code(ok, jsonAnswer(503, { error: 'temporarily_unavailable' }))).toBe(
      'idp_unavailable',
    );
    expect(await code(ok, async () => new Response('down', { status: 502 }))).toBe(
      'idp_unavailable',
    );
    expect(
      await code(ok, async () => {
        throw new TypeError('fetch failed');
      }),
    ).toBe('idp_unavailable');
    expect(
      await code(
        ok,
        jsonAnswer(200, { access_token: 'a', token_type: 'DPoP', id_token: 'not.a.jwt' }),
      ),
    ).toBe('id_token_invalid');
  });
});

describe('idpFailure', () => {
  it('tells a timeout, a network failure and a refusal apart', async () => {
    const timeout = await failure(`code=c&state=S&iss=${encodeURIComponent(ISSUER)}`, async () => {
      throw new DOMException('timed out', 'TimeoutError');
    });
    expect(idpFailure(timeout)).toBe('unavailable');
    expect(isTimeout(timeout)).toBe(true);
    expect(idpFailure(new TypeError('fetch failed'))).toBe('unavailable');
    expect(isTimeout(new TypeError('fetch failed'))).toBe(false);
    expect(idpFailure(new Error('other'))).toBe('invalid');
  });
});
