import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config/runtime-config';
import { createSession, type Session } from './session';

let session: Session | undefined;
afterEach(() => {
  session?.auth.dispose();
  session = undefined;
});

describe('createSession', () => {
  it('sends bearer tokens by default: no DPoP setting', () => {
    session = createSession(DEFAULT_CONFIG);
    if (session.mode !== 'browser') throw new Error('expected browser mode');
    expect(session.auth.settings.dpop).toBeUndefined();
  });

  it("passes core's dpop() when the config turns DPoP on", () => {
    session = createSession({ ...DEFAULT_CONFIG, dpop: true });
    if (session.mode !== 'browser') throw new Error('expected browser mode');
    expect(typeof session.auth.settings.dpop).toBe('function');
  });

  it('builds the browser-mode client (oidc-client-ts in the page) unless the config says bff', () => {
    session = createSession(DEFAULT_CONFIG);
    expect(session.mode).toBe('browser');
    expect(session.auth.settings).toMatchObject({
      authority: DEFAULT_CONFIG.authority,
      client_id: 'bank-dashboard',
    });
    expect(session.auth.settings).not.toHaveProperty('baseUrl');
  });

  it('names both APIs in browser mode: the investments API has a token of its own', async () => {
    session = createSession(DEFAULT_CONFIG);
    if (session.mode !== 'browser') throw new Error('expected browser mode');
    expect(typeof session.auth.settings.apis).toBe('function');
    // Known by name (nobody is signed in yet), unlike a name the setting does not list.
    await expect(session.auth.getAccessToken({ api: 'investments' })).rejects.toMatchObject({
      code: 'login_required',
    });
    await expect(session.auth.getAccessToken({ api: 'savings' })).rejects.toMatchObject({
      code: 'api_unknown',
    });
  });

  it('builds the BFF-mode client on /bff when the config says bff, with the idle timeout', () => {
    session = createSession({ ...DEFAULT_CONFIG, bff: true, idleTimeoutSeconds: 600 });
    expect(session.mode).toBe('bff');
    if (session.mode !== 'bff') return;
    expect(session.auth.settings.baseUrl).toBe('/bff');
    expect(session.auth.settings.idleTimeoutSeconds).toBe(600);
    // Back-channel logout shows in a visible tab within a second.
    expect(session.auth.settings.sessionCheckSeconds).toBe(0.8);
    expect(typeof session.auth.settings.idleTimer).toBe('function');
    // Nothing of browser mode's: the IdP and the tokens are the server's.
    expect(session.auth.settings).not.toHaveProperty('authority');
    expect(session.auth.settings).not.toHaveProperty('client_id');
    expect(session.auth.peekAccessToken()).toBeNull();
  });

  it('gives the BFF-mode client no idle timeout when the config has none', () => {
    session = createSession({ ...DEFAULT_CONFIG, bff: true });
    if (session.mode !== 'bff') throw new Error('expected BFF mode');
    expect(session.auth.settings.idleTimeoutSeconds).toBeUndefined();
  });
});
