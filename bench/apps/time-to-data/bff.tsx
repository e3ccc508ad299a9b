// The Sesame page in BFF mode: the same page as sesame.tsx, with <AuthClientProvider> and the
// client from `@sesame/core/bff` (no browser-mode engine in its bundle). With the BFF's session
// cookie already set, it asks GET /bff/session as the client is made and fetches the accounts
// through the BFF's proxy (/bff/api/bank/...), which attaches the token: the page never holds one.
// On a reload the client starts from the tab's last /session answer, so the API call leaves at
// once; on a tab's first load it waits for /session. Served from the BFF's own origin.
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createBffClient } from '@sesame/core/bff';
import { AuthClientProvider, useAuthClient } from '@sesame/react';
import { SignedInPage } from './sesame-page';
import { Balance, firstAccount } from './shared';

type Account = Awaited<ReturnType<typeof firstAccount>>;

declare global {
  interface Window {
    /** The client's status as it was made: which kind of load the benchmark timed. */
    __BFF_START__?: string;
  }
}

const client = createBffClient({ baseUrl: '/bff' });
window.__BFF_START__ = client.getSnapshot().status;

function Accounts() {
  const client = useAuthClient();
  const [account, setAccount] = useState<Account | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    client
      .fetch('/bff/api/bank/accounts')
      .then(firstAccount)
      .then(setAccount, (caught: unknown) => setError(String(caught)));
  }, [client]);
  if (error) return <p id="error">{error}</p>;
  return account ? <Balance account={account} /> : <p>Loading…</p>;
}

createRoot(document.getElementById('root')!).render(
  <AuthClientProvider client={client}>
    <SignedInPage figures={<Accounts />} />
  </AuthClientProvider>,
);
