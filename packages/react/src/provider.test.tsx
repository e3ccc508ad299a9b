import { describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { isAuthError, type AuthError } from '@sesame/core';
import {
  AuthClientProvider,
  AuthLoading,
  AuthProvider,
  SignedIn,
  SignedOut,
  useAuth,
} from './index';
import { APP, atCallback, fakeIdpPerTest, makeClient, renderStrict } from './test-utils';

const idp = fakeIdpPerTest();

function Status() {
  const state = useAuth();
  return (
    <p data-testid="status">
      {state.status}
      {state.user ? ` ${state.user.profile.name}` : ''}
      {state.error ? ` ${state.error.code}` : ''}
    </p>
  );
}

const gates = (
  <>
    <AuthLoading>
      <span>loading…</span>
    </AuthLoading>
    <SignedIn fallback={<span>wait</span>}>
      <span>welcome</span>
    </SignedIn>
    <SignedOut>
      <span>please sign in</span>
    </SignedOut>
  </>
);

describe('<AuthProvider> under StrictMode', () => {
  it('goes loading → authenticated, handles the callback once, cleans the URL and hands back returnTo', async () => {
    const { client, navigate } = makeClient(idp());
    await atCallback(client, navigate, idp(), { returnTo: '/accounts/123?tab=history#top' });
    const onSignedIn = vi.fn();
    const seen: string[] = [];
    client.subscribe(() => seen.push(client.getSnapshot().status));
    renderStrict(
      <>
        <Status />
        {gates}
      </>,
      { client, onSignedIn },
    );
    expect(screen.getByTestId('status').textContent).toBe('loading');
    expect(screen.getByText('loading…')).toBeTruthy();
    expect(screen.getByText('wait')).toBeTruthy();
    await waitFor(() =>
      expect(screen.getByTestId('status').textContent).toBe('authenticated Jane Doe'),
    );
    expect(screen.getByText('welcome')).toBeTruthy();
    expect(screen.queryByText('please sign in')).toBeNull();
    expect(idp().counters.authorization_code).toBe(1);
    expect(seen).toEqual(['authenticated']);
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledTimes(1));
    expect(onSignedIn).toHaveBeenCalledWith('/accounts/123?tab=history#top');
    expect(window.location.href).toBe(`${APP}/callback`);
  });

  it('<AuthClientProvider> (client only) does the same: the callback once under StrictMode, and it never disposes of the client', async () => {
    const { client, navigate } = makeClient(idp());
    await atCallback(client, navigate, idp(), { returnTo: '/accounts' });
    const onSignedIn = vi.fn();
    const dispose = vi.spyOn(client, 'dispose');
    const view = render(
      <StrictMode>
        <AuthClientProvider client={client} onSignedIn={onSignedIn}>
          <Status />
        </AuthClientProvider>
      </StrictMode>,
    );
    await waitFor(() =>
      expect(screen.getByTestId('status').textContent).toBe('authenticated Jane Doe'),
    );
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledTimes(1));
    expect(onSignedIn).toHaveBeenCalledWith('/accounts');
    expect(idp().counters.authorization_code).toBe(1);
    view.unmount();
    expect(dispose).not.toHaveBeenCalled(); // the app made it, the app disposes of it
  });

  it('by default moves to returnTo with history.replaceState and a popstate event, without a reload', async () => {
    const { client, navigate } = makeClient(idp());
    await atCallback(client, navigate, idp(), { returnTo: '/transfers?step=2#review' });
    navigate.mockClear();
    const popstate = vi.fn();
    window.addEventListener('popstate', popstate);
    renderStrict(<Status />, { client });
    await waitFor(() => expect(window.location.href).toBe(`${APP}/transfers?step=2#review`));
    expect(popstate).toHaveBeenCalledTimes(1);
    expect(navigate).not.toHaveBeenCalled();
    window.removeEventListener('popstate', popstate);
  });

  it.each([
    ['access_denied', { error: 'access_denied' }, 'callback_error'],
    ['a state from another tab', { dropState: true }, 'callback_state_mismatch'],
  ])('shows the error after %s, reports it once and never redirects', async (_name, how, code) => {
    const { client, navigate } = makeClient(idp());
    await atCallback(client, navigate, idp(), 'error' in how ? { error: how.error } : {});
    if ('dropState' in how) sessionStorage.clear();
    navigate.mockClear();
    const onError = vi.fn<(error: AuthError) => void>();
    const onSignedIn = vi.fn();
    renderStrict(
      <>
        <Status />
        {gates}
      </>,
      { client, onError, onSignedIn },
    );
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe(`error ${code}`));
    expect(screen.getByText('please sign in')).toBeTruthy();
    await waitFor(() => expect(onError).toHaveBeenCalledTimes(1));
    expect(isAuthError(onError.mock.calls[0]![0], code as AuthError['code'])).toBe(true);
    expect(onSignedIn).not.toHaveBeenCalled();
    expect(navigate).not.toHaveBeenCalled();
    expect(window.location.search).toBe('');
  });

  it('leaves the callback alone with skipCallback', async () => {
    const { client, navigate } = makeClient(idp());
    const url = await atCallback(client, navigate, idp());
    renderStrict(<Status />, { client, skipCallback: true });
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('loading'));
    await act(() => client.initialize());
    expect(idp().counters.authorization_code).toBe(0);
    expect(window.location.href).toBe(url);
  });

  it('creates its client from settings once, and signs out to the signed-out view', async () => {
    const navigate = vi.fn();
    const settings = {
      authority: idp().issuer,
      client_id: 'bank-dashboard',
      redirect_uri: `${APP}/callback`,
      navigate,
      autoRenew: false,
    };
    function SignOutButton() {
      const { signOut, status } = useAuth();
      return status === 'authenticated' ? (
        <button onClick={() => void signOut({ redirect: false })}>sign out</button>
      ) : null;
    }
    const ui = (
      <StrictMode>
        <AuthProvider settings={settings}>
          <Status />
          <SignOutButton />
        </AuthProvider>
      </StrictMode>
    );
    const { rerender } = render(ui);
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('unauthenticated'));
    expect(navigate).not.toHaveBeenCalled();
    rerender(ui);
    expect(screen.getByTestId('status').textContent).toBe('unauthenticated');
  });
});

describe('useAuth outside a provider', () => {
  it('throws an error naming the hook and the missing provider', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    function Orphan() {
      useAuth((s) => s.status);
      return null;
    }
    expect(() => render(<Orphan />)).toThrow(/useAuth\(\) needs an <AuthProvider> above it/);
    spy.mockRestore();
  });
});
