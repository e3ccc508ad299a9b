import { useEffect, useRef, type ReactNode } from 'react';
import type { AuthClient, AuthError, IdTokenClaims } from '@sesame/core';
import { AuthContext, ProviderHandlesCallbackContext } from './context';

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

function replaceLocation(returnTo: string) {
  history.replaceState(history.state, '', returnTo);
  // Routers that listen to popstate (react-router's BrowserRouter does) pick the new location up.
  window.dispatchEvent(new PopStateEvent('popstate', { state: history.state }));
}

/**
 * What both providers do with their client: load the session, complete a sign-in found in the URL
 * (once, even under StrictMode), dispose of the client if the provider made it (`owned`), and
 * render the context.
 */
export function useProvidedClient<C extends IdTokenClaims>(
  client: AuthClient<C>,
  owned: boolean,
  props: AuthProviderOptions,
) {
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
