// Compiled by `pnpm typecheck` against the *built* packages (dist/*.d.ts), the way an app sees them.
// It is the README's first example verbatim (readme-example.test.ts compares them).
import { createAuthClient } from '@sesame/core';
import { AuthProvider, useAuth } from '@sesame/react';
import {
  AuthCallback,
  AuthRouteError,
  ProtectedRoute,
  protectedLoader,
} from '@sesame/react-router';
import { createBrowserRouter, Link, RouterProvider, useLoaderData } from 'react-router';
import { createRoot } from 'react-dom/client';

const auth = createAuthClient({
  authority: 'https://idp.bank.example',
  client_id: 'bank-dashboard',
  redirect_uri: `${location.origin}/callback`,
  scope: 'openid profile email offline_access accounts:read transfers:write',
  apiOrigins: ['https://api.bank.example'],
});

interface Account {
  name: string;
  balance: string;
}

const router = createBrowserRouter([
  { path: '/', element: <Home /> },
  // The redirect_uri's route: completes the sign-in, then navigates (replace) to the page asked for.
  { path: '/callback', element: <AuthCallback fallback={<p>Signing you in…</p>} /> },
  {
    // Everything below needs a signed-in user.
    element: <ProtectedRoute fallback={<p>Checking your session…</p>} />,
    children: [
      {
        path: '/accounts/:id',
        // The loader's body runs only for a signed-in user; signed out, it never fires a request.
        loader: protectedLoader(auth, async ({ params }) => {
          const response = await auth.fetch(`https://api.bank.example/accounts/${params.id}`);
          return (await response.json()) as Account;
        }),
        errorElement: <AuthRouteError />,
        element: <AccountPage />,
      },
      {
        path: '/transfer',
        element: <ProtectedRoute requireScopes={['transfers:write']} />,
        children: [{ index: true, element: <p>Transfer form</p> }],
      },
    ],
  },
]);

createRoot(document.getElementById('root')!).render(
  // skipCallback: <AuthCallback> completes sign-ins, so the provider must not do it as well.
  <AuthProvider client={auth} skipCallback>
    <RouterProvider router={router} />
  </AuthProvider>,
);

function Home() {
  const name = useAuth((state) => state.user?.profile.name);
  return name ? (
    <Link to="/accounts/acc_1">Your accounts, {name}</Link>
  ) : (
    <Link to="/accounts/acc_1">Sign in</Link>
  );
}

function AccountPage() {
  const account = useLoaderData<Account>();
  return (
    <h1>
      {account.name}: {account.balance}
    </h1>
  );
}
