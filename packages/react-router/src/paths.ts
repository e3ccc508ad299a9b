import { useHref, useLocation } from 'react-router';

/**
 * A router href (as `useHref` writes it, basename included) as a document path. Under a hash router
 * the route lives in the fragment, so the document's own path comes first.
 */
export function documentPath(href: string): string {
  if (href.startsWith('#') && typeof window !== 'undefined') {
    return location.pathname + location.search + href;
  }
  return href;
}

/** The router's current location as `returnTo` for a sign-in: basename + pathname + search + hash. */
export function useReturnTo(): string {
  // useHref reads the location's pathname, search and hash only (not its state or key).
  return documentPath(useHref(useLocation()));
}

/**
 * `returnTo` (a document path) as a path inside the router, or `null` when it lies outside the
 * router's basename (or, under a hash router, is not a route of it).
 */
export function toRouterPath(returnTo: string, basename: string): string | null {
  if (basename.startsWith('#')) {
    const at = returnTo.indexOf('#');
    return at >= 0 && returnTo[at + 1] === '/' ? returnTo.slice(at + 1) : null;
  }
  const base = basename.replace(/\/+$/, '');
  if (!base) return returnTo;
  const next = returnTo.charAt(base.length);
  if (!returnTo.startsWith(base) || !'/?#'.includes(next)) return null;
  const rest = returnTo.slice(base.length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}
