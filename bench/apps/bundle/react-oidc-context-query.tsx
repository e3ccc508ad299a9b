// react-oidc-context with @tanstack/react-query: the token read from useAuth() feeds a query.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { AuthProvider, useAuth } from 'react-oidc-context';
import { CLIENT_ID, ISSUER, REDIRECT_URI } from './config';

const queryClient = new QueryClient();

function Accounts() {
  const auth = useAuth();
  const token = auth.user?.access_token;
  const accounts = useQuery({
    queryKey: ['accounts'],
    enabled: token !== undefined,
    queryFn: async () => {
      const response = await fetch('/accounts', { headers: { authorization: `Bearer ${token}` } });
      return (await response.json()) as { name: string }[];
    },
  });
  return auth.user ? (
    <p>
      {auth.user.profile.name}: {accounts.data?.length ?? 0} accounts
    </p>
  ) : (
    <button onClick={() => void auth.signinRedirect()}>Sign in</button>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AuthProvider authority={ISSUER} client_id={CLIENT_ID} redirect_uri={REDIRECT_URI}>
      <QueryClientProvider client={queryClient}>
        <Accounts />
      </QueryClientProvider>
    </AuthProvider>
  </StrictMode>,
);
