import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeIdp, type FakeIdp } from '@sesame/test-stack/fake-idp';
import { resetBrowser, signedIn } from './testing/harness';

let idp: FakeIdp;
beforeEach(async () => {
  resetBrowser();
  idp = await startFakeIdp();
});
afterEach(() => idp.stop());

describe('debug logging', () => {
  it('explains each decision and never prints a token', async () => {
    const lines: string[] = [];
    const logger = {
      debug: (message: string, data?: unknown) =>
        lines.push(`${message} ${JSON.stringify(data ?? {})}`),
    };
    const { client } = await signedIn(idp, { logger });
    const stored = JSON.parse(sessionStorage.getItem(`sesame.user:bank-dashboard@${idp.issuer}`)!);
    await client.getAccessToken();
    await client.getAccessToken({ forceRefresh: true });
    idp.revokeAll();
    await client.getAccessToken({ forceRefresh: true }).catch(() => {});
    await client.signOut({ redirect: false });
    const text = lines.join('\n');
    expect(text).toMatch(/redirecting to sign in/);
    expect(text).toMatch(/signed in/);
    expect(text).toMatch(/token fresh/);
    expect(text).toMatch(/refreshing/);
    expect(text).toMatch(/refresh failed.*login_required.*invalid_grant/);
    for (const secret of [stored.access_token, stored.refresh_token, stored.id_token]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/at-[0-9a-f-]{36}|eyJ/);
  });
});
