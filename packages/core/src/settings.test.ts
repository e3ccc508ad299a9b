import { describe, expect, it, vi } from 'vitest';
import { createAuthClient } from './client';
import { idleTimer } from './idle';
import { crossTabLock } from './refresh-lock';
import type { AuthClientSettings } from './settings';

const base: AuthClientSettings = {
  authority: 'https://idp.bank.example',
  client_id: 'bank-dashboard',
  redirect_uri: 'https://app.bank.example/callback',
};

/** The invalid_settings message for `settings`, or 'ok'. */
function problem(settings: Record<string, unknown>): string {
  try {
    createAuthClient({ ...base, ...settings } as AuthClientSettings);
    return 'ok';
  } catch (error) {
    expect(error).toMatchObject({ name: 'AuthError', code: 'invalid_settings', step: 'settings' });
    return (error as Error).message;
  }
}

describe('settings checks', () => {
  it('accepts a minimal configuration and applies defaults', () => {
    const { settings } = createAuthClient(base);
    expect(settings).toMatchObject({
      scope: 'openid profile email',
      storage: 'session',
      refreshBeforeExpirySeconds: 30,
      fetchTimeoutMs: 10_000,
      autoRenew: true,
      apiOrigins: [],
    });
  });

  it.each([
    [{ authority: 'idp.bank.example' }, /authority must be an absolute http\(s\) URL/],
    [{ authority: 'http://idp.bank.example' }, /authority must use https/],
    [{ authority: 'https://idp.bank.example?x=1' }, /authority must not have a query/],
    [{ client_id: '' }, /client_id must be a non-empty string/],
    [{ redirect_uri: '/callback' }, /redirect_uri must be an absolute/],
    [{ post_logout_redirect_uri: 'ftp://x' }, /post_logout_redirect_uri must be an absolute/],
    [{ scope: 'profile email' }, /scope must contain "openid"/],
    [{ resource: ['https://api.example#frag'] }, /resource must be absolute URIs/],
    [{ extraQueryParams: { state: 'x' } }, /must not set "state"/],
    [{ extraQueryParams: { code_challenge: 'x' } }, /must not set "code_challenge"/],
    [{ apiOrigins: ['https://api.example/'] }, /exact origins/],
    [{ apiOrigins: ['https://api.example/v1'] }, /exact origins/],
    [{ apiOrigins: ['https://*.example'] }, /./],
    [{ apiOrigins: ['http://api.example'] }, /must use https/],
    [{ apiOrigins: 'https://api.example' }, /apiOrigins must be an array/],
    [{ refreshBeforeExpirySeconds: -1 }, /from 0 to 3600/],
    [{ refreshBeforeExpirySeconds: Number.NaN }, /from 0 to 3600/],
    [{ fetchTimeoutMs: 10 }, /from 100 to 120000/],
    [{ storage: 'cookie' }, /storage must be "session", "memory" or "local"/],
    [{ storage: 'local' }, /storage "local" .* needs the cross-tab refresh lock: .*crossTabLock/],
    [{ storage: 'local', crossTabLock: true }, /needs the cross-tab refresh lock/],
    [{ navigate: 'location' }, /navigate must be a function/],
    [{ logger: console.log }, /logger must have a debug/],
    [{ clientId: 'x' }, /Unknown setting "clientId"/],
    [{ response_type: 'token id_token' }, /code flow with PKCE/],
    [{ response_mode: 'fragment' }, /code flow with PKCE/],
    [{ oidcClientSettings: { disablePKCE: true } }, /oidcClientSettings: Sesame supports only/],
    [{ oidcClientSettings: { response_type: 'id_token' } }, /code flow with PKCE/],
    [{ oidcClientSettings: { client_secret: 's' } }, /client_secret is not allowed/],
    [{ oidcClientSettings: { stateStore: {} } }, /stateStore is not allowed/],
    [{ loadUserInfo: 'yes' }, /loadUserInfo must be "auto", true or false/],
    [
      { oidcClientSettings: { loadUserInfo: true } },
      /oidcClientSettings.loadUserInfo is not allowed/,
    ],
  ])('refuses %j', (settings, message) => {
    expect(problem(settings)).toMatch(message);
  });

  it.each([
    { authority: 'http://localhost:4000' },
    { authority: 'http://127.0.0.1:4000/oidc' },
    { authority: 'http://[::1]:4000' },
    { redirect_uri: 'http://localhost:5173/callback' },
    { apiOrigins: ['https://api.bank.example', 'http://127.0.0.1:8080'] },
    { resource: 'https://api.bank.example' },
    { storage: 'memory', refreshBeforeExpirySeconds: 0, fetchTimeoutMs: 500 },
    { storage: 'local', crossTabLock },
    { storage: 'session', crossTabLock },
    { oidcClientSettings: { response_type: 'code', response_mode: 'query', max_age: 300 } },
    { extraQueryParams: { audience: 'https://api.bank.example' } },
    { loadUserInfo: 'auto' },
    { loadUserInfo: true },
    { loadUserInfo: false },
  ])('accepts %j', (settings) => {
    expect(problem(settings)).toBe('ok');
  });
});

describe('crossTabLock', () => {
  it('is made (once, per client) only when tabs share tokens', () => {
    const lock = vi.fn(crossTabLock);
    createAuthClient({ ...base, storage: 'session', crossTabLock: lock });
    createAuthClient({ ...base, storage: 'memory', crossTabLock: lock });
    expect(lock).not.toHaveBeenCalled();
    createAuthClient({ ...base, storage: 'local', crossTabLock: lock });
    expect(lock).toHaveBeenCalledOnce();
    expect(lock).toHaveBeenCalledWith(
      'bank-dashboard@https://idp.bank.example',
      10_000,
      expect.anything(),
    );
  });
});

describe('lifecycle settings', () => {
  it('defaults the idle warning to 60 s (at most half the limit) and the session-end warning to 300 s', () => {
    expect(
      createAuthClient({ ...base, idleTimeoutSeconds: 600, idleTimer }).settings,
    ).toMatchObject({
      idleTimeoutSeconds: 600,
      idleWarningSeconds: 60,
      sessionEndWarningSeconds: 300,
    });
    expect(createAuthClient({ ...base, idleTimeoutSeconds: 30, idleTimer }).settings).toMatchObject(
      {
        idleWarningSeconds: 15,
      },
    );
    expect(createAuthClient(base).settings.idleTimeoutSeconds).toBeUndefined();
  });

  it.each([
    [{ idleTimeoutSeconds: 600 }, /idleTimeoutSeconds needs the idle timer: .*idleTimer/],
    [{ idleTimeoutSeconds: 600, idleTimer: {} }, /needs the idle timer/],
    [{ idleTimeoutSeconds: 0, idleTimer }, /idleTimeoutSeconds must be a number from 1 to 86400/],
    [
      { idleTimeoutSeconds: 600, idleWarningSeconds: 400, idleTimer },
      /idleWarningSeconds .* from 0 to 300/,
    ],
    [{ idleWarningSeconds: 30 }, /idleWarningSeconds needs idleTimeoutSeconds/],
    [{ sessionMaxAgeSeconds: 0 }, /sessionMaxAgeSeconds must be a number from 1/],
    [{ sessionEndWarningSeconds: -1 }, /sessionEndWarningSeconds must be a number/],
  ])('refuses %j', (settings, message) => {
    expect(problem(settings)).toMatch(message);
  });
});
