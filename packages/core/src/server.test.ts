// @vitest-environment node
import { describe, expect, it } from 'vitest';

describe('on a server (no window)', () => {
  it('imports, creates a client and rejects browser-only commands with browser_required', async () => {
    const { createAuthClient } = await import('./index');
    const client = createAuthClient({
      authority: 'https://idp.bank.example',
      client_id: 'bank-dashboard',
      redirect_uri: 'https://app.bank.example/callback',
    });
    expect(client.getSnapshot()).toEqual({ status: 'loading', user: null, error: null });
    expect(client.isCallbackUrl()).toBe(false);
    for (const command of [
      () => client.initialize(),
      () => client.signIn(),
      () => client.handleCallback(),
      () => client.signOut(),
      () => client.getAccessToken(),
    ]) {
      await expect(command()).rejects.toMatchObject({ code: 'browser_required' });
    }
    client.dispose();
  });
});
