// The BFF's openid-client configuration checks the ID token's signature against the IdP's JWKS,
// not only its claims (openid-client skips signatures of token-endpoint answers unless told). A
// hostile IdP stands in, through fetch: its discovery, JWKS and token endpoint.
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import * as oidc from 'openid-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Idp } from './idp';
import { callbackError } from './idp-errors';
import { resolveOptions } from './options';

const ISSUER = 'https://idp.test';

async function hostileIdp(options: { signWith: 'published' | 'other'; aud?: string }) {
  const published = await generateKeyPair('ES256', { extractable: true });
  const other = await generateKeyPair('ES256');
  const clientKey = await generateKeyPair('ES256', { extractable: true });
  const idToken = await new SignJWT({ nonce: 'N', sub: 'usr_1' })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .setIssuer(ISSUER)
    .setAudience(options.aud ?? 'bank-bff')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(options.signWith === 'published' ? published.privateKey : other.privateKey);
  const answers: Record<string, unknown> = {
    [`${ISSUER}/.well-known/openid-configuration`]: {
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}/auth`,
      token_endpoint: `${ISSUER}/token`,
      jwks_uri: `${ISSUER}/jwks`,
      authorization_response_iss_parameter_supported: true,
      id_token_signing_alg_values_supported: ['ES256'],
    },
    [`${ISSUER}/jwks`]: {
      keys: [{ ...(await exportJWK(published.publicKey)), kid: 'k1', alg: 'ES256' }],
    },
    [`${ISSUER}/token`]: {
      access_token: 'at',
      token_type: 'DPoP',
      expires_in: 300,
      id_token: idToken,
    },
  };
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
    const url = input instanceof Request ? input.url : String(input);
    const body = answers[url];
    if (body === undefined) return new Response('not found', { status: 404 });
    return new Response(JSON.stringify(body), {
      headers: {
        'content-type': url.endsWith('/jwks') ? 'application/jwk-set+json' : 'application/json',
      },
    });
  });
  return new Idp(
    resolveOptions({
      issuer: ISSUER,
      clientId: 'bank-bff',
      clientPrivateKey: await exportJWK(clientKey.privateKey),
      redirectUri: 'https://bank.example/bff/callback',
      allowedOrigins: ['https://bank.example'],
    }),
  );
}

async function exchange(idp: Idp) {
  const { idp: config } = await idp.configs();
  return oidc.authorizationCodeGrant(
    config,
    new URL(`https://bank.example/bff/callback?code=c&state=S&iss=${encodeURIComponent(ISSUER)}`),
    { expectedState: 'S', expectedNonce: 'N', pkceCodeVerifier: oidc.randomPKCECodeVerifier() },
  );
}

/** The rejection of the exchange; fails the test when the exchange succeeds. */
async function refusal(idp: Idp): Promise<unknown> {
  const outcome = await exchange(idp).then(
    () => ({ rejected: false, error: undefined }),
    (error: unknown) => ({ rejected: true, error }),
  );
  expect(outcome.rejected, 'the exchange was accepted').toBe(true);
  return outcome.error;
}

describe('ID token checks of the BFF configuration', () => {
  afterEach(() => vi.restoreAllMocks());

  it('accepts an ID token signed by a key of the IdP’s JWKS', async () => {
    const tokens = await exchange(await hostileIdp({ signWith: 'published' }));
    expect(tokens.claims()?.sub).toBe('usr_1');
  });

  it('refuses one signed by another key, though its claims are right', async () => {
    const error = await refusal(await hostileIdp({ signWith: 'other' }));
    expect(callbackError(error).code).toBe('id_token_invalid');
  });

  it('refuses one for another audience', async () => {
    const error = await exchange(
      await hostileIdp({ signWith: 'published', aud: 'someone-else' }),
    ).catch((e: unknown) => e);
    expect(callbackError(error).code).toBe('id_token_invalid');
  });
});
