// Sesame in BFF mode with everything sesame-full.tsx has: @sesame/react, the TanStack Query
// integration and the react-router guard, one query through fetchJson (through the BFF's API proxy).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { createBffClient } from '@sesame/core/bff';
import { AuthClientProvider, useAuth, useAuthClient } from '@sesame/react';
import { createAuthQueryClient, fetchJson } from '@sesame/react-query';
import { ProtectedRoute } from '@sesame/react-router';

const auth = createBffClient();
const queryClient = createAuthQueryClient(auth);

function Home() {
  const name = useAuth((state) => state.user?.profile.name);
  const client = useAuthClient();
  return name ? <p>{name}</p> : <button onClick={() => void client.signIn()}>Sign in</button>;
}

function Accounts() {
  const client = useAuthClient();
  const accounts = useQuery({
    queryKey: ['accounts'],
    queryFn: ({ signal }) =>
      fetchJson<{ name: string }[]>(client, '/bff/api/bank/accounts', { signal }),
  });
  return <p>{accounts.data?.length ?? 0} accounts</p>;
}

const router = createBrowserRouter([
  { path: '/', element: <Home /> },
  {
    element: <ProtectedRoute fallback={<p>Checking your session…</p>} />,
    children: [{ path: '/accounts', element: <Accounts /> }],
  },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AuthClientProvider client={auth}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </AuthClientProvider>
  </StrictMode>,
);
