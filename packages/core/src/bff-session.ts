// "Who is signed in?", asked of the BFF: `GET {baseUrl}/session`, and its answer checked and read.
// The answer carries claims, scopes and times; never a token (the BFF keeps them).
import { AuthError } from './errors';
import { DEV } from './dev';
import { discard, toBff, unexpectedAnswer } from './bff-http';
import type { UserFields } from './session-store';

/** A signed-in session as the BFF describes it. Times are epoch milliseconds; `null`: not said. */
export interface BffSession {
  /** What the public user is built from (session-store.ts), with the access token's expiry in seconds. */
  readonly user: UserFields;
  /** The access token's expiry, epoch ms, for `onTokenRefreshed` (the BFF refreshes it, not the page). */
  readonly accessTokenExpiresAt: number | null;
  /** The session's absolute end. */
  readonly sessionExpiresAt: number | null;
  /** The session's idle end at the BFF (it slides with each request through the BFF). */
  readonly idleExpiresAt: number | null;
}

const time = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The session in a `200` answer's body, or `null` when it does not have the contract's shape. */
export function parseSession(body: unknown): BffSession | null {
  if (!isObject(body) || !isObject(body.user)) return null;
  const { sub, claims = {} } = body.user;
  const { scopes = [] } = body;
  if (
    typeof sub !== 'string' ||
    !sub ||
    !isObject(claims) ||
    !Array.isArray(scopes) ||
    !scopes.every((scope) => typeof scope === 'string')
  ) {
    return null;
  }
  const accessTokenExpiresAt = time(body.accessTokenExpiresAt);
  return {
    user: {
      // `sub` is the session's: a claim of the same name cannot say otherwise.
      profile: { ...claims, sub } as UserFields['profile'],
      scope: scopes.join(' '),
      // Whole seconds, as browser mode keeps them (session-store.ts multiplies back).
      expires_at:
        accessTokenExpiresAt === null ? undefined : Math.floor(accessTokenExpiresAt / 1000),
    },
    accessTokenExpiresAt,
    sessionExpiresAt: time(body.sessionExpiresAt),
    idleExpiresAt: time(body.idleExpiresAt),
  };
}

/**
 * Asks the BFF at `url` (`{baseUrl}/session`) who is signed in. Resolves the session, or `null` when
 * nobody is (401). Rejects `network_error` (no answer, 5xx, 429: retryable) or `bff_response_invalid`
 * (another status, or a body without the contract's shape).
 */
export async function readSession(url: string): Promise<BffSession | null> {
  const response = await toBff(url, 'refresh');
  if (response.status === 401) {
    discard(response);
    return null;
  }
  if (response.status !== 200) {
    throw await unexpectedAnswer(response, 'refresh', DEV && `GET ${url} answered unexpectedly`);
  }
  let session: BffSession | null = null;
  try {
    session = parseSession(await response.json());
  } catch {
    // not JSON: refused below
  }
  if (!session) {
    throw new AuthError(
      'bff_response_invalid',
      DEV && `GET ${url} answered 200 without a session (user.sub, scopes) in its JSON body.`,
      { step: 'refresh' },
    );
  }
  return session;
}
