import { StrictMode } from 'react';
import { act, cleanup, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { MockAuthProvider, createMockAuthClient } from '@sesame/testing';
import { ConfigContext } from '../app/config-context';
import { DEFAULT_CONFIG } from '../config/runtime-config';
import { LandingPage } from '../pages/LandingPage';
import { BankProtectedRoute } from './BankProtectedRoute';
import type { BankClaims } from './session';

afterEach(cleanup);

/** Jane signed in on a protected page, in BFF mode or not; the front page is the real one. */
function signedInOnAccounts(bff: boolean) {
  const auth = createMockAuthClient<BankClaims>({
    user: { sub: 'usr_jane_doe', name: 'Jane Doe' },
  });
  const router = createMemoryRouter(
    [
      { path: '/', element: <LandingPage /> },
      {
        element: <BankProtectedRoute />,
        children: [{ path: '/overview', element: <p>Jane&apos;s accounts</p> }],
      },
    ],
    { initialEntries: ['/overview'] },
  );
  render(
    <StrictMode>
      <ConfigContext.Provider value={{ ...DEFAULT_CONFIG, bff }}>
        <MockAuthProvider client={auth}>
          <RouterProvider router={router} />
        </MockAuthProvider>
      </ConfigContext.Provider>
    </StrictMode>,
  );
  return { auth, router };
}

describe('BankProtectedRoute', () => {
  it('BFF mode: a session the BFF ended (login_required, e.g. back-channel logout) goes to the front page, which says why; no sign-in starts', async () => {
    const { auth, router } = signedInOnAccounts(true);
    expect(await screen.findByText("Jane's accounts")).toBeTruthy();
    act(() => auth.expireSession());
    expect((await screen.findByRole('status')).textContent).toContain(
      "closed at the bank's sign-in service",
    );
    expect(router.state.location.pathname).toBe('/');
    expect(screen.queryByText("Jane's accounts")).toBeNull();
    expect(auth.calls.signIn).toEqual([]);
  });

  it('browser mode: the same error is left to the guard (it does not go to the front page)', async () => {
    const { auth, router } = signedInOnAccounts(false);
    expect(await screen.findByText("Jane's accounts")).toBeTruthy();
    act(() => auth.expireSession());
    expect(screen.queryByText("Jane's accounts")).toBeNull();
    expect(router.state.location.pathname).toBe('/overview');
  });
});
