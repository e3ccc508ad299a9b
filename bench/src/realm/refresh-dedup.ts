// Child process of the refresh-dedup benchmark: K concurrent token requests on a stale token, for
// Sesame's getAccessToken() and for oidc-client-ts's UserManager.signinSilent() called directly,
// against the real IdP (refresh tokens rotate; reusing a rotated one revokes the grant).
import { report } from '../child.js';
import { installJsdomRealm } from './jsdom.js';

installJsdomRealm('http://localhost:3000/');
const session = await import('./session.js');

/** One measured burst. */
export interface DedupRow {
  realm: 'jsdom' | 'chromium';
  library: 'sesame' | 'oidc-client-ts';
  k: number;
  /** Refresh-grant requests the IdP received for the burst. */
  tokenCalls: number;
  /** Of those, how many the IdP answered with an error (e.g. invalid_grant). */
  failedCalls: number;
  /** Callers whose promise rejected. */
  rejectedCallers: number;
  /** Whether a refresh after the burst still works (the session was not killed). */
  survived: boolean;
}

const KS = [1, 10, 100];

await report(async () => {
  const idp = await session.startBenchIdp();
  const rows: DedupRow[] = [];
  try {
    for (const k of KS) {
      session.clearBrowserState();
      // 300 s tokens with a 600 s refresh margin: every token Sesame holds is stale.
      const client = await session.signedInSesame(idp.issuer, { refreshBeforeExpirySeconds: 600 });
      idp.resetCounters();
      const results = await Promise.allSettled(
        Array.from({ length: k }, () => client.getAccessToken()),
      );
      const tokenCalls = idp.counters().tokenRequests.refresh_token;
      const failedCalls = session.tokenErrorCount(idp);
      const survived = await client.getAccessToken({ forceRefresh: true }).then(
        () => client.getSnapshot().status === 'authenticated',
        () => false,
      );
      rows.push({
        realm: 'jsdom',
        library: 'sesame',
        k,
        tokenCalls,
        failedCalls,
        rejectedCallers: results.filter((result) => result.status === 'rejected').length,
        survived,
      });
      client.dispose();
    }
    for (const k of KS) {
      session.clearBrowserState();
      const manager = await session.signedInUserManager(idp.issuer);
      idp.resetCounters();
      const results = await Promise.allSettled(
        Array.from({ length: k }, () => manager.signinSilent()),
      );
      const tokenCalls = idp.counters().tokenRequests.refresh_token;
      const failedCalls = session.tokenErrorCount(idp);
      const survived = await manager.signinSilent().then(
        (user) => user !== null,
        () => false,
      );
      rows.push({
        realm: 'jsdom',
        library: 'oidc-client-ts',
        k,
        tokenCalls,
        failedCalls,
        rejectedCallers: results.filter((result) => result.status === 'rejected').length,
        survived,
      });
    }
  } finally {
    await idp.stop();
  }
  return rows;
});
