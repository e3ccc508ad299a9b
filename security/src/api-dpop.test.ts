// DPoP (RFC 9449) at the bank API: every way of presenting a DPoP-bound access token wrongly.
// Real IdP and API; the bound token is Jane's real access token with a `cnf.jkt` added, signed by a
// key planted in the IdP's JWKS, so only the binding differs from what the IdP issues. Each case
// checks the status, the DPoP challenge, an error body without data, and that nothing was logged.
import { start as startBankApi, type RunningBankApi } from '@sesame/bank-api';
import { connect } from 'node:net';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dpopProofClaims,
  newDpopHolder,
  signDpopProof,
  type DpopHolder,
  type DpopProofOptions,
} from '@sesame/test-stack/dpop-client';
import { partsOf, patch, plantKey, unsigned } from './support/forge';
import type { Signer } from './support/forge';
import { expectNotLogged, startStack, type Stack } from './support/stack';

const ALGS = 'ES256 ES384 ES512 EdDSA Ed25519 RS256 RS384 RS512 PS256 PS384 PS512';
const challenge = (error: string, description: string) =>
  `DPoP realm="sesame-bank", error="${error}", error_description="${description}", algs="${ALGS}"`;

let stack: Stack;
let nonceApi: RunningBankApi;
let planted: Signer;
let holder: DpopHolder;
let jane: { access_token: string };
const secrets: string[] = [];
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  stack = await startStack();
  planted = await plantKey(stack.proxy);
  jane = await stack.tokensFor('jane.doe');
  holder = await newDpopHolder();
  nonceApi = await startBankApi({
    port: 0,
    issuer: stack.issuer,
    anchorDate: '2025-03-15',
    dpopNonce: true,
  });
});
afterAll(async () => {
  const logged = JSON.stringify([nonceApi.logs, nonceApi.requestLog]);
  for (const secret of secrets) expect(logged.includes(secret)).toBe(false);
  await nonceApi.stop();
  await stack.stop();
});

/** Jane's real access token, bound to `jkt` (or unbound with `null`). */
async function janeBound(jkt: string | null = holder.jkt): Promise<string> {
  const real = partsOf(jane.access_token);
  const token = await planted.sign(
    { typ: 'at+jwt', kid: planted.kid },
    patch(real.claims, { cnf: jkt === null ? undefined : { jkt } }),
  );
  secrets.push(token);
  return token;
}

async function proof(
  token: string,
  options: DpopProofOptions = {},
  signer: DpopHolder = holder,
  base = stack.api.url,
): Promise<string> {
  const signed = await signDpopProof(signer, token, `${base}/accounts`, options);
  secrets.push(signed);
  return signed;
}

async function call(authorization: string, dpop?: string, base = stack.api.url) {
  const headers = new Headers({ authorization });
  if (dpop !== undefined) headers.set('dpop', dpop);
  const response = await fetch(`${base}/accounts`, { headers });
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    nonce: response.headers.get('dpop-nonce'),
    text: await response.text(),
  };
}

/** A refusal: 401, the exact DPoP challenge, an error body without account data, nothing logged. */
function expectRefused(response: Awaited<ReturnType<typeof call>>, error: string, why: string) {
  expect(response.status).toBe(401);
  expect(response.challenge).toBe(challenge(error, why));
  const body = JSON.parse(response.text) as Record<string, unknown>;
  expect(body).toMatchObject({ code: error, message: why });
  expect(response.text).not.toMatch(/acc_|DE\d{2}|balance/);
  for (const secret of secrets) expect(response.text.includes(secret)).toBe(false);
  expectNotLogged(stack, jane.access_token, ...secrets);
}

