import { StrictMode } from 'react';
import { cleanup, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthError, createAuthClient, type AuthErrorCode } from '@sesame/core';
import { AuthProvider } from '@sesame/react';
import { SessionProblem } from './SessionProblem';

afterEach(cleanup);

const client = createAuthClient({
  authority: 'http://127.0.0.1:1',
  client_id: 'bank-dashboard',
  redirect_uri: 'http://127.0.0.1:2/callback',
});

function show(code: AuthErrorCode) {
  const error = new AuthError(code, 'x', { step: 'refresh' });
  const router = createMemoryRouter([{ path: '/', element: <SessionProblem error={error} /> }]);
  render(
    <StrictMode>
      <AuthProvider client={client} skipCallback>
        <RouterProvider router={router} />
      </AuthProvider>
    </StrictMode>,
  );
  return screen.getByTestId('session-problem').textContent;
}

describe('SessionProblem', () => {
  it('a session lost while the sign-in service was down says so, not "the bank refused you"', () => {
    const text = show('session_lost');
    expect(text).toContain('You were signed out');
    expect(text).toContain('sign-in service was unreachable');
    expect(text).not.toContain('did not accept your session');
  });

  it('no answer to "who is signed in?" (network_error while checking) is not a failed sign-in', () => {
    const text = show('network_error');
    expect(text).toContain("We can't reach the sign-in service right now");
    expect(text).toContain('If you were, you still are');
    expect(text).not.toContain('Signing in did not work');
  });

  it('a session that died at once (login_required) keeps its own explanation', () => {
    expect(show('login_required')).toContain('did not accept your session');
  });
});
