// The floor: the same React page and API call with an access token already in hand (no auth
// library at all), so the difference to the Sesame page is what Sesame costs on the way to data.
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Balance, config, firstAccount } from './shared';

type Account = Awaited<ReturnType<typeof firstAccount>>;

function Page() {
  const [account, setAccount] = useState<Account | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const { apiUrl, token } = config();
    fetch(`${apiUrl}/accounts`, { headers: { authorization: `Bearer ${token ?? ''}` } })
      .then(firstAccount)
      .then(setAccount, (caught: unknown) => setError(String(caught)));
  }, []);
  if (error) return <p id="error">{error}</p>;
  return account ? <Balance account={account} /> : <p>Loading…</p>;
}

createRoot(document.getElementById('root')!).render(<Page />);