describe('DPoP at the bank API', () => {
  it('control: a bound token with a good proof → 200 with Jane’s accounts', async () => {
    const token = await janeBound();
    const response = await call(`DPoP ${token}`, await proof(token));
    expect(response.status).toBe(200);
    expect(response.text).toContain('acc_jane_checking');
  });

  it('DPoP-bound token sent as Bearer → 401 invalid_token', async () => {
    const token = await janeBound();
    expectRefused(
      await call(`Bearer ${token}`),
      'invalid_token',
      'DPoP-bound token must be sent with the DPoP scheme',
    );
  });

  it('bound token without a proof → 401 invalid_dpop_proof', async () => {
    const token = await janeBound();
    expectRefused(await call(`DPoP ${token}`), 'invalid_dpop_proof', 'DPoP proof missing');
  });

  it('proof signed by another key (thumbprint ≠ cnf.jkt) → 401 invalid_token', async () => {
    const token = await janeBound();
    expectRefused(
      await call(`DPoP ${token}`, await proof(token, {}, await newDpopHolder())),
      'invalid_token',
      'DPoP proof key does not match the token binding',
    );
  });

  it('proof for another method (htm POST on a GET) → 401 invalid_dpop_proof', async () => {
    const token = await janeBound();
    expectRefused(
      await call(`DPoP ${token}`, await proof(token, { htm: 'POST' })),
      'invalid_dpop_proof',
      'DPoP proof htm mismatch',
    );
  });

  it('proof for another URL (htu /payees on /accounts) → 401 invalid_dpop_proof', async () => {
    const token = await janeBound();
    expectRefused(
      await call(`DPoP ${token}`, await proof(token, { htu: `${stack.api.url}/payees` })),
      'invalid_dpop_proof',
      'DPoP proof htu mismatch',
    );
  });

  it('replayed proof (same jti) → first 200, then 401 invalid_dpop_proof', async () => {
    const token = await janeBound();
    const once = await proof(token);
    expect((await call(`DPoP ${token}`, once)).status).toBe(200);
    expectRefused(await call(`DPoP ${token}`, once), 'invalid_dpop_proof', 'DPoP proof replayed');
  });

  it('proof too old (iat 2 minutes ago) → 401 invalid_dpop_proof', async () => {
    const token = await janeBound();
    expectRefused(
      await call(`DPoP ${token}`, await proof(token, { iat: now() - 120 })),
      'invalid_dpop_proof',
      'DPoP proof too old',
    );
  });

  it('proof from the future (iat in 2 minutes) → 401 invalid_dpop_proof', async () => {
    const token = await janeBound();
    expectRefused(
      await call(`DPoP ${token}`, await proof(token, { iat: now() + 120 })),
      'invalid_dpop_proof',
      'DPoP proof issued in the future',
    );
  });

  it('ath for another token → 401 invalid_dpop_proof', async () => {
    const token = await janeBound();
    expectRefused(
      await call(`DPoP ${token}`, await proof(token, { athFor: jane.access_token })),
      'invalid_dpop_proof',
      'DPoP proof ath mismatch',
    );
  });

  it('private key in the proof’s header jwk → 401 invalid_dpop_proof', async () => {
    const token = await janeBound();
    expectRefused(
      await call(`DPoP ${token}`, await proof(token, { jwk: holder.privateJwk })),
      'invalid_dpop_proof',
      'DPoP proof jwk must be a public key',
    );
  });

  it('proof with alg none → 401 invalid_dpop_proof', async () => {
    const token = await janeBound();
    const forged = unsigned(
      { typ: 'dpop+jwt', jwk: holder.publicJwk },
      dpopProofClaims(token, `${stack.api.url}/accounts`),
    );
    secrets.push(forged);
    expectRefused(
      await call(`DPoP ${token}`, forged),
      'invalid_dpop_proof',
      'DPoP proof signature, type or algorithm invalid',
    );
  });

  it('proof MACed with HS256 → 401 invalid_dpop_proof', async () => {
    const token = await janeBound();
    const forged = await new SignJWT(dpopProofClaims(token, `${stack.api.url}/accounts`))
      .setProtectedHeader({ alg: 'HS256', typ: 'dpop+jwt', jwk: holder.publicJwk })
      .sign(new TextEncoder().encode('a shared secret of thirty-two bytes!'));
    secrets.push(forged);
    expectRefused(
      await call(`DPoP ${token}`, forged),
      'invalid_dpop_proof',
      'DPoP proof signature, type or algorithm invalid',
    );
  });

  it('proof with typ JWT instead of dpop+jwt → 401 invalid_dpop_proof', async () => {
    const token = await janeBound();
    expectRefused(
      await call(`DPoP ${token}`, await proof(token, { typ: 'JWT' })),
      'invalid_dpop_proof',
      'DPoP proof signature, type or algorithm invalid',
    );
  });

  it('two DPoP headers on one request → 401 invalid_dpop_proof', async () => {
    const token = await janeBound();
    const [first, second] = [await proof(token), await proof(token)];
    const { hostname, port } = new URL(stack.api.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => {
        socket.end(
          `GET /accounts HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n` +
            `Authorization: DPoP ${token}\r\nDPoP: ${first}\r\nDPoP: ${second}\r\n\r\n`,
        );
      });
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(answer).toContain(
      `www-authenticate: ${challenge('invalid_dpop_proof', 'exactly one DPoP proof header required')}`,
    );
    expect(answer).not.toContain('acc_jane');
    expectNotLogged(stack, ...secrets);
  });

  it('unbound token sent with the DPoP scheme → 401 invalid_token', async () => {
    const token = await janeBound(null);
    expectRefused(
      await call(`DPoP ${token}`, await proof(token)),
      'invalid_token',
      'token is not DPoP-bound',
    );
  });

  it('nonce required and missing → 401 use_dpop_nonce with a DPoP-Nonce; retry with it → 200', async () => {
    const token = await janeBound();
    const first = await call(
      `DPoP ${token}`,
      await proof(token, {}, holder, nonceApi.url),
      nonceApi.url,
    );
    expect(first.status).toBe(401);
    expect(first.challenge).toBe(challenge('use_dpop_nonce', 'DPoP nonce required'));
    expect(first.nonce).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const retry = await call(
      `DPoP ${token}`,
      await proof(token, { nonce: first.nonce ?? '' }, holder, nonceApi.url),
      nonceApi.url,
    );
    expect(retry.status).toBe(200);
  });

  it('stale nonce → 401 use_dpop_nonce with a new DPoP-Nonce', async () => {
    const token = await janeBound();
    const response = await call(
      `DPoP ${token}`,
      await proof(token, { nonce: 'an-old-nonce-from-yesterday' }, holder, nonceApi.url),
      nonceApi.url,
    );
    expect(response.status).toBe(401);
    expect(response.challenge).toBe(challenge('use_dpop_nonce', 'DPoP nonce stale'));
    expect(response.nonce).not.toBeNull();
    expect(response.nonce).not.toBe('an-old-nonce-from-yesterday');
    expect(response.text).not.toContain('acc_');
  });
});
