// The Sesame page calling two APIs, each with its own token (core's apis(), RFC 8707): once the
// session is there, GET /accounts at the bank and GET /portfolio at the investments API at once,
// each with its API's token from storage; the balance is painted when both answers are in.
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { apis, createAuthClient } from '@sesame/core';
import { AuthProvider, useAuth, useAuthClient } from '@sesame/react';
import { Balance, config, firstAccount, portfolioTotal } from './shared';

type Account = Awaited<ReturnType<typeof firstAccount>>;

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
  const [data, setData] = useState<{ account: Account; portfolio: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    Promise.all([
      client.fetch(`${apiUrl}/accounts`).then(firstAccount),
      client.fetch(`${investApiUrl}/portfolio`).then(portfolioTotal),
    ]).then(
      ([account, portfolio]) => setData({ account, portfolio }),
      (caught: unknown) => setError(String(caught)),
    );
  }, [client]);
  if (error) return <p id="error">{error}</p>;
  if (!data) return <p>Loading…</p>;
  return (
    <>
      <p id="portfolio">{(data.portfolio / 100).toFixed(2)}</p>
      <Balance account={data.account} />
    </>
  );
}

function Page() {
  const status = useAuth((state) => state.status);
  const client = useAuthClient();
  if (status === 'authenticated') return <Figures />;
  if (status === 'loading') return <p>Loading…</p>;
  // Only the benchmark's setup run gets here: it signs in once through the IdP's pages.
  return (
    <button id="sign-in" onClick={() => void client.signIn()}>
      Sign in
    </button>
  );
}

createRoot(document.getElementById('root')!).render(
  <AuthProvider client={client} onSignedIn={(path) => window.history.replaceState(null, '', path)}>
    <Page />
  </AuthProvider>,
);
