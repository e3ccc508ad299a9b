import { Fragment, useEffect, useRef, useState, type ReactNode } from 'react';
import { Outlet, useLocation } from 'react-router';
import type { IdTokenClaims, SignInOptions } from '@sesame/core';
import { useAuth } from '@sesame/react';
import { useLoaderDataOwned } from './loader-data-owner';
import { useReturnTo } from './paths';
import { meetsRequirements, type Requirements } from './requirements';
import { Forbidden, renderSignInError, type SignInErrorElement } from './sign-in-error';

/** Props of {@link ProtectedRoute}. */
export interface ProtectedRouteProps<
  C extends IdTokenClaims = IdTokenClaims,
> extends Requirements<C> {
  /** What to protect. Default `<Outlet />`, so the component works as a layout route. */
  children?: ReactNode;
  /** Shown while the session loads and while the browser leaves for the IdP. Default nothing. */
  fallback?: ReactNode;
  /** Shown to a signed-in user who does not meet the requirements. Default "You don't have access to this page." */
  forbidden?: ReactNode;
  /**
   * Shown when the last sign-in attempt failed (IdP error, IdP unreachable, state mismatch, a session
   * that ended right after signing in). Default: a message and a "Sign in again" button.
   */
  errorElement?: SignInErrorElement;
  /** Passed to the sign-in this route starts (`returnTo` is always the router's current location). */
  signInOptions?: Pick<SignInOptions, 'prompt' | 'loginHint'>;
}

/**
 * Renders its children (or `<Outlet />`) only for a signed-in user who meets the requirements.
 * Nobody signed in → one automatic sign-in per navigation, coming back to this exact location
 * (basename, path, query and hash), unless core's `signInDecision()` names an error to show instead
 * (the last sign-in failed, `redirect_loop_prevented`, `idle_timeout`, `signed_out_elsewhere`): then
 * `errorElement`, and no redirect until the user asks. `requireAuth` throws that same error.
 * Signed in without the required scopes or claims → `forbidden`, never a sign-in. When the
 * signed-in user changes (`sub`), the protected subtree mounts afresh: no component state of the
 * previous user renders, even once, for the next one. Under a data router, it also shows `fallback`
 * from that moment until the router has revalidated its loaders for the new user, so
 * `useLoaderData()` below it never returns the previous user's data (nor data loaded before the
 * session ended, once someone signs in again without a page load).
 */
export function ProtectedRoute<C extends IdTokenClaims = IdTokenClaims>(
  props: ProtectedRouteProps<C>,
) {
  const { children, fallback = null, forbidden, errorElement, signInOptions } = props;
  const state = useAuth<C>();
  const { client } = state;
  const dataOwned = useLoaderDataOwned(client, state);
  const { key } = useLocation();
  const returnTo = useReturnTo();
  // The navigation (location key) this route already started a sign-in for: StrictMode's second
  // effect, or a status that flips back to unauthenticated, must not start another.
  const attempted = useRef<string | null>(null);
  // Bumped when the page comes back from the back/forward cache, to look at the session again.
  const [restored, setRestored] = useState(0);
  const options = useRef(signInOptions);
  useEffect(() => {
    options.current = signInOptions;
  });

  useEffect(() => {
    const onPageShow = (event: PageTransitionEvent) => {
      if (!event.persisted) return;
      attempted.current = null;
      setRestored((count) => count + 1);
    };
    window.addEventListener('pageshow', onPageShow);
    return () => window.removeEventListener('pageshow', onPageShow);
  }, []);

  useEffect(() => {
    if (state.status !== 'unauthenticated' || attempted.current === key) return;
    attempted.current = key;
    // Core decides whether it leaves (signInDecision): a refusal becomes the `error` state.
    client.signIn({ ...options.current, returnTo, auto: true }).catch(() => {});
  }, [client, state.status, key, returnTo, restored]);

  const retry = () => {
    client.signIn({ ...options.current, returnTo }).catch(() => {});
  };

  let shown: ReactNode = fallback;
  if (state.status === 'authenticated') {
    // Until the data router has revalidated the previous user's loader data: fallback.
    if (dataOwned) {
      // Keyed by the user: when another user takes over (a sign-in in another tab sharing storage),
      // the subtree mounts afresh, so no component state of the previous user renders even once.
      if (meetsRequirements(state.user, props)) {
        return <Fragment key={state.user.sub}>{children ?? <Outlet />}</Fragment>;
      }
      shown = forbidden ?? <Forbidden />;
    }
  } else if (state.status !== 'loading') {
    // Whether to show why is core's answer, the very one requireAuth throws.
    const decision = client.signInDecision();
    if (typeof decision === 'object') {
      shown = renderSignInError(errorElement, { error: decision, retry });
    }
  }
  return <>{shown}</>;
}
