import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { start } from './start';
import { jane } from './test-support';
import { obtainTokens, refreshTokens } from './testing/flows';

// pause()/resume() stand for "the IdP is down, then back": the socket really closes (connections are
// refused, not answered with an error), and what the IdP knew is still there when it comes back.
describe('pause and resume', () => {
  it('refuses connections while paused, then serves the same sessions on the same port', async () => {
    const idp = await start({ port: 0 });
    try {
      const tokens = await obtainTokens({ issuer: idp.issuer, user: jane });

      await idp.pause();
      await idp.pause(); // twice is fine
      // A new connection, not a pooled keep-alive socket (that one was closed by the pause).
      const { port } = new URL(idp.issuer);
      const refused = await new Promise<unknown>((resolve) => {
        connect(Number(port), '127.0.0.1')
          .on('connect', () => resolve('connected'))
          .on('error', resolve);
      });
      expect(refused).toMatchObject({ code: 'ECONNREFUSED' });

      await idp.resume();
      expect((await fetch(`${idp.issuer}/.well-known/openid-configuration`)).status).toBe(200);
      // The refresh token issued before the pause is still known: nothing was lost.
      const refreshed = await refreshTokens({
        issuer: idp.issuer,
        refreshToken: tokens.refresh_token ?? '',
      });
      expect(refreshed.access_token).toBeTruthy();
    } finally {
      await idp.stop();
    }
  });

  it('stops while paused, and refuses to resume after a stop', async () => {
    const idp = await start({ port: 0 });
    await idp.pause();
    await expect(idp.stop()).resolves.toBeUndefined();
    await expect(idp.resume()).rejects.toMatchObject({ code: 'listen_failed' });
  });
});
