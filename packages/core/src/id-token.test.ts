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
  ['no sub', (_h, c) => void delete c.sub],
  ['a nonce that does not match', (_h, c) => void (c.nonce = 'replayed-nonce')],
  ['no nonce', (_h, c) => void delete c.nonce],
  ['alg none', (h) => void (h.alg = 'none')],
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
