import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useHref, useNavigate } from 'react-router';
import { AuthError, isAuthError, type AuthClient } from '@sesame/core';
import { useAuth, useProviderHandlesCallback } from '@sesame/react';
import { DEV } from './dev';
import { documentPath, toRouterPath, useReturnTo } from './paths';
import { renderSignInError, type SignInErrorElement } from './sign-in-error';

/** Props of {@link AuthCallback}. */
export interface AuthCallbackProps {
  /** Shown while the sign-in completes. Default nothing. */
  fallback?: ReactNode;
  /** Shown when the sign-in failed. Default: a message and a "Sign in again" button. */
  errorElement?: SignInErrorElement;
  /**
   * Called once with the saved `returnTo` (a document path) instead of navigating there. Default:
   * the router's `navigate(path, { replace: true })`, so the callback URL leaves the history and the
   * page does not reload.
   */
  onSuccess?: (returnTo: string) => void;
}

/** Completes the callback at `url`; a page that is not one (a reload after success) goes home if signed in. */
async function complete(client: AuthClient, url: string): Promise<{ returnTo: string } | null> {
  if (client.isCallbackUrl(url)) return client.handleCallback(url);
  await client.initialize();
  if (client.getSnapshot().status === 'authenticated') return null;
  throw new AuthError('callback_invalid', DEV && 'This page is not a sign-in response.', {
    step: 'callback',
  });
}

/**
 * The element for the route at your `redirect_uri`: completes the sign-in (one code exchange, even
 * under StrictMode) and replaces the callback URL with the page the user asked for, through the
 * router (no reload). Give the provider `skipCallback` (`<AuthProvider client={auth} skipCallback>`):
 * a provider that completes callbacks itself keeps that job, and this element then only shows
 * `fallback` or `errorElement`, so a callback is never handled twice.
 */
export function AuthCallback({ fallback = null, errorElement, onSuccess }: AuthCallbackProps) {
  const state = useAuth();
  const { client } = state;
  const providerHandles = useProviderHandlesCallback();
  const navigate = useNavigate();
  // The router's basename as the router writes it: '/' or '/app' (or '#/' under a hash router).
  const basename = useHref('/');
  const home = documentPath(basename);
  const here = useReturnTo();
  const [error, setError] = useState<AuthError | null>(null);
  // Survives StrictMode's unmount/remount: the callback is completed (and navigated from) once.
  const run = useRef<{ promise: Promise<{ returnTo: string } | null>; done: boolean } | null>(null);
  const now = { onSuccess, navigate, basename, home };
  const latest = useRef(now);
  useEffect(() => {
    latest.current = now;
  });

  useEffect(() => {
    if (providerHandles) return;
    let active = true;
    // In a browser router the address bar is the callback; a memory router only has its own location.
    const url = client.isCallbackUrl() ? location.href : location.origin + here;
    const pending = (run.current ??= { promise: complete(client, url), done: false });
    pending.promise.then(
      (result) => {
        if (!active || pending.done) return;
        pending.done = true;
        const { onSuccess: done, navigate: go, basename: base, home: root } = latest.current;
        const returnTo = result?.returnTo ?? root;
        if (done) return done(returnTo);
        const path = toRouterPath(returnTo, base);
        // A returnTo outside this router (another basename) can only be reached by loading it.
        if (path === null) location.replace(returnTo);
        else void go(path, { replace: true });
      },
      (caught: unknown) => {
        if (active && isAuthError(caught)) setError(caught);
      },
    );
    return () => {
      active = false;
    };
  }, [client, providerHandles, here]);

  const shown = error ?? (state.status === 'error' ? state.error : null);
  return (
    <>
      {shown
        ? renderSignInError(errorElement, {
            error: shown,
            retry: () => {
              client.signIn({ returnTo: latest.current.home }).catch(() => {});
            },
          })
        : fallback}
    </>
  );
}
