import { createBrowserRouter, type RouteObject } from 'react-router';
import { ProtectedRoute } from '../auth/interim-router';
import { AppShell } from '../components/AppShell';
import { AccountPage } from '../pages/AccountPage';
import { CallbackPage, FullPageStatus } from '../pages/CallbackPage';
import { CardsPage } from '../pages/CardsPage';
import { LandingPage } from '../pages/LandingPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { OverviewPage } from '../pages/OverviewPage';
import { ProfilePage } from '../pages/ProfilePage';
import { SessionProblem } from '../pages/SessionProblem';
import { TransferPage } from '../pages/transfer/TransferPage';

export const routes: RouteObject[] = [
  { path: '/', element: <LandingPage /> },
  { path: '/callback', element: <CallbackPage /> },
  {
    element: (
      <ProtectedRoute
        fallback={<FullPageStatus message="Taking you to sign in…" />}
        signingOut={<FullPageStatus message="Signing you out…" />}
        errorElement={(error) => <SessionProblem error={error} />}
      />
    ),
    children: [
      {
        element: <AppShell />,
        children: [
          { path: '/overview', element: <OverviewPage /> },
          { path: '/accounts/:accountId', element: <AccountPage /> },
          { path: '/transfer', element: <TransferPage /> },
          { path: '/cards', element: <CardsPage /> },
          { path: '/profile', element: <ProfilePage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
