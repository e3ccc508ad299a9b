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
import { DPOP_ALGORITHMS } from './auth/dpop-proof.js';
import { startHarness, type Harness } from './test-support/harness.js';

const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

let h: Harness;
let holder: DpopHolder;
const sent = new Set<string>();

async function makeProof(
  token: string,
  path = '/accounts',
  options: DpopProofOptions = {},
  signer: DpopHolder = holder,
): Promise<string> {
  const proof = await signDpopProof(signer, token, `${h.api.url}${path}`, options);
  sent.add(proof);
  return proof;
}

async function boundToken(jkt = holder.jkt): Promise<string> {
  const token = await h.idp.mint({ claims: { cnf: { jkt } } });
  sent.add(token);
  return token;
}

function dpopCall(token: string, proof: string | undefined, path = '/accounts', method = 'GET') {
  return h.call(path, {
    method,
    headers: { authorization: `DPoP ${token}`, ...(proof === undefined ? {} : { dpop: proof }) },
  });
}

function expectRefusal(
  response: Awaited<ReturnType<Harness['call']>>,
  error: string,
  description: string,
) {
  expect(response.status).toBe(401);
  expect(response.body).toMatchObject({ code: error, message: description });
  expect(response.headers.get('www-authenticate')).toBe(
    `DPoP realm="sesame-bank", error="${error}", error_description="${description}", algs="${DPOP_ALGORITHMS.join(' ')}"`,
  );
}

/** Sends raw header lines, so one request can carry two separate `DPoP` headers. */
function rawRequest(lines: string[]): Promise<string> {
  const { hostname, port } = new URL(h.api.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.end(
        `GET /accounts HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n${lines.join('\r\n')}\r\n\r\n`,
      );
    });
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

beforeAll(async () => {
  h = await startHarness();
  holder = await newDpopHolder();
});
afterAll(async () => {
  // Neither a token nor a proof may appear in any log line or request-log entry.
  const logged = JSON.stringify([h.api.logs, h.api.requestLog]);
  for (const secret of [...sent, ...h.sentTokens]) expect(logged).not.toContain(secret);
  expect(sent.size).toBeGreaterThan(15);
  await h.stop();
});

