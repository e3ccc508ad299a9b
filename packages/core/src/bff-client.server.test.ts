// @vitest-environment node
// createBffClient on a server (SSR): creating it touches no browser API; commands that need the
// page reject browser_required, and fetch has no BFF API to reach (no page origin).
import { describe, expect, it } from 'vitest';
import { createBffClient } from './bff-client';

describe('createBffClient without a browser', () => {
  it('is created, loading, and its browser commands reject browser_required', async () => {
    const client = createBffClient();
    expect(client.getSnapshot()).toEqual({ status: 'loading', user: null, error: null });
    expect(client.getTimeouts()).toEqual({
      idle: null,
      sessionExpiresAt: null,
      sessionEndsSoon: false,
    });
    for (const [command, step] of [
      [() => client.initialize(), 'initialize'],
      [() => client.signIn(), 'sign_in'],
      [() => client.signOut(), 'sign_out'],
    ] as const) {
      await expect(command()).rejects.toMatchObject({ code: 'browser_required', step });
    }
    await expect(
      client.fetch('http://localhost:3000/bff/api/bank/accounts', { auth: 'required' }),
    ).rejects.toMatchObject({ code: 'token_origin_not_allowed' });
    client.dispose();
  });
});
