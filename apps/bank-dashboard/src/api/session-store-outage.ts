// BFF mode: the BFF answers 503 `session_store_unavailable` (its Redis is down) or
// `session_lock_timeout` (another replica holds the session's lock too long) with `Retry-After`.
// Both are brief and the session is kept: the page stays signed in, says so at once, and fetches
// again by itself every few seconds until it works, where the data layer's own three retries would
// show a skeleton for 7 to 14 s and then give up, whether Redis is back or not.
import { authRetry, isHttpError } from '@sesame/react-query';

/** How often a query that failed that way is fetched again, while the page is visible (≥ Retry-After). */
export const OUTAGE_REFETCH_MS = 3000;

const BRIEF_OUTAGES = new Set(['session_store_unavailable', 'session_lock_timeout']);

/** Whether `error` is the BFF's 503 for a session store it cannot reach for a moment. */
export function isSessionStoreOutage(error: unknown): boolean {
  if (!isHttpError(error, 503)) return false;
  const code = (error.body as { error?: unknown } | null | undefined)?.error;
  return typeof code === 'string' && BRIEF_OUTAGES.has(code);
}

/** TanStack Query `retry`: Sesame's {@link authRetry}, except for an outage (shown at once, refetched below). */
export const retryUnlessOutage = (failureCount: number, error: unknown): boolean =>
  !isSessionStoreOutage(error) && authRetry(failureCount, error);

/**
 * TanStack Query `refetchInterval` for every query: every {@link OUTAGE_REFETCH_MS} while its last
 * fetch failed with {@link isSessionStoreOutage}, never otherwise (a refetch that succeeds stops it).
 */
export const refetchDuringOutage = (query: {
  state: { status: string; error: unknown };
}): number | false =>
  query.state.status === 'error' && isSessionStoreOutage(query.state.error)
    ? OUTAGE_REFETCH_MS
    : false;
