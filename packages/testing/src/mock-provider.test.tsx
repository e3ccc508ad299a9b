import { StrictMode, useEffect, useState } from 'react';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { IdTokenClaims } from '@sesame/core';
import { AuthProvider, SignedIn, SignedOut, createAuthHooks, useAuth } from '@sesame/react';
import { MockAuthProvider, createMockAuthClient } from './index';

interface BankClaims extends IdTokenClaims {
  customer_id: string;
}
const { useAuth: useBankAuth } = createAuthHooks<BankClaims>();

let nameRenders = 0;
function Greeting() {
  nameRenders += 1;
  const name = useAuth((s) => s.user?.profile.name);
  return <p>Hello {name}</p>;
}

function Customer() {
  const id = useBankAuth((s) => s.user?.profile.customer_id);
  return <p>Customer {id}</p>;
}

function Header() {
  const { status, error, signIn, signOut } = useAuth();
  return (
    <header>
      <p>status: {status}</p>
      {error && <p role="alert">{error.code}</p>}
      <SignedIn>
        <button onClick={() => signOut()}>Sign out</button>
      </SignedIn>
      <SignedOut>
        <button onClick={() => signIn({ returnTo: '/accounts' })}>Sign in</button>
      </SignedOut>
    </header>
  );
}

// The greeting sits beside the header, not in it: the header re-renders on every session change.
function Page() {
  return (
    <>
      <Header />
      <SignedIn>
        <Greeting />
        <Customer />
      </SignedIn>
    </>
  );
}

afterEach(() => {
  cleanup();
  nameRenders = 0;
});

describe('<MockAuthProvider>', () => {
  it('renders components as the given user with typed claims', () => {
    render(
      <StrictMode>
        <MockAuthProvider<BankClaims> user={{ sub: 'jane', name: 'Jane Doe', customer_id: 'c-42' }}>
          <Page />
        </MockAuthProvider>
      </StrictMode>,
    );
    expect(screen.getByText('Hello Jane Doe')).toBeTruthy();
    expect(screen.getByText('Customer c-42')).toBeTruthy();
    expect(screen.getByText('status: authenticated')).toBeTruthy();
  });

  it('renders any state: loading, signed out, failed sign-in', () => {
    render(
      <StrictMode>
        <MockAuthProvider status="loading">
          <Page />
        </MockAuthProvider>
      </StrictMode>,
    );
    expect(screen.getByText('status: loading')).toBeTruthy();
    cleanup();
    render(
      <StrictMode>
        <MockAuthProvider status="error" error="callback_error">
          <Page />
        </MockAuthProvider>
      </StrictMode>,
    );
    expect(screen.getByRole('alert').textContent).toBe('callback_error');
    expect(screen.getByText('Sign in')).toBeTruthy();
  });

  it('records sign-in and sign-out clicks, once each under StrictMode', async () => {
    const mock = createMockAuthClient({ user: { sub: 'jane', name: 'Jane' } });
    render(
      <StrictMode>
        <MockAuthProvider client={mock}>
          <Page />
        </MockAuthProvider>
      </StrictMode>,
    );
    await act(async () => fireEvent.click(screen.getByText('Sign out')));
    expect(mock.calls.signOut).toEqual([{}]);
    expect(screen.getByText('status: unauthenticated')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByText('Sign in')));
    expect(mock.calls.signIn).toEqual([{ returnTo: '/accounts' }]);
  });
});

describe('driving a mock under a real <AuthProvider>', () => {
  it('moves the UI through sign-in, refresh, expiry and a failed sign-in', () => {
    const mock = createMockAuthClient();
    render(
      <StrictMode>
        <AuthProvider client={mock}>
          <Page />
        </AuthProvider>
      </StrictMode>,
    );
    expect(screen.getByText('Sign in')).toBeTruthy();
    act(() => mock.signInAs({ sub: 'jane', name: 'Jane' }));
    expect(screen.getByText('Hello Jane')).toBeTruthy();

    // A refresh changes the token, not the name: the name's component does not render again.
    const before = nameRenders;
    act(() => {
      for (let i = 0; i < 10; i++) mock.refreshToken();
    });
    expect(nameRenders).toBe(before);
    expect(mock.peekAccessToken()).toBe('mock.jane.11');

    act(() => mock.expireSession());
    expect(screen.getByRole('alert').textContent).toBe('login_required');
    act(() => mock.failSignIn('callback_state_mismatch'));
    expect(screen.getByText('status: error')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('callback_state_mismatch');
  });

  it('gives a component that fetches the signed-in user’s token', async () => {
    const seen: string[] = [];
    const mock = createMockAuthClient({
      user: { sub: 'john' },
      apiOrigins: ['https://api.bank.test'],
      fetch: async (request) => {
        seen.push(request.headers.get('authorization') ?? 'none');
        return Response.json({ balance: 12 });
      },
    });
    function Balance() {
      const [balance, setBalance] = useState<number | null>(null);
      useEffect(() => {
        let active = true;
        mock
          .fetch('https://api.bank.test/accounts/acc_john_checking')
          .then((r) => r.json() as Promise<{ balance: number }>)
          .then((body) => active && setBalance(body.balance));
        return () => {
          active = false;
        };
      }, []);
      return <p>Balance {balance ?? '…'}</p>;
    }
    render(
      <StrictMode>
        <MockAuthProvider client={mock}>
          <Balance />
        </MockAuthProvider>
      </StrictMode>,
    );
    expect(await screen.findByText('Balance 12')).toBeTruthy();
    expect(new Set(seen)).toEqual(new Set(['Bearer mock.john.1']));
  });
});
