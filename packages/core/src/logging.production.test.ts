// What a production build logs (README, Logging): every event still reaches the configured
// logger, with its data, but as its number (`#7`), not its sentence. Here the sources run with
// `DEV` false, as the production flavour has it written in at each use.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeIdp, type FakeIdp } from '@sesame/test-stack/fake-idp';
import { resetBrowser, signedIn } from './testing/harness';

vi.mock('./dev', () => ({ DEV: false }));

let idp: FakeIdp;
beforeEach(async () => {
  resetBrowser();
  idp = await startFakeIdp();
});
afterEach(() => idp.stop());

describe('logging in a production build', () => {
  it('calls the logger for every event, with the event number and the same data', async () => {
    const calls: [string, unknown][] = [];
    const { client } = await signedIn(idp, {
      logger: { debug: (message, data) => calls.push([message, data]) },
    });
    await client.getAccessToken();
    idp.revokeAll();
    await client.getAccessToken({ forceRefresh: true }).catch(() => {});
    const messages = calls.map(([message]) => message);
    // redirecting to sign in, signed in, token fresh, refreshing, refresh failed
    expect(messages).toEqual(expect.arrayContaining(['#2', '#4', '#7', '#8', '#10']));
    expect(messages.every((message) => /^#\d+$/.test(message))).toBe(true);
    expect(calls).toContainEqual([
      '#10',
      expect.objectContaining({ code: 'login_required', oauthError: 'invalid_grant' }),
    ]);
  });

  it('inspect() listeners get the same numbers, without the development labels', async () => {
    const { client } = await signedIn(idp);
    const heard: unknown[] = [];
    client.inspect((id, data) => heard.push([id, data]));
    await client.getAccessToken();
    await client.getAccessToken({ forceRefresh: true });
    expect(heard).toEqual([
      [7, undefined],
      [8, undefined],
      [9, { expiresAt: expect.any(Number) }],
    ]);
  });

  it('debug: true prints the numbers to console.debug', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const { client } = await signedIn(idp, { debug: true });
    await client.getAccessToken();
    expect(debug).toHaveBeenCalledWith('[sesame] #7');
    debug.mockRestore();
  });
});

describe('bad input in a production build', () => {
  it('getAccessToken({ api }) without the apis setting rejects api_unknown, never the only token', async () => {
    const { client } = await signedIn(idp);
    await expect(client.getAccessToken({ api: 'investments' })).rejects.toMatchObject({
      code: 'api_unknown',
    });
  });
});
