// Everything the budget covers: Sesame core + react, its TanStack Query integration and its
// react-router guard (<ProtectedRoute> and <AuthCallback>), with a selector hook read, a sign-in
// button and one query through fetchJson.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { createAuthClient } from '@sesame/core';
import { AuthProvider, useAuth, useAuthClient } from '@sesame/react';
import { createAuthQueryClient, fetchJson } from '@sesame/react-query';
import { AuthCallback, ProtectedRoute } from '@sesame/react-router';
import { CLIENT_ID, ISSUER, REDIRECT_URI } from './config';

const auth = createAuthClient({
  authority: ISSUER,
  client_id: CLIENT_ID,
  redirect_uri: REDIRECT_URI,
});
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
    queryFn: ({ signal }) => fetchJson<{ name: string }[]>(client, '/accounts', { signal }),
  });
  return <p>{accounts.data?.length ?? 0} accounts</p>;
}

const router = createBrowserRouter([
  { path: '/', element: <Home /> },
  { path: '/callback', element: <AuthCallback fallback={<p>Signing you in…</p>} /> },
  {
    element: <ProtectedRoute fallback={<p>Checking your session…</p>} />,
    children: [{ path: '/accounts', element: <Accounts /> }],
  },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AuthProvider client={auth} skipCallback>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </AuthProvider>
  </StrictMode>,
);
