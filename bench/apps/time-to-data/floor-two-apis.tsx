// The two-API floor: the same view and the same two calls at once, each with its API's access
// token already in hand (no auth library at all).
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Balance, config, firstAccount, portfolioTotal } from './shared';

type Account = Awaited<ReturnType<typeof firstAccount>>;

function Page() {
  const [data, setData] = useState<{ account: Account; portfolio: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const { apiUrl, token, investApiUrl, investToken } = config();
    const bearer = (value: string | undefined) => ({ authorization: `Bearer ${value ?? ''}` });
    Promise.all([
      fetch(`${apiUrl}/accounts`, { headers: bearer(token) }).then(firstAccount),
      fetch(`${investApiUrl ?? ''}/portfolio`, { headers: bearer(investToken) }).then(
        portfolioTotal,
      ),
    ]).then(
      ([account, portfolio]) => setData({ account, portfolio }),
      (caught: unknown) => setError(String(caught)),
    );
  }, []);
  if (error) return <p id="error">{error}</p>;
  if (!data) return <p>Loading…</p>;
  return (
    <>
      <p id="portfolio">{(data.portfolio / 100).toFixed(2)}</p>
      <Balance account={data.account} />
    </>
  );
}

createRoot(document.getElementById('root')!).render(<Page />);
