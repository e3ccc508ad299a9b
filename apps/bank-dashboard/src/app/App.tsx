import { QueryClientProvider } from '@tanstack/react-query';
import { SesameDevtools } from '@sesame/devtools';
import { AuthProvider } from '@sesame/react';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { createBankApi } from '../api/bank-api';
import { BankApiProvider } from '../api/bank-api-context';
import { createInvestApi } from '../api/invest-api';
import { InvestApiProvider } from '../api/invest-api-context';
import { createSession } from '../auth/session';
import { bankApiBase, investApiBase } from '../config/bff-paths';
import type { DashboardConfig } from '../config/runtime-config';
import { ConfigContext } from './config-context';
import { createRouter } from './routes';

/** The whole app: session, data layer, API client and router, created once. */
export function App({ config }: { config: DashboardConfig }) {
  const [app] = useState(() => {
    const session = createSession(config);
    return {
      ...session,
      api: createBankApi(session.auth, bankApiBase(config, window.location.origin)),
      investApi: createInvestApi(session.auth, investApiBase(config, window.location.origin)),
      router: createRouter(),
    };
  });
  return (
    <ConfigContext.Provider value={config}>
      {/* skipCallback: the router's <AuthCallback> completes sign-ins. */}
      <AuthProvider client={app.auth} skipCallback>
        <QueryClientProvider client={app.queryClient}>
          <BankApiProvider api={app.api}>
            <InvestApiProvider api={app.investApi}>
              <RouterProvider router={app.router} />
            </InvestApiProvider>
          </BankApiProvider>
        </QueryClientProvider>
        {/* The "Sesame" button (bottom right) in development builds (the dev server, `pnpm demo`);
            nothing, and no code, in the production build. */}
        <SesameDevtools />
      </AuthProvider>
    </ConfigContext.Provider>
  );
}
