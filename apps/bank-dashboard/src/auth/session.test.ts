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
    expect(session.auth.settings.dpop).toBeUndefined();
  });

  it("passes core's dpop() when the config turns DPoP on", () => {
    session = createSession({ ...DEFAULT_CONFIG, dpop: true });
    expect(typeof session.auth.settings.dpop).toBe('function');
  });
});
