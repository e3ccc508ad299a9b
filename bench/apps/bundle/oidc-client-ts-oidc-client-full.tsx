// Floor for the full Sesame app: OidcClient with the same TanStack Query and react-router usage
// (a callback route, a hand-written guard, one query with the token), so the difference to
// sesame-full.tsx is Sesame's own code.
import { StrictMode, createContext, useContext, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useNavigate } from 'react-router';
import { OidcClient, type SigninResponse } from 'oidc-client-ts';
import { CLIENT_ID, ISSUER, REDIRECT_URI } from './config';

const client = new OidcClient({
  authority: ISSUER,
  client_id: CLIENT_ID,
  redirect_uri: REDIRECT_URI,
});
const queryClient = new QueryClient();
const Session = createContext<{
  response: SigninResponse | null;
  set: (response: SigninResponse) => void;
}>({ response: null, set: () => undefined });

const signIn = () =>
  void client.createSigninRequest({}).then((request) => window.location.assign(request.url));

function Home() {
  const { response } = useContext(Session);
  return response ? (
    <p>
      {String(response.profile.name)}
      <button
        onClick={() =>
          void client.createSignoutRequest().then((request) => window.location.assign(request.url))
        }
      >
        Sign out
      </button>
    </p>
  ) : (
    <button onClick={signIn}>Sign in</button>
  );
}

function Callback() {
  const { set } = useContext(Session);
  const navigate = useNavigate();
  useEffect(() => {
    void client.processSigninResponse(window.location.href).then(async (signedIn) => {
      set(signedIn);
      const { refresh_token, session_state, profile } = signedIn;
      if (refresh_token) {
        set(await client.useRefreshToken({ state: { refresh_token, session_state, profile } }));
      }
      await navigate('/accounts', { replace: true });
    });
  }, [navigate, set]);
  return <p>Signing you in…</p>;
}

function Guard() {
  const { response } = useContext(Session);
  return response ? <Outlet /> : <Navigate to="/" replace />;
}

function Accounts() {
  const token = useContext(Session).response?.access_token;
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
  const [response, set] = useState<SigninResponse | null>(null);
  return (
    <Session.Provider value={{ response, set }}>
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
