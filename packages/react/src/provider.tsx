import { useEffect, useRef, useState, type ReactNode } from 'react';
import {
  AuthError,
  createAuthClient,
  type AuthClient,
  type AuthClientSettings,
  type IdTokenClaims,
} from '@sesame/core';
import { AuthContext, ProviderHandlesCallbackContext } from './context';
import { DEV } from './dev';

/** The props of `<AuthProvider>` other than the client or settings. */
export interface AuthProviderOptions {
  /**
   * Called once after a sign-in completed, with the path saved at `signIn()`; navigate there with
   * your router. Default: `history.replaceState` to it plus a `popstate` event, without a reload.
   */
  onSignedIn?: (returnTo: string) => void;
  /** Do not process an authorization response found in the URL (the app calls `handleCallback()` itself). */
  skipCallback?: boolean;
  /** Called when loading the session or completing a sign-in fails. The state says so as well. */
  onError?: (error: AuthError) => void;
  children?: ReactNode;
}

/** Either a client made with `createAuthClient`, or settings to make one (once) from. */
export type AuthProviderProps<C extends IdTokenClaims = IdTokenClaims> = AuthProviderOptions &
  ({ client: AuthClient<C>; settings?: never } | { settings: AuthClientSettings; client?: never });

function replaceLocation(returnTo: string) {
  history.replaceState(history.state, '', returnTo);
  // Routers that listen to popstate (react-router's BrowserRouter does) pick the new location up.
  window.dispatchEvent(new PopStateEvent('popstate', { state: history.state }));
}

/**
 * Makes the session available to `useAuth()` and friends. Loads the stored session, and completes a
 * sign-in when the URL carries an authorization response, exactly once even under StrictMode.
 */
export function AuthProvider<C extends IdTokenClaims = IdTokenClaims>(props: AuthProviderProps<C>) {
  // The client, and whether this provider made it (then it disposes of it too).
  const [[client, owned]] = useState((): [AuthClient<C>, boolean] => {
    if (props.client) return [props.client, false];
    if (!props.settings) {
      throw new AuthError('invalid_settings', DEV && '<AuthProvider> needs a client or settings.', {
        step: 'settings',
      });
    }
    return [createAuthClient<C>(props.settings), true];
  });
  const { skipCallback } = props;
  const latest = useRef(props);
  // The callback's promise survives StrictMode's unmount/remount, so it is started once.
  const callback = useRef<{ promise: Promise<{ returnTo: string }>; done: boolean } | null>(null);

  useEffect(() => {
    latest.current = props;
  });

  useEffect(() => {
    let active = true;
    const report = (error: AuthError) => {
      if (active) latest.current.onError?.(error);
    };
    if (!skipCallback && (callback.current || client.isCallbackUrl())) {
      const pending = (callback.current ??= { promise: client.handleCallback(), done: false });
      pending.promise.then(({ returnTo }) => {
        if (!active || pending.done) return;
        pending.done = true;
        (latest.current.onSignedIn ?? replaceLocation)(returnTo);
      }, report);
    }
    client.initialize().catch(report);
    return () => {
      active = false;
      if (owned) client.dispose();
    };
  }, [client, owned, skipCallback]);

  return (
    <AuthContext.Provider value={client}>
      <ProviderHandlesCallbackContext.Provider value={!skipCallback}>
        {props.children}
      </ProviderHandlesCallbackContext.Provider>
    </AuthContext.Provider>
  );
}
