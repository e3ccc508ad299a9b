import { decodeJwtPart } from './id-token';
import type { StoredUser } from './storage';

/** The parts of a token response the clock logic reads (oidc-client-ts keeps unknown fields too). */
export interface TimedResponse {
  access_token: string;
  id_token?: string | undefined;
  /** Local epoch seconds, computed by oidc-client-ts from `expires_in` and the local clock. */
  expires_at?: number | undefined;
  profile?: { auth_time?: unknown } | undefined;
  /** Keycloak-style absolute remaining lifetime of the refresh token, in seconds. */
  refresh_expires_in?: unknown;
}

/** The times Sesame keeps with the user, all in the local clock's epoch seconds. */
export type StoredTimes = Pick<StoredUser, 'expires_at' | 'skew' | 'session_expires_at'>;

const seconds = (ms: number) => Math.floor(ms / 1000);
// Number.isFinite is false for anything but a finite number (it never converts a string).
const isNumber = (value: unknown): value is number => Number.isFinite(value);

function claims(token: string | undefined): Record<string, unknown> {
  try {
    return token ? decodeJwtPart(token, 1) : {};
  } catch {
    return {}; // opaque token: no claims to read
  }
}

/**
 * The IdP's clock minus ours, in seconds, estimated from a token issued just now: a JWT access token's
 * `iat`, else a new ID token's. The estimate is early by the response's latency, a second or so, which
 * is far below what freshness windows care about. Undefined when no new token carries an `iat`.
 */
export function estimateSkew(
  response: TimedResponse,
  previousIdToken: string | undefined,
  nowMs: number,
): number | undefined {
  const iat = [
    claims(response.access_token).iat,
    response.id_token !== previousIdToken && claims(response.id_token).iat,
  ].find(isNumber);
  return isNumber(iat) ? iat - seconds(nowMs) : undefined;
}

/**
 * Expiry, skew and session end for a token response, in local time:
 * - `expires_at`: oidc-client-ts derives it from `expires_in` and the local clock, which no skew can
 *   fool. Without `expires_in`, a JWT access token's own `exp` is used, moved into local time by
 *   the skew (otherwise a client clock 5 minutes behind the IdP would keep an expired token, and one
 *   5 minutes ahead would see every token as stale and refresh on every call).
 * - `session_expires_at`: when the refresh token dies for good. The IdP's `refresh_expires_in` wins
 *   when it sends one; else `sessionMaxAgeSeconds` after the sign-in (`auth_time`, in IdP time, moved
 *   by the skew; or the code exchange); a refresh keeps the sign-in's value.
 */
export function tokenTimes(
  response: TimedResponse,
  previous: StoredUser | undefined,
  sessionMaxAgeSeconds: number | undefined,
  nowMs: number,
): StoredTimes {
  const skew = estimateSkew(response, previous?.id_token, nowMs) ?? previous?.skew ?? 0;
  const exp = claims(response.access_token).exp;
  const expiresAt = response.expires_at ?? (isNumber(exp) ? exp - skew : undefined);
  let sessionEnd = previous?.session_expires_at;
  if (isNumber(response.refresh_expires_in) && response.refresh_expires_in > 0) {
    sessionEnd = seconds(nowMs) + response.refresh_expires_in;
  } else if (!previous && sessionMaxAgeSeconds) {
    const authTime = response.profile?.auth_time;
    // auth_time can only be earlier than now; a value "in the future" is the skew estimate's noise.
    sessionEnd =
      Math.min(isNumber(authTime) ? authTime - skew : Infinity, seconds(nowMs)) +
      sessionMaxAgeSeconds;
  }
  return { expires_at: expiresAt, skew, session_expires_at: sessionEnd };
}
