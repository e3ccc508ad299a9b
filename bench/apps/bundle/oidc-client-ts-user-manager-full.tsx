// The issue's floor for the full Sesame app: oidc-client-ts alone, i.e. its UserManager (what apps
// using oidc-client-ts, and react-oidc-context, ship), with the same TanStack Query and react-router
// usage as sesame-full.tsx (a callback route, a hand-written guard, one query with the token). The
// same shape as oidc-client-ts-oidc-client-full.tsx, with UserManager's calls in place of
// OidcClient's: it loads the stored user, renews it itself, and completes the callback.
import { StrictMode, createContext, useContext, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useNavigate } from 'react-router';
import { UserManager, type User } from 'oidc-client-ts';
import { CLIENT_ID, ISSUER, REDIRECT_URI } from './config';

const manager = new UserManager({
  authority: ISSUER,
  client_id: CLIENT_ID,
  redirect_uri: REDIRECT_URI,
});
const queryClient = new QueryClient();
const Session = createContext<User | null>(null);

function Home() {
  const user = useContext(Session);
  return user ? (
    <p>
      {user.profile.name}
      <button onClick={() => void manager.signoutRedirect()}>Sign out</button>
    </p>
  ) : (
    <button onClick={() => void manager.signinRedirect()}>Sign in</button>
  );
}

function Callback() {
  const navigate = useNavigate();
  useEffect(() => {
    void manager.signinRedirectCallback().then(() => navigate('/accounts', { replace: true }));
  }, [navigate]);
  return <p>Signing you in…</p>;
}

function Guard() {
  const user = useContext(Session);
  return user ? <Outlet /> : <Navigate to="/" replace />;
}

function Accounts() {
  const token = useContext(Session)?.access_token;
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
  return <p>{accounts.data?.length ?? 0} accounts</p>;
}

const router = createBrowserRouter([
  { path: '/', element: <Home /> },
  { path: '/callback', element: <Callback /> },
  { element: <Guard />, children: [{ path: '/accounts', element: <Accounts /> }] },
]);

function App() {
  const [user, setUser] = useState<User | null>(null);
  useEffect(() => {
    void manager.getUser().then(setUser);
    manager.events.addUserLoaded(setUser);
    return () => manager.events.removeUserLoaded(setUser);
  }, []);
  return (
    <Session.Provider value={user}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </Session.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