describe('DPoP over HTTP (RFC 9449)', () => {
  it('accepts a bound token with a good proof, and a fresh proof for each request', async () => {
    const token = await boundToken();
    expect((await dpopCall(token, await makeProof(token))).status).toBe(200);
    const withQuery = await makeProof(token, '/accounts', {
      htu: `${h.api.url}/accounts?limit=1#x`,
    });
    expect((await dpopCall(token, withQuery, '/accounts?limit=1')).status).toBe(200);
    // Compared after URL normalisation (scheme and host case, default path).
    const upperCase = await makeProof(token, '/accounts', {
      htu: `${h.api.url.replace('http://', 'HTTP://')}/accounts`,
    });
    expect((await dpopCall(token, upperCase)).status).toBe(200);
    const post = await makeProof(token, '/cards/card_jane_1/freeze', { htm: 'POST' });
    const frozen = await dpopCall(token, post, '/cards/card_jane_1/freeze', 'POST');
    expect(frozen.status).not.toBe(401);
  });

  it('keeps plain bearer tokens without cnf working', async () => {
    const response = await h.call('/accounts', { token: await h.idp.mint() });
    expect(response.status).toBe(200);
  });

  it('DPoP-bound token sent as Bearer → 401 invalid_token', async () => {
    const token = await boundToken();
    const response = await h.call('/accounts', { token });
    expectRefusal(response, 'invalid_token', 'DPoP-bound token must be sent with the DPoP scheme');
  });

  it('bound token with the DPoP scheme but no proof → 401 invalid_dpop_proof', async () => {
    expectRefusal(
      await dpopCall(await boundToken(), undefined),
      'invalid_dpop_proof',
      'DPoP proof missing',
    );
  });

  it('unbound token with the DPoP scheme → 401 invalid_token', async () => {
    const token = await h.idp.mint();
    sent.add(token);
    expectRefusal(
      await dpopCall(token, await makeProof(token)),
      'invalid_token',
      'token is not DPoP-bound',
    );
  });

  it('expired bound token with a good proof → 401 with a DPoP challenge', async () => {
    const token = await h.idp.mint({
      claims: { cnf: { jkt: holder.jkt }, iat: now() - 900, exp: now() - 600 },
    });
    sent.add(token);
    expectRefusal(await dpopCall(token, await makeProof(token)), 'invalid_token', 'token expired');
  });

  it('proof signed by another key (thumbprint ≠ cnf.jkt) → 401 invalid_token', async () => {
    const token = await boundToken();
    const proof = await makeProof(token, '/accounts', {}, await newDpopHolder());
    expectRefusal(
      await dpopCall(token, proof),
      'invalid_token',
      'DPoP proof key does not match the token binding',
    );
  });

  it('proof for another method → 401 invalid_dpop_proof', async () => {
    const token = await boundToken();
    const proof = await makeProof(token, '/accounts', { htm: 'POST' });
    expectRefusal(await dpopCall(token, proof), 'invalid_dpop_proof', 'DPoP proof htm mismatch');
  });

  it('proof for another URL → 401 invalid_dpop_proof', async () => {
    const token = await boundToken();
    for (const htu of [`${h.api.url}/payees`, 'https://evil.example/accounts', 'not a url']) {
      const proof = await makeProof(token, '/accounts', { htu });
      expectRefusal(await dpopCall(token, proof), 'invalid_dpop_proof', 'DPoP proof htu mismatch');
    }
  });

  it('replayed proof (same jti) → first 200, second 401 invalid_dpop_proof', async () => {
    const token = await boundToken();
    const proof = await makeProof(token);
    expect((await dpopCall(token, proof)).status).toBe(200);
    expectRefusal(await dpopCall(token, proof), 'invalid_dpop_proof', 'DPoP proof replayed');
  });

  it('proof too old (iat 2 minutes ago) → 401 invalid_dpop_proof', async () => {
    const token = await boundToken();
    const proof = await makeProof(token, '/accounts', { iat: now() - 120 });
    expectRefusal(await dpopCall(token, proof), 'invalid_dpop_proof', 'DPoP proof too old');
  });

  it('proof from the future (iat in 2 minutes) → 401 invalid_dpop_proof', async () => {
    const token = await boundToken();
    const proof = await makeProof(token, '/accounts', { iat: now() + 120 });
    expectRefusal(
      await dpopCall(token, proof),
      'invalid_dpop_proof',
      'DPoP proof issued in the future',
    );
  });

  it('ath for another token → 401 invalid_dpop_proof', async () => {
    const token = await boundToken();
    const proof = await makeProof(token, '/accounts', { athFor: await boundToken() });
    expectRefusal(await dpopCall(token, proof), 'invalid_dpop_proof', 'DPoP proof ath mismatch');
  });

  it('private key in the header jwk → 401 invalid_dpop_proof', async () => {
    const token = await boundToken();
    const proof = await makeProof(token, '/accounts', { jwk: holder.privateJwk });
    expectRefusal(
      await dpopCall(token, proof),
      'invalid_dpop_proof',
      'DPoP proof jwk must be a public key',
    );
  });

  it('alg none → 401 invalid_dpop_proof', async () => {
    const token = await boundToken();
    const proof = `${b64({ alg: 'none', typ: 'dpop+jwt', jwk: holder.publicJwk })}.${b64(dpopProofClaims(token, `${h.api.url}/accounts`))}.`;
    sent.add(proof);
    expectRefusal(
      await dpopCall(token, proof),
      'invalid_dpop_proof',
      'DPoP proof signature, type or algorithm invalid',
    );
  });

  it('HS256 (a MAC, not a signature) → 401 invalid_dpop_proof', async () => {
    const token = await boundToken();
    const proof = await new SignJWT(dpopProofClaims(token, `${h.api.url}/accounts`))
      .setProtectedHeader({ alg: 'HS256', typ: 'dpop+jwt', jwk: holder.publicJwk })
      .sign(new TextEncoder().encode('a shared secret of thirty-two bytes!'));
    sent.add(proof);
    expectRefusal(
      await dpopCall(token, proof),
      'invalid_dpop_proof',
      'DPoP proof signature, type or algorithm invalid',
    );
  });

  it('typ JWT instead of dpop+jwt → 401 invalid_dpop_proof', async () => {
    const token = await boundToken();
    const proof = await makeProof(token, '/accounts', { typ: 'JWT' });
    expectRefusal(
      await dpopCall(token, proof),
      'invalid_dpop_proof',
      'DPoP proof signature, type or algorithm invalid',
    );
  });

  it('two DPoP headers (separate or joined) → 401 invalid_dpop_proof', async () => {
    const token = await boundToken();
    const first = await makeProof(token);
    const second = await makeProof(token);
    const answer = await rawRequest([
      `Authorization: DPoP ${token}`,
      `DPoP: ${first}`,
      `DPoP: ${second}`,
    ]);
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(answer).toContain('error="invalid_dpop_proof"');
    expect(answer).toContain('exactly one DPoP proof header required');
    expectRefusal(
      await dpopCall(token, `${first}, ${second}`),
      'invalid_dpop_proof',
      'exactly one DPoP proof header required',
    );
    // Neither proof was used up: the first still works alone.
    expect((await dpopCall(token, first)).status).toBe(200);
  });

  it('malformed DPoP Authorization header → 401 invalid_token', async () => {
    const response = await h.call('/accounts', { headers: { authorization: 'DPoP a b' } });
    expectRefusal(response, 'invalid_token', 'expected exactly one DPoP access token');
  });

  it('lets browsers send DPoP and read DPoP-Nonce (CORS)', async () => {
    const preflight = await h.call('/accounts', {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:5173',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization, dpop',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('DPoP');
    const token = await boundToken();
    const response = await h.call('/accounts', {
      headers: {
        origin: 'http://127.0.0.1:5173',
        authorization: `DPoP ${token}`,
        dpop: await makeProof(token),
      },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-expose-headers')).toContain('DPoP-Nonce');
  });
});

describe('DPoP with server nonces and a public URL', () => {
  const publicUrl = 'https://bank.example';
  let n: Harness;
  const proofFor = async (token: string, options: DpopProofOptions = {}) =>
    makeProof(token, '/accounts', { htu: `${publicUrl}/accounts`, ...options });
  const call = (token: string, proof: string) =>
    n.call('/accounts', { headers: { authorization: `DPoP ${token}`, dpop: proof } });

  beforeAll(async () => {
    n = await startHarness({ dpopNonce: true, publicUrl });
  });
  afterAll(async () => {
    const logged = JSON.stringify([n.api.logs, n.api.requestLog]);
    for (const secret of sent) expect(logged).not.toContain(secret);
    await n.stop();
  });

  const mintBound = async () => {
    const token = await n.idp.mint({ claims: { cnf: { jkt: holder.jkt } } });
    sent.add(token);
    return token;
  };

  it('nonce required and missing → 401 use_dpop_nonce with DPoP-Nonce; retry with it → 200', async () => {
    const token = await mintBound();
    const first = await call(token, await proofFor(token));
    expectRefusal(first, 'use_dpop_nonce', 'DPoP nonce required');
    const nonce = first.headers.get('dpop-nonce');
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect((await call(token, await proofFor(token, { nonce: nonce ?? '' }))).status).toBe(200);
  });

  it('stale (unknown) nonce → 401 use_dpop_nonce with a fresh DPoP-Nonce', async () => {
    const token = await mintBound();
    const response = await call(token, await proofFor(token, { nonce: 'stale-nonce-value' }));
    expectRefusal(response, 'use_dpop_nonce', 'DPoP nonce stale');
    expect(response.headers.get('dpop-nonce')).not.toBe('stale-nonce-value');
  });

  it('htu must name the configured public URL, not the listen address', async () => {
    const token = await mintBound();
    const challenge = await call(token, await proofFor(token));
    const nonce = challenge.headers.get('dpop-nonce') ?? '';
    const local = await makeProof(token, '/accounts', { htu: `${n.api.url}/accounts`, nonce });
    expectRefusal(await call(token, local), 'invalid_dpop_proof', 'DPoP proof htu mismatch');
  });
});
