// Shared by the page tests: a page rendered as the app renders it (StrictMode, the session, TanStack
// Query wired to it, a router), over a mock session from @sesame/testing instead of an identity provider.
import { StrictMode, type ReactNode } from 'react';
import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { createAuthQueryClient } from '@sesame/react-query';
import { MockAuthProvider, type createMockAuthClient } from '@sesame/testing';
import type { BankClaims } from '../auth/session';

/** A mock session of a bank customer. */
export type MockBankAuth = ReturnType<typeof createMockAuthClient<BankClaims>>;

/**
 * Renders `page` inside `api` (the page's API provider) with the mock session `auth`, and returns
 * the query client (queries do not retry, so a failure shows at once).
 */
export function renderWithMockSession(
  auth: MockBankAuth,
  api: (children: ReactNode) => ReactNode,
  page: ReactNode,
): QueryClient {
  const queryClient = createAuthQueryClient(auth, {
    defaultOptions: { queries: { retry: false } },
  });
  render(
    <StrictMode>
      <MockAuthProvider client={auth}>
        <QueryClientProvider client={queryClient}>
          {api(<MemoryRouter>{page}</MemoryRouter>)}
        </QueryClientProvider>
      </MockAuthProvider>
    </StrictMode>,
  );
  return queryClient;
}
