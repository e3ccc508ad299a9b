// Sesame with its TanStack Query integration: <AuthProvider>, a selector hook read, a sign-in
// button, and one query through fetchJson on a query client bound to the session.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { createAuthClient } from '@sesame/core';
import { AuthProvider, useAuth, useAuthClient } from '@sesame/react';
import { createAuthQueryClient, fetchJson } from '@sesame/react-query';
import { CLIENT_ID, ISSUER, REDIRECT_URI } from './config';

const auth = createAuthClient({
  authority: ISSUER,
  client_id: CLIENT_ID,
  redirect_uri: REDIRECT_URI,
});
const queryClient = createAuthQueryClient(auth);

function Accounts() {
  const name = useAuth((state) => state.user?.profile.name);
  const client = useAuthClient();
  const accounts = useQuery({
    queryKey: ['accounts'],
    queryFn: ({ signal }) => fetchJson<{ name: string }[]>(client, '/accounts', { signal }),
  });
  return name ? (
    <p>
      {name}: {accounts.data?.length ?? 0} accounts
    </p>
  ) : (
    <button onClick={() => void client.signIn()}>Sign in</button>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AuthProvider client={auth}>
      <QueryClientProvider client={queryClient}>
        <Accounts />
      </QueryClientProvider>
    </AuthProvider>
  </StrictMode>,
);
