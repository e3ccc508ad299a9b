// This tab's copy of the BFF's last `/session` answer (sessionStorage), so that a reload starts
// `authenticated` at once and the app's API calls leave without waiting for a round trip, while the
// first check confirms it. It holds what `/session` shows the page anyway (claims, scopes, times):
// never a token, since that answer has none. Nothing is unlocked by it: data only comes through
// `{baseUrl}/api`, which checks the cookie, and `fetch` hands no answer over before the first check
// has settled (bff-fetch.ts).
import type { BffSession } from './bff-session';

/**
 * The session kept in `storage` under `key`, or `null`: none, unreadable, or its idle or absolute
 * end (as last announced) reached by `now`. A session without a known end is not kept: how stale
 * it could be would have no bound.
 */
export function readCachedSession(storage: Storage, key: string, now: number): BffSession | null {
  try {
    const kept = JSON.parse(storage.getItem(key)!) as BffSession;
    const end = Math.min(kept.idleExpiresAt ?? Infinity, kept.sessionExpiresAt ?? Infinity);
    if (typeof kept.user.profile.sub === 'string' && now < end && end < Infinity) return kept;
  } catch {
    // none (null has no user), or not ours
  }
  return null;
}

/** Keeps `session` for this tab, or forgets it (`null`). Storage refused: nothing kept. */
export function writeCachedSession(storage: Storage, key: string, session: BffSession | null) {
  try {
    if (session) storage.setItem(key, JSON.stringify(session));
    else storage.removeItem(key);
  } catch {
    // storage disabled or full: the next load asks the BFF first, as without a cache
  }
}
