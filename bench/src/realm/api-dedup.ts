// Child process of the api-dedup benchmark: K concurrent token requests per API, with two APIs each
// having its own token (core's apis(), RFC 8707), against the real IdP issuing per-resource tokens.
// Counts the IdP's access tokens per resource: each API's K callers should cost one token request.
import { report } from '../child.js';
import { installJsdomRealm } from './jsdom.js';

installJsdomRealm('http://localhost:3000/');
const { BANK_API_AUDIENCE, INVEST_API_AUDIENCE } = await import('@sesame/idp');
const { apis } = await import('@sesame/core');
const session = await import('./session.js');

/** One measured burst. */
export interface ApiDedupRow {
  scenario: 'first use' | 'both stale';
  k: number;
  /** Token requests for the bank API's resource during the burst. */
  bankCalls: number;
  /** Token requests for the investments API's resource during the burst. */
  investCalls: number;
  /** Token endpoint errors (e.g. invalid_grant from a reused refresh token). */
  failedCalls: number;
  /** Callers whose promise rejected. */
  rejectedCallers: number;
  /** Whether both APIs' tokens can still be refreshed after the burst. */
  survived: boolean;
}

const KS = [1, 10, 100];
const API_ORIGINS = { bank: 'http://127.0.0.1:4100', investments: 'http://127.0.0.1:4200' };

await report(async () => {
  const idp = await session.startBenchIdp();
  const calls = (resource: string) => idp.counters().accessTokensByResource[resource] ?? 0;
  const rows: ApiDedupRow[] = [];
  try {
    for (const scenario of ['first use', 'both stale'] as const) {
      for (const k of KS) {
        session.clearBrowserState();
        // 300 s tokens with a 600 s margin: every token held is stale, so each caller needs one.
        const client = await session.signedInSesame(idp.issuer, {
          refreshBeforeExpirySeconds: scenario === 'both stale' ? 600 : 30,
          apis: apis({
            bank: { origin: API_ORIGINS.bank, resource: BANK_API_AUDIENCE },
            investments: {
              origin: API_ORIGINS.investments,
              resource: INVEST_API_AUDIENCE,
              scopes: ['portfolio:read'],
            },
          }),
        });
        // "both stale" starts with an investments token in hand (a stale one).
        if (scenario === 'both stale') await client.getAccessToken({ api: 'investments' });
        idp.resetCounters();
        const callers = [
          ...Array.from({ length: k }, () => client.getAccessToken({ api: 'investments' })),
          ...(scenario === 'both stale'
            ? Array.from({ length: k }, () => client.getAccessToken({ api: 'bank' }))
            : []),
        ];
        const results = await Promise.allSettled(callers);
        const row = {
          scenario,
          k,
          bankCalls: calls(BANK_API_AUDIENCE),
          investCalls: calls(INVEST_API_AUDIENCE),
          failedCalls: session.tokenErrorCount(idp),
          rejectedCallers: results.filter((result) => result.status === 'rejected').length,
        };
        const survived = await Promise.all([
          client.getAccessToken({ api: 'bank', forceRefresh: true }),
          client.getAccessToken({ api: 'investments', forceRefresh: true }),
        ]).then(
          () => client.getSnapshot().status === 'authenticated',
          () => false,
        );
        rows.push({ ...row, survived });
        client.dispose();
      }
    }
  } finally {
    await idp.stop();
  }
  return rows;
});
