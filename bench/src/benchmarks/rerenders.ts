import type { Benchmark } from '../benchmark.js';
import { runChild } from '../child.js';
import type { RerenderRow } from '../realm/rerenders.js';

const LABEL: Record<RerenderRow['subject'], string> = {
  'sesame-selector': 'Sesame useAuth(s => s.user?.profile.name)',
  'sesame-whole': 'Sesame useAuth() (no selector)',
  'react-oidc-context': 'react-oidc-context useAuth()',
};

const benchmark: Benchmark = {
  name: 'rerenders',
  description:
    "Renders of a component that shows only the user's name, across 10 real token refreshes against the IdP",
  async run() {
    // React's development build: act() exists only there.
    const rows = await runChild<RerenderRow[]>(new URL('../realm/rerenders.tsx', import.meta.url), {
      NODE_ENV: 'development',
    });
    const get = (subject: RerenderRow['subject']) => {
      const row = rows.find((candidate) => candidate.subject === subject);
      if (!row) throw new Error(`no result for ${subject}`);
      return row;
    };
    for (const row of rows) {
      if (row.distinctTokens !== 10 || row.shownName === '') {
        throw new Error(
          `${row.subject}: ${row.distinctTokens} distinct tokens, name "${row.shownName}"`,
        );
      }
    }
    const sesame = get('sesame-selector');
    const peer = get('react-oidc-context');
    return {
      columns: [
        'hook',
        'renders at mount',
        'renders during 10 refreshes',
        'distinct tokens',
        'name shown',
      ],
      rows: rows.map((row) => [
        LABEL[row.subject],
        row.initialRenders,
        row.rendersDuringRefreshes,
        row.distinctTokens,
        row.shownName,
      ]),
      summary: [
        {
          measure:
            'rerenders: name-only component across 10 refreshes (reference: react-oidc-context)',
          sesame: String(sesame.rendersDuringRefreshes),
          reference: String(peer.rendersDuringRefreshes),
          ratio: `${sesame.rendersDuringRefreshes - peer.rendersDuringRefreshes} renders`,
          target: '0',
          met: sesame.rendersDuringRefreshes === 0,
        },
      ],
      notes: [
        'jsdom realm, in-process IdP; React 19 development build (for act), no StrictMode, so one render is one call of the component body. Each refresh is a real refresh-token grant (10 distinct access tokens).',
        'Sesame refreshes with getAccessToken({ forceRefresh: true }), react-oidc-context through its UserManager.signinSilent(). The IdP gives each refresh a different lifetime so every new token has a new expiry, as refreshes minutes apart would.',
      ],
    };
  },
};

export default benchmark;
