import { afterEach, describe, expect, it, vi } from 'vitest';

const settings = {
  authority: 'http://idp.bank.example', // http off loopback: refused
  client_id: 'bank-dashboard',
  redirect_uri: 'https://app.bank.example/callback',
};

/** The engine's modules as a build with this NODE_ENV loads them. */
async function loadAs(nodeEnv: string) {
  vi.stubEnv('NODE_ENV', nodeEnv);
  vi.resetModules();
  return {
    ...(await import('./dev')),
    ...(await import('./index')),
    ...(await import('./id-token')),
  };
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('developer messages', () => {
  it('development: errors say what went wrong and what to do', async () => {
    const core = await loadAs('development');
    expect(core.DEV).toBe(true);
    expect(() => core.createAuthClient(settings)).toThrow(/authority must use https/);
  });

  it('production: the same checks run, with the code and step in a short message', async () => {
    const core = await loadAs('production');
    expect(core.DEV).toBe(false);
    expect(() => core.createAuthClient(settings)).toThrow(
      expect.objectContaining({
        name: 'AuthError',
        code: 'invalid_settings',
        step: 'settings',
        message: 'invalid_settings (settings); a development build says more',
      }),
    );
    const unsigned = `${btoa('{"alg":"none"}')}.${btoa('{}')}.`;
    const doc = { issuer: 'https://idp' };
    const keys = {} as Parameters<typeof core.checkIdToken>[3]; // never reached: refused before the JWKS
    await expect(
      core.checkIdToken(unsigned, doc, { client_id: 'bank-dashboard' }, keys, 'callback'),
    ).rejects.toEqual(
      expect.objectContaining({
        code: 'id_token_invalid',
        message: 'id_token_invalid (callback); a development build says more',
      }),
    );
    const client = core.createAuthClient({ ...settings, authority: 'https://idp.bank.example' });
    await expect(
      client.fetch('https://api.bank.example/accounts', { auth: 'required' }),
    ).rejects.toMatchObject({
      code: 'token_origin_not_allowed',
      message: 'token_origin_not_allowed (request); a development build says more',
    });
  });
});
