// No token reaches the browser or the log: every access, refresh and ID token the IdP issued during
// a whole journey (sign-in, session, API calls, a refresh, a 401 retry, errors, sign-out) is looked
// for in every response the browser got (status, headers, body) and in every log line.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sessionKey } from './session-record';
import { startBffStack, type BffStack } from './test-support/stack';

describe('no token in any response or log', () => {
  let stack: BffStack;
  const issued = new Set<string>();
  beforeAll(async () => {
    stack = await startBffStack();
    const realFetch = globalThis.fetch;
    // Every token endpoint answer, read on its way to the BFF.
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const response = await realFetch(input, init);
      const url = input instanceof Request ? input.url : String(input);
      if (url === `${stack.idp.issuer}/token` && response.ok) {
        const body = (await response.clone().json()) as Record<string, unknown>;
        for (const name of ['access_token', 'refresh_token', 'id_token']) {
          if (typeof body[name] === 'string') issued.add(body[name]);
        }
      }
      return response;
    });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await stack.stop();
  });

  it('holds for a whole journey', async () => {
    const browser = stack.browser();
    const { callbackUrl } = await browser.signIn('jane');
    await browser.fetch('/bff/session');
    await browser.fetch('/bff/api/bank/accounts');
    const key = sessionKey(browser.cookies.get('sesame')!);
    const stored = (await stack.store.get(key))!;
    await stack.store.set(key, { ...stored, accessTokenRefreshAt: Date.now() - 1 }, 60_000);
    await browser.fetch('/bff/api/bank/me');
    stack.api.faults.set({ rejectNextValidTokens: 1 });
    await browser.fetch('/bff/api/bank/payees');
    await browser.fetch('/bff/api/bank/accounts', { csrf: false });
    await browser.fetch('/bff/api/nope/x');
    await browser.navigate(callbackUrl);
    await browser.fetch('/bff/logout', { method: 'POST' });

    expect(issued.size).toBeGreaterThanOrEqual(6);
    expect(stack.refreshes()).toBe(2);
    const seen = [
      ...browser.responses.map((r) => `${r.status} ${JSON.stringify(r.headers)} ${r.body}`),
      ...stack.logs,
    ].join('\n');
    for (const token of issued) expect(seen).not.toContain(token);
    // Nor a code: the only place it appears is the IdP's redirect, never a BFF answer or log line.
    expect(seen).not.toContain(new URL(callbackUrl).searchParams.get('code')!);
  });
});
