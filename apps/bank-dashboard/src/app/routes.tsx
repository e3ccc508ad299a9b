import { createBrowserRouter, type RouteObject } from 'react-router';
import { AuthCallback } from '@sesame/react-router';
import { BankProtectedRoute } from '../auth/BankProtectedRoute';
import { AppShell } from '../components/AppShell';
import { AccountPage } from '../pages/AccountPage';
import { CallbackProblem, FullPageStatus } from '../pages/CallbackPage';
import { CardsPage } from '../pages/CardsPage';
import { InvestmentsPage } from '../pages/InvestmentsPage';
import { LandingPage } from '../pages/LandingPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { OverviewPage } from '../pages/OverviewPage';
import { ProfilePage } from '../pages/ProfilePage';
import { TransferPage } from '../pages/transfer/TransferPage';

export const routes: RouteObject[] = [
  { path: '/', element: <LandingPage /> },
  {
    path: '/callback',
    element: (
      <AuthCallback
        fallback={<FullPageStatus message="Signing you in…" />}
        errorElement={({ error, retry }) => <CallbackProblem error={error} onRetry={retry} />}
      />
    ),
  },
  {
    element: <BankProtectedRoute />,
    children: [
      {
        element: <AppShell />,
        children: [
          { path: '/overview', element: <OverviewPage /> },
          { path: '/accounts/:accountId', element: <AccountPage /> },
          { path: '/transfer', element: <TransferPage /> },
          { path: '/cards', element: <CardsPage /> },
          { path: '/investments', element: <InvestmentsPage /> },
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
