// Floor for Sesame with its query integration: the OidcClient floor plus the same TanStack Query
// usage (one query with the token), so the difference to sesame-query.tsx is Sesame's own code.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { OidcClient, type SigninResponse } from 'oidc-client-ts';
import { CLIENT_ID, ISSUER, REDIRECT_URI } from './config';

const client = new OidcClient({
  authority: ISSUER,
  client_id: CLIENT_ID,
  redirect_uri: REDIRECT_URI,
});
const queryClient = new QueryClient();

function Accounts() {
  const [response, setResponse] = useState<SigninResponse | null>(null);
  useEffect(() => {
    if (!window.location.search.includes('code=')) return;
    void client.processSigninResponse(window.location.href).then(async (signedIn) => {
      setResponse(signedIn);
      const { refresh_token, session_state, profile } = signedIn;
      if (refresh_token) {
        setResponse(
          await client.useRefreshToken({ state: { refresh_token, session_state, profile } }),
        );
      }
    });
  }, []);
  const token = response?.access_token;
  const accounts = useQuery({
    queryKey: ['accounts'],
    enabled: token !== undefined,
    queryFn: async ({ signal }) => {
      const answer = await fetch('/accounts', {
        signal,
        headers: { authorization: `Bearer ${token}` },
      });
      return (await answer.json()) as { name: string }[];
    },
  });
  return response ? (
    <p>
      {String(response.profile.name)}: {accounts.data?.length ?? 0} accounts
      <button
        onClick={() =>
          void client.createSignoutRequest().then((request) => window.location.assign(request.url))
        }
      >
        Sign out
      </button>
    </p>
  ) : (
    <button
      onClick={() =>
        void client.createSigninRequest({}).then((request) => window.location.assign(request.url))
      }
    >
      Sign in
    </button>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Accounts />
    </QueryClientProvider>
  </StrictMode>,
);
