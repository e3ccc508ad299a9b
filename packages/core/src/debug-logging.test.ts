import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeIdp, type FakeIdp } from '@sesame/test-stack/fake-idp';
import { resetBrowser, signedIn } from './testing/harness';

let idp: FakeIdp;
beforeEach(async () => {
  resetBrowser();
  idp = await startFakeIdp();
});
afterEach(() => {
  idp.stop();
  vi.restoreAllMocks();
});

describe('debug: true', () => {
  it('prints each decision to console.debug, prefixed, and never a token', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const { client } = await signedIn(idp, { debug: true });
    const stored = JSON.parse(sessionStorage.getItem(`sesame.user:bank-dashboard@${idp.issuer}`)!);
    await client.getAccessToken();
    await client.getAccessToken({ forceRefresh: true });
    idp.revokeAll();
    await client.getAccessToken({ forceRefresh: true }).catch(() => {});
    const text = debug.mock.calls.map((args) => JSON.stringify(args)).join('\n');
    expect(debug.mock.calls.every(([first]) => String(first).startsWith('[sesame] '))).toBe(true);
    expect(text).toMatch(/token fresh/);
    expect(text).toMatch(/refreshing/);
    expect(text).toMatch(/refresh failed.*login_required/);
    for (const secret of [stored.access_token, stored.refresh_token, stored.id_token]) {
      expect(text).not.toContain(secret);
    }
  });

  it('stays quiet without it, and an explicit logger wins over it', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const lines: string[] = [];
    const { client } = await signedIn(idp, {
      debug: true,
      logger: { debug: (m) => lines.push(m) },
    });
    await client.getAccessToken();
    const quiet = await signedIn(idp);
    await quiet.client.getAccessToken();
    expect(debug).not.toHaveBeenCalled();
    expect(lines).toContain('token fresh');
  });
});
