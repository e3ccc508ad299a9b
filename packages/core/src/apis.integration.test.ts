// Several APIs (issue 21) against the real IdP (resource indicators), the real bank API and the real
// investments API, over HTTP on 127.0.0.1.
import { describe, expect, it, vi } from 'vitest';
import { INVEST_API_AUDIENCE } from '@sesame/test-stack/real-invest-api';
import { realStackWithInvestApiPerTest } from '@sesame/test-stack/real-invest-stack';
import { apis } from './apis';
import { crossTabLock } from './refresh-lock';
import type { AuthClient } from './types';

const BANK_API_AUDIENCE = 'https://bank.sesame.test/api';

const { stack, invest, apiEntries } = realStackWithInvestApiPerTest();

const twoApis = () => apis(apiEntries());

const claims = (token: string | null) =>
  JSON.parse(Buffer.from(token!.split('.')[1]!, 'base64url').toString()) as {
    aud: string | string[];
    scope: string;
  };
const issued = () => stack().idp.counters().accessTokensByResource;
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e,
  );

/** Every Authorization header `client.fetch` sent, by origin. */
function recordTokensSent() {
  const sent: { origin: string; token: string | undefined }[] = [];
  const real = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const authorization = new Headers(init?.headers).get('authorization');
    sent.push({ origin: url.origin, token: authorization?.replace(/^Bearer /, '') });
    return real(input, init);
  });
  return sent;
}

describe('several APIs with the real IdP, bank API and investments API', () => {
  it("gives each API a token with only its own audience and scopes, and never sends one API's token to the other", async () => {
    const { client } = await stack().signedIn('jane', { apis: twoApis() });
    const sent = recordTokensSent();
    expect((await client.fetch(`${stack().api.url}/accounts`)).status).toBe(200);
    expect((await client.fetch(`${invest().url}/portfolio`)).status).toBe(200);

    const bankToken = client.peekAccessToken('bank');
    const investToken = client.peekAccessToken('investments');
    expect(claims(bankToken)).toMatchObject({ aud: BANK_API_AUDIENCE });
    expect(claims(bankToken).scope.split(' ')).not.toContain('portfolio:read');
    expect(claims(bankToken).scope.split(' ')).toContain('accounts:read');
    expect(claims(investToken)).toMatchObject({
      aud: INVEST_API_AUDIENCE,
      scope: 'portfolio:read',
    });

    const to = (url: string) =>
      sent.filter((request) => request.origin === new URL(url).origin).map((r) => r.token);
    expect(to(invest().url)).toEqual([investToken]);
    expect(to(stack().api.url)).toEqual([bankToken]);
    // The battery's case: the bank's token at the investments API is refused there (401, audience).
    const wrong = await fetch(`${invest().url}/portfolio`, {
      headers: { authorization: `Bearer ${bankToken}` },
    });
    expect(wrong.status).toBe(401);
  });

  it('refreshes once per API when requests to both meet expired tokens, and all succeed', async () => {
    const { client } = await stack().signedIn('jane', {
      apis: twoApis(),
      storage: 'local',
      crossTabLock,
    });
    await client.getAccessToken({ api: 'investments' });
    // Both tokens expired meanwhile (a later generation, as another tab's write would be).
    const key = Object.keys(localStorage).find((name) => name.startsWith('sesame.user:'))!;
    const stored = JSON.parse(localStorage.getItem(key)!);
    const past = Math.floor(Date.now() / 1000) - 5;
    stored.expires_at = past;
    stored.apis.investments.expires_at = past;
    stored.gen = `${stored.gen}~`;
    localStorage.setItem(key, JSON.stringify(stored));
    stack().idp.resetCounters();

    const responses = await Promise.all([
      ...Array.from({ length: 5 }, () => client.fetch(`${stack().api.url}/accounts`)),
      ...Array.from({ length: 5 }, () => client.fetch(`${invest().url}/portfolio`)),
    ]);
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
    expect(issued()).toEqual({ [BANK_API_AUDIENCE]: 1, [INVEST_API_AUDIENCE]: 1 });
    expect(stack().idp.counters().tokenErrors).toEqual({});
    expect(client.getSnapshot().status).toBe('authenticated');
  });

  it.each(['bank', 'investments'] as const)(
    '"reject the next valid token" at the %s API refreshes only that API\'s token',
    async (name) => {
      const { client } = await stack().signedIn('jane', { apis: twoApis() });
      const urls = {
        bank: `${stack().api.url}/accounts`,
        investments: `${invest().url}/portfolio`,
      };
      await client.fetch(urls.bank);
      await client.fetch(urls.investments);
      const other = name === 'bank' ? 'investments' : 'bank';
      const before = {
        [name]: client.peekAccessToken(name),
        [other]: client.peekAccessToken(other),
      };
      stack().idp.resetCounters();
      (name === 'bank' ? stack().api : invest()).faults.set({ rejectNextValidTokens: 1 });

      expect((await client.fetch(urls[name])).status).toBe(200);
      expect(issued()).toEqual({
        [name === 'bank' ? BANK_API_AUDIENCE : INVEST_API_AUDIENCE]: 1,
      });
      expect(client.peekAccessToken(name)).not.toBe(before[name]);
      expect(client.peekAccessToken(other)).toBe(before[other]);
      expect((await client.fetch(urls[other])).status).toBe(200);
      expect(issued()).toEqual({
        [name === 'bank' ? BANK_API_AUDIENCE : INVEST_API_AUDIENCE]: 1,
      });
    },
  );

  it('rejects resource_refused for a resource this session was not granted, and the session goes on', async () => {
    // Signed in when the app named one API; the page loaded since names two (a new release).
    await stack().signedIn('jane', {
      apis: apis({
        bank: { origin: new URL(stack().api.url).origin, resource: BANK_API_AUDIENCE },
      }),
    });
    const { client } = stack().makeClient({ apis: twoApis() });
    await client.initialize();
    const error = await rejection(client.getAccessToken({ api: 'investments' }));
    expect(error).toMatchObject({ code: 'resource_refused', oauthError: 'invalid_target' });
    expect(client.getSnapshot().status).toBe('authenticated');
    expect((await client.fetch(`${stack().api.url}/accounts`)).status).toBe(200);
    expect(stack().idp.counters().tokenErrors).toEqual({ invalid_target: 1 });
  });

  it('revokes at sign-out and forgets every API token', async () => {
    const { client } = await stack().signedIn('jane', { apis: twoApis() });
    await client.fetch(`${invest().url}/portfolio`);
    await (client as AuthClient).signOut({ redirect: false });
    expect(client.peekAccessToken('investments')).toBeNull();
    expect(client.peekAccessToken('bank')).toBeNull();
    // The grant is gone: the investments token cannot be renewed.
    await expect(client.getAccessToken({ api: 'investments' })).rejects.toMatchObject({
      code: 'login_required',
    });
  });
});
