// The two-API floor: the same view and the same two calls at once, each with its API's access
// token already in hand (no auth library at all).
import { createRoot } from 'react-dom/client';
import { config, firstAccount, portfolioTotal, TwoApiFigures } from './shared';

function load() {
  const { apiUrl, token, investApiUrl, investToken } = config();
  const bearer = (value: string | undefined) => ({ authorization: `Bearer ${value ?? ''}` });
  return Promise.all([
    fetch(`${apiUrl}/accounts`, { headers: bearer(token) }).then(firstAccount),
    fetch(`${investApiUrl ?? ''}/portfolio`, { headers: bearer(investToken) }).then(portfolioTotal),
  ]);
}

createRoot(document.getElementById('root')!).render(<TwoApiFigures load={load} />);
