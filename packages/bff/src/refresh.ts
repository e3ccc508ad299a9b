// "Is there a usable access token for this session, and which?" One refresh per session at a time:
// the work runs under the session's lock and starts by reading the stored session again, so the
// requests that queued behind a refresh use its result instead of refreshing again (a second
// refresh with a rotated-away refresh token would end the grant at oidc-provider). With a shared
// store that has a lock (Redis), the lock is also the store's, so this holds across replicas.
import * as oidc from 'openid-client';
import type { BffContext } from './context';
import { BffError } from './errors';
import { idpFailure, idpUnavailable } from './idp-errors';
import { describe } from './log';
import { tokenHasExpired, tokenIsStale, tokenTimes, type SessionRecord } from './session-record';
import type { SessionWrite } from './sessions';

/** Why a token is wanted anew: it is stale, or the API refused this very token. */
export type RefreshReason = { stale: true } | { rejected: string };

/** What {@link freshSession} found. */
export type Freshness =
  /** Use this session's token (refreshed, refreshed meanwhile by another request, or still usable). */
  | { kind: 'ok'; session: SessionRecord }
  /** The session is gone: ended, or the IdP refused the refresh (the session was deleted). */
  | { kind: 'ended' }
  /** The API refused the token and there is no refresh token to get another. */
  | { kind: 'no_refresh' }
  /** The IdP could not be reached and the token cannot be used meanwhile. */
  | { kind: 'unavailable'; error: BffError };

/**
 * A usable token for the session stored under `key`, refreshing it when `reason` still holds once
 * the session's lock is held. A refused refresh (or an answer that fails a check) ends the session;
 * an unreachable IdP keeps it, and a stale token that has not expired is used meanwhile.
 */
export function freshSession(
  context: BffContext,
  key: string,
  reason: RefreshReason,
): Promise<Freshness> {
  const refreshNeeded = (current: SessionRecord | undefined): boolean =>
    current !== undefined && !refreshedMeanwhile(current, reason, Date.now());
  return context.sessions.locked(
    key,
    (current, write) => refreshUnderLock(context, key, reason, current, write),
    // Requests of this process that queued behind a refresh find its result without asking Redis.
    { needsSharedLock: refreshNeeded },
  );
}

/** Whether another request replaced the token while this one waited for the lock. */
const refreshedMeanwhile = (current: SessionRecord, reason: RefreshReason, now: number): boolean =>
  'rejected' in reason ? current.accessToken !== reason.rejected : !tokenIsStale(current, now);

async function refreshUnderLock(
  context: BffContext,
  key: string,
  reason: RefreshReason,
  current: SessionRecord | undefined,
  write: SessionWrite,
): Promise<Freshness> {
  const { options, idp, handles } = context;
  if (!current) return { kind: 'ended' };
  const now = Date.now();
  const rejected = 'rejected' in reason;
  if (refreshedMeanwhile(current, reason, now)) return { kind: 'ok', session: current };
  const usableMeanwhile = !rejected && !tokenHasExpired(current, now);
  if (current.refreshToken === null) {
    if (rejected) return { kind: 'no_refresh' };
    if (usableMeanwhile) return { kind: 'ok', session: current };
    await write.remove();
    return { kind: 'ended' };
  }
  let configs;
  try {
    configs = await idp.configs();
  } catch (error) {
    const failure = error instanceof BffError ? error : idpUnavailable(error);
    return usableMeanwhile
      ? { kind: 'ok', session: current }
      : { kind: 'unavailable', error: failure };
  }
  let tokens;
  try {
    const parameters: Record<string, string> =
      options.resource.length === 1 ? { resource: options.resource[0] as string } : {};
    tokens = await oidc.refreshTokenGrant(configs.idp, current.refreshToken, parameters, {
      DPoP: await handles.get(key, current.dpopKey, configs.idp),
    });
  } catch (error) {
    if (idpFailure(error) === 'unavailable') {
      return usableMeanwhile
        ? { kind: 'ok', session: current }
        : { kind: 'unavailable', error: idpUnavailable(error) };
    }
    options.log(`@sesame/bff: refresh refused, session ended (${describe(error)})`);
    await write.remove();
    return { kind: 'ended' };
  }
  const idToken = tokens.claims();
  if (tokens.token_type.toLowerCase() !== 'dpop' || (idToken && idToken.sub !== current.sub)) {
    options.log('@sesame/bff: refresh answer not DPoP-bound or for another user, session ended');
    await write.remove();
    return { kind: 'ended' };
  }
  const received = Date.now();
  const times = tokenTimes(received, tokens.expiresIn(), options.refreshMarginMs);
  const next: SessionRecord = {
    ...current,
    accessToken: tokens.access_token,
    accessTokenExpiresAt: times.expiresAt,
    accessTokenRefreshAt: times.refreshAt,
    // oidc-provider rotates refresh tokens; an IdP that does not keeps the one it has.
    refreshToken: tokens.refresh_token ?? current.refreshToken,
    scopes: tokens.scope ? tokens.scope.split(' ').filter(Boolean) : current.scopes,
  };
  await write.save(next);
  return { kind: 'ok', session: next };
}
