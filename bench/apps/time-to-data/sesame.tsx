// A minimal Sesame page: <AuthProvider>, and once the session is there, client.fetch of the
// accounts. With a valid session in storage it must reach the API without asking the IdP.
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createAuthClient } from '@sesame/core';
import { AuthProvider, useAuthClient } from '@sesame/react';
import { SignedInPage } from './sesame-page';
import { Balance, config, firstAccount } from './shared';

type Account = Awaited<ReturnType<typeof firstAccount>>;

const { issuer, apiUrl, clientId, scope } = config();
const client = createAuthClient({
  authority: issuer,
  client_id: clientId,
  redirect_uri: `${window.location.origin}/sesame.html`,
  scope,
  apiOrigins: [new URL(apiUrl).origin],
});

function Accounts() {
  const client = useAuthClient();
  const [account, setAccount] = useState<Account | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    client
      .fetch(`${apiUrl}/accounts`)
      .then(firstAccount)
      .then(setAccount, (caught: unknown) => setError(String(caught)));
  }, [client]);
  if (error) return <p id="error">{error}</p>;
  return account ? <Balance account={account} /> : <p>Loading…</p>;
}

createRoot(document.getElementById('root')!).render(
  <AuthProvider client={client} onSignedIn={(path) => window.history.replaceState(null, '', path)}>
    <SignedInPage figures={<Accounts />} />
  </AuthProvider>,
);
