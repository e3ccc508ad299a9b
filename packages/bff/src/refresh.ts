// "Is there a usable access token for this session, and which?" One refresh per session at a time:
// the work runs under the session's lock and starts by reading the stored session again, so the
// requests that queued behind a refresh use its result instead of refreshing again (a second
// refresh with a rotated-away refresh token would end the grant at oidc-provider). With a shared
// store that has a lock (Redis), the lock is also the store's, so this holds across replicas.
import * as oidc from 'openid-client';
import { resourceRefused, tokenFor, withRefusedResource, withToken } from './api-tokens';
import type { BffContext } from './context';
import { BffError } from './errors';
import { idpFailure, idpUnavailable } from './idp-errors';
import { describe } from './log';
import {
  tokenHasExpired,
  tokenIsStale,
  tokenTimes,
  type ApiToken,
  type SessionRecord,
} from './session-record';
import type { SessionWrite } from './sessions';

/** Why a token is wanted anew: it is stale (or missing), or the API refused this very token. */
export type RefreshReason = { stale: true } | { rejected: string };

/** Which token: an API's resource (`undefined`: the sign-in's) and the scopes to ask it with. */
export interface TokenTarget {
  resource: string | undefined;
  scopes: readonly string[];
}

/** What {@link freshToken} found. */
export type Freshness =
  /** Use this token (refreshed, refreshed meanwhile by another request, or still usable). */
  | { kind: 'ok'; session: SessionRecord; token: ApiToken }
  /** The session is gone: ended, or the IdP refused the refresh (the session was deleted). */
  | { kind: 'ended' }
  /** The API refused the token and there is no refresh token to get another. */
  | { kind: 'no_refresh' }
  /** The IdP could not be reached and the token cannot be used meanwhile. */
  | { kind: 'unavailable'; error: BffError }
  /** The IdP refused (or would refuse) a token for this resource: `resource_refused`. */
  | { kind: 'refused'; error: BffError };

const refusedResource = () =>
  new BffError(
    'resource_refused',
    "The IdP does not issue this session a token for this API's resource; signing in again may help.",
    { status: 403 },
  );

/**
 * A usable token for `target` in the session stored under `key`, refreshing it when `reason` still
 * holds once the session's lock is held. Every refresh of a session, whichever API it is for, runs
 * under that one lock (this process's and the store's): the refresh token is used by one request
 * at a time, and the next one starts from the rotated token. A refused refresh (or an answer that
 * fails a check) ends the session; an unreachable IdP keeps it, and a stale token that has not
 * expired is used meanwhile.
 */
export function freshToken(
  context: BffContext,
  key: string,
  target: TokenTarget,
  reason: RefreshReason,
): Promise<Freshness> {
  const { signInResource } = context.options;
  const refreshNeeded = (current: SessionRecord | undefined): boolean =>
    current !== undefined &&
    !resourceRefused(current, target.resource) &&
    !refreshedMeanwhile(tokenFor(current, target.resource, signInResource), reason, Date.now());
  return context.sessions.locked(
    key,
    (current, write) => refreshUnderLock(context, key, target, reason, current, write),
    // Requests of this process that queued behind a refresh find its result without asking Redis.
    { needsSharedLock: refreshNeeded },
  );
}

/** Whether another request replaced the token while this one waited for the lock. */
const refreshedMeanwhile = (
  token: ApiToken | undefined,
  reason: RefreshReason,
  now: number,
): boolean =>
  token !== undefined &&
  ('rejected' in reason ? token.accessToken !== reason.rejected : !tokenIsStale(token, now));

/**
 * The IdP's answer to a refresh for a resource (or scopes) it will not issue this grant a token
 * for: the grant itself is fine, so the session must not end over it.
 */
const isRefusedTarget = (error: unknown): boolean =>
  error instanceof oidc.ResponseBodyError &&
  (error.error === 'invalid_target' || error.error === 'invalid_scope');

async function refreshUnderLock(
  context: BffContext,
  key: string,
  target: TokenTarget,
  reason: RefreshReason,
  current: SessionRecord | undefined,
  write: SessionWrite,
): Promise<Freshness> {
  const { options, idp, handles } = context;
  if (!current) return { kind: 'ended' };
  if (resourceRefused(current, target.resource)) {
    return { kind: 'refused', error: refusedResource() };
  }
  const now = Date.now();
  const rejected = 'rejected' in reason;
  const token = tokenFor(current, target.resource, options.signInResource);
  if (token && refreshedMeanwhile(token, reason, now)) {
    return { kind: 'ok', session: current, token };
  }
  const usable = !rejected && token !== undefined && !tokenHasExpired(token, now) ? token : null;
  if (current.refreshToken === null) {
    if (usable) return { kind: 'ok', session: current, token: usable };
    // No refresh token, so no token for another resource either; the session goes on for the rest.
    if (token === undefined) return { kind: 'refused', error: refusedResource() };
    if (rejected) return { kind: 'no_refresh' };
    await write.remove();
    return { kind: 'ended' };
  }
  let configs;
  try {
    configs = await idp.configs();
  } catch (error) {
    const failure = error instanceof BffError ? error : idpUnavailable(error);
    return usable
      ? { kind: 'ok', session: current, token: usable }
      : { kind: 'unavailable', error: failure };
  }
  const resource = target.resource ?? options.signInResource;
  let tokens;
  try {
    const parameters: Record<string, string> = {
      ...(resource === undefined ? {} : { resource }),
      // Only this API's scopes: the narrowest token (and what IdPs such as Entra ID need).
      ...(target.scopes.length ? { scope: target.scopes.join(' ') } : {}),
    };
    tokens = await oidc.refreshTokenGrant(configs.idp, current.refreshToken, parameters, {
      DPoP: await handles.get(key, current.dpopKey, configs.idp),
    });
  } catch (error) {
    if (idpFailure(error) === 'unavailable') {
      return usable
        ? { kind: 'ok', session: current, token: usable }
        : { kind: 'unavailable', error: idpUnavailable(error) };
    }
    if (isRefusedTarget(error) && resource !== undefined) {
      // Remembered, so the next request for this API answers at once instead of asking again.
      // oidc-provider rotates the refresh token before checking the resource (not the scopes), so
      // after invalid_target the one kept may be spent: the session then ends at its next refresh
      // (a new sign-in names every resource).
      const code = (error as oidc.ResponseBodyError).error;
      options.log(`@sesame/bff: the IdP refused a token for ${resource} (${code})`);
      await write.save(withRefusedResource(current, resource));
      return { kind: 'refused', error: refusedResource() };
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
  const times = tokenTimes(Date.now(), tokens.expiresIn(), options.refreshMarginMs);
  const fresh: ApiToken = {
    accessToken: tokens.access_token,
    accessTokenExpiresAt: times.expiresAt,
    accessTokenRefreshAt: times.refreshAt,
    scopes: tokens.scope
      ? tokens.scope.split(' ').filter(Boolean)
      : (token?.scopes ?? [...target.scopes]),
  };
  const next: SessionRecord = {
    ...withToken(current, target.resource, options.signInResource, fresh),
    // oidc-provider rotates refresh tokens; an IdP that does not keeps the one it has.
    refreshToken: tokens.refresh_token ?? current.refreshToken,
  };
  await write.save(next);
  return { kind: 'ok', session: next, token: fresh };
}
