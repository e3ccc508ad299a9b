// The Sesame page calling two APIs, each with its own token (core's apis(), RFC 8707): once the
// session is there, GET /accounts at the bank and GET /portfolio at the investments API at once,
// each with its API's token from storage; the balance is painted when both answers are in.
import { useCallback } from 'react';
import { createRoot } from 'react-dom/client';
import { apis, createAuthClient } from '@sesame/core';
import { AuthProvider, useAuthClient } from '@sesame/react';
import { SignedInPage } from './sesame-page';
import { config, firstAccount, portfolioTotal, TwoApiFigures } from './shared';

const { issuer, apiUrl, investApiUrl = '', clientId, scope } = config();
const client = createAuthClient({
  authority: issuer,
  client_id: clientId,
  redirect_uri: `${window.location.origin}/two-apis.html`,
  scope,
  apis: apis({
    bank: { origin: new URL(apiUrl).origin, resource: 'https://bank.sesame.test/api' },
    investments: {
      origin: new URL(investApiUrl).origin,
      resource: 'https://invest.sesame.test/api',
      scopes: ['portfolio:read'],
    },
  }),
});

function Figures() {
  const client = useAuthClient();
  const load = useCallback(
    () =>
      Promise.all([
        client.fetch(`${apiUrl}/accounts`).then(firstAccount),
        client.fetch(`${investApiUrl}/portfolio`).then(portfolioTotal),
      ]),
    [client],
  );
  return <TwoApiFigures load={load} />;
}

createRoot(document.getElementById('root')!).render(
  <AuthProvider client={client} onSignedIn={(path) => window.history.replaceState(null, '', path)}>
    <SignedInPage figures={<Figures />} />
  </AuthProvider>,
);
