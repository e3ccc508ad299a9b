// The mock under @sesame/react-router's guard: the guard cannot tell it from the real engine.
import { StrictMode } from 'react';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { ProtectedRoute } from '@sesame/react-router';
import { MockAuthProvider, createMockAuthClient, type MockAuthClient } from './index';

function renderAt(path: string, auth: MockAuthClient) {
  const router = createMemoryRouter(
    [
      {
        element: <ProtectedRoute fallback={<p>Checking your session…</p>} />,
        children: [
          { path: '/accounts/:id', element: <p>Account page</p> },
          {
            path: '/transfer',
            element: <ProtectedRoute requireScopes={['transfers:write']} />,
            children: [{ index: true, element: <p>Transfer page</p> }],
          },
        ],
      },
    ],
    { initialEntries: [path] },
  );
  render(
    <StrictMode>
      <MockAuthProvider client={auth}>
        <RouterProvider router={router} />
      </MockAuthProvider>
    </StrictMode>,
  );
}

afterEach(cleanup);

describe('@sesame/testing with <ProtectedRoute>', () => {
  it('signed out: exactly one sign-in, carrying the full location as returnTo', async () => {
    const auth = createMockAuthClient();
    renderAt('/accounts/123?tab=history#latest', auth);
    expect(await screen.findByText('Checking your session…')).toBeTruthy();
    expect(auth.calls.signIn).toEqual([
      { returnTo: '/accounts/123?tab=history#latest', auto: true },
    ]);
  });

  it('signed in: the page; without a required scope: not allowed, and no sign-in', async () => {
    const auth = createMockAuthClient({ user: { sub: 'ann.viewer' }, scopes: ['accounts:read'] });
    renderAt('/accounts/acc_ann_checking', auth);
    expect(await screen.findByText('Account page')).toBeTruthy();
    cleanup();
    renderAt('/transfer', auth);
    expect(await screen.findByText(/don.t have access/)).toBeTruthy();
    expect(auth.calls.signIn).toEqual([]);
  });

  it('after a failed sign-in: the error element, zero redirects until the user asks', async () => {
    const auth = createMockAuthClient();
    auth.failSignIn('callback_error', 'access_denied');
    renderAt('/accounts/123', auth);
    const again = await screen.findByRole('button', { name: 'Sign in again' });
    expect(auth.calls.signIn).toEqual([]);
    await act(async () => fireEvent.click(again));
    expect(auth.calls.signIn).toEqual([{ returnTo: '/accounts/123' }]);
  });
});
