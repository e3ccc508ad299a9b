import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeIdp, type FakeIdp } from '@sesame/test-stack/fake-idp';
import { makeClient, reachCallback, resetBrowser, signedIn } from './testing/harness';

type Mutation = (header: Record<string, unknown>, claims: Record<string, unknown>) => void;

// One corrupted ID token per case, from a token endpoint that is otherwise well-behaved.
const cases: [string, Mutation][] = [
  ['a wrong iss', (_h, c) => void (c.iss = 'https://attacker.example')],
  ['a wrong aud', (_h, c) => void (c.aud = 'another-client')],
  ['several audiences without azp', (_h, c) => void (c.aud = [c.aud, 'another-client'])],
  ['an azp naming another client', (_h, c) => void (c.azp = 'another-client')],
  ['an exp long past', (_h, c) => void (c.exp = Math.floor(Date.now() / 1000) - 3600)],
  ['no exp', (_h, c) => void delete c.exp],
  ['no iat', (_h, c) => void delete c.iat],
  ['an iat a day in the future', (_h, c) => void (c.iat = (c.iat as number) + 86_400)],
  ['no sub', (_h, c) => void delete c.sub],
  ['a nonce that does not match', (_h, c) => void (c.nonce = 'replayed-nonce')],
  ['no nonce', (_h, c) => void delete c.nonce],
  ['alg none', (h) => void (h.alg = 'none')],
  // A public client has no secret: a MAC keyed with the client_id can be made by anyone.
  ['HS256 keyed with the client_id', (h) => void (h.alg = 'HS256')],
  ['a kid the provider does not publish', (h) => void (h.kid = 'not-published')],
];

let idp: FakeIdp | undefined;
beforeEach(resetBrowser);
afterEach(() => idp?.stop());

describe('ID-token checks (on top of oidc-client-ts)', () => {
  it.each(cases)(
    'refuses an ID token with %s: id_token_invalid and no stored user',
    async (_name, mutate) => {
      idp = await startFakeIdp({ mutateIdToken: mutate });
      const { client, navigate } = makeClient(idp);
      await reachCallback(client, navigate, idp);
      const error = await client.handleCallback().catch((e: unknown) => e);
      expect(error).toMatchObject({
        name: 'AuthError',
        code: 'id_token_invalid',
        step: 'callback',
      });
      expect(client.getSnapshot()).toEqual({ status: 'error', user: null, error });
      expect(sessionStorage.length).toBe(0);
      expect(client.peekAccessToken()).toBeNull();
    },
  );

  it('accepts several audiences when azp is this client, and a slightly expired exp (clock skew)', async () => {
    idp = await startFakeIdp({
      mutateIdToken: (_h, c) => {
        c.aud = [c.aud, 'https://api.bank.example'];
        c.azp = 'bank-dashboard';
        c.exp = Math.floor(Date.now() / 1000) - 60;
      },
    });
    const { client } = await signedIn(idp);
    expect(client.getSnapshot().status).toBe('authenticated');
  });

  it('ends the session when a refresh returns an ID token for another subject', async () => {
    let refreshes = 0;
    idp = await startFakeIdp({
      mutateIdToken: (_h, c) => {
        if (!c.nonce && ++refreshes) c.sub = 'usr_someone_else';
      },
    });
    const { client } = await signedIn(idp);
    await expect(client.getAccessToken({ forceRefresh: true })).rejects.toMatchObject({
      code: 'id_token_invalid',
    });
    expect(client.getSnapshot()).toMatchObject({
      status: 'unauthenticated',
      error: { code: 'id_token_invalid' },
    });
    expect(sessionStorage.length).toBe(0);
  });
});

describe('ID-token signature (against the provider JWKS, on by default)', () => {
  async function signInError(
    client: ReturnType<typeof makeClient>['client'],
    navigate: ReturnType<typeof makeClient>['navigate'],
  ) {
    await reachCallback(client, navigate, idp!);
    return client.handleCallback().catch((e: unknown) => e);
  }

  it.each(['RS256', 'PS256', 'ES256', 'EdDSA'] as const)(
    'accepts an ID token signed %s with a published key',
    async (alg) => {
      idp = await startFakeIdp({ idTokenAlg: alg });
      const { client } = await signedIn(idp);
      expect(client.getSnapshot().status).toBe('authenticated');
      expect(idp.counters.jwks).toBe(1);
    },
  );

  it('refuses an algorithm the discovery does not list (ES256 when it lists RS256 only)', async () => {
    idp = await startFakeIdp({ idTokenAlg: 'ES256', idTokenAlgsSupported: ['RS256'] });
    const { client, navigate } = makeClient(idp);
    expect(await signInError(client, navigate)).toMatchObject({ code: 'id_token_invalid' });
    expect(client.peekAccessToken()).toBeNull();
  });

  it('takes RS256 only when the discovery lists no algorithm', async () => {
    idp = await startFakeIdp({ idTokenAlg: 'ES256', idTokenAlgsSupported: null });
    const made = makeClient(idp);
    expect(await signInError(made.client, made.navigate)).toMatchObject({
      code: 'id_token_invalid',
    });
    await idp.stop();
    resetBrowser();
    idp = await startFakeIdp({ idTokenAlg: 'RS256', idTokenAlgsSupported: null });
    expect((await signedIn(idp)).client.getSnapshot().status).toBe('authenticated');
  });

  it('refuses a signed ID token whose payload was changed afterwards', async () => {
    idp = await startFakeIdp({
      tamperSignedIdToken: (token) => {
        const [head, payload, signature] = token.split('.');
        const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as object;
        const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'usr_admin' }));
        return `${head}.${forged.toString('base64url')}.${signature}`;
      },
    });
    const { client, navigate } = makeClient(idp);
    expect(await signInError(client, navigate)).toMatchObject({ code: 'id_token_invalid' });
    expect(client.getSnapshot().user).toBeNull();
  });

  it('an unknown kid fetches the JWKS once more, then refuses', async () => {
    idp = await startFakeIdp({ mutateIdToken: (h) => void (h.kid = 'not-published') });
    const { client, navigate } = makeClient(idp);
    expect(await signInError(client, navigate)).toMatchObject({ code: 'id_token_invalid' });
    expect(idp.counters.jwks).toBe(2);
  });

  it('refuses a new ID token at refresh that is not signed by the provider: signed out', async () => {
    idp = await startFakeIdp({
      mutateIdToken: (h, c) => {
        if (!c.nonce) h.alg = 'HS256'; // refresh responses carry no nonce
      },
    });
    const { client } = await signedIn(idp);
    await expect(client.getAccessToken({ forceRefresh: true })).rejects.toMatchObject({
      code: 'id_token_invalid',
      step: 'refresh',
    });
    expect(client.getSnapshot()).toMatchObject({ status: 'unauthenticated', user: null });
  });

  it('verifyIdTokenSignature: false (the documented opt-out) accepts the HS256 forgery and never fetches the JWKS', async () => {
    idp = await startFakeIdp({ mutateIdToken: (h) => void (h.alg = 'HS256') });
    const { client } = await signedIn(idp, { verifyIdTokenSignature: false });
    expect(client.getSnapshot().status).toBe('authenticated');
    expect(idp.counters.jwks).toBe(0);
  });
});
