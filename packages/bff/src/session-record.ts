// What the BFF keeps on the server, as plain JSON, and the rules over it: ids, store keys, idle and
// absolute ends, when a token is stale. Pure functions over plain values (the clock is an argument).
import { createHash, randomBytes } from 'node:crypto';
import type { JsonObject, JsonValue } from './json';

/** A DPoP key pair as JWKs (ES256), so it can live in a JSON store. */
export type DpopKeyRecord = {
  publicJwk: JsonObject;
  privateJwk: JsonObject;
};

/** When an access token expires and turns stale, epoch ms (null: the IdP gave no expiry). */
export type TokenTimes = {
  accessTokenExpiresAt: number | null;
  accessTokenRefreshAt: number | null;
};

/** An access token for one API's resource, with its own times and scopes. */
export type ApiToken = TokenTimes & {
  accessToken: string;
  scopes: string[];
};

/** A signed-in session. Tokens never leave the server; `{prefix}/session` shows a chosen part. */
export type SessionRecord = {
  v: 1;
  sub: string;
  /** The chosen ID-token claims (`sessionClaims`). */
  claims: JsonObject;
  /** Granted scopes. */
  scopes: string[];
  accessToken: string;
  /** Epoch ms; null when the IdP gave no `expires_in`. */
  accessTokenExpiresAt: number | null;
  /** Epoch ms from which the access token counts as stale (refreshed before use); null: never. */
  accessTokenRefreshAt: number | null;
  refreshToken: string | null;
  /**
   * The resource (RFC 8707) the sign-in's access token above is for: the one the code exchange
   * named. Absent in sessions made before it was kept (then: the BFF's first resource).
   */
  resource?: string;
  /** The resources named at sign-in: only these are asked for with the refresh grant. */
  resources?: string[];
  /** Access tokens for the other APIs' resources, by resource indicator (each got by a refresh). */
  apiTokens?: Record<string, ApiToken>;
  /** Resources the IdP refused for this session (`invalid_target`): never asked for again. */
  refusedResources?: string[];
  /**
   * The IdP session the user signed in with (the ID token's `sid`), which a back-channel logout
   * names. Absent when the IdP sent none (and in sessions made before it was kept).
   */
  sid?: string;
  /** The session's own DPoP key: every token of this session is bound to it. */
  dpopKey: DpopKeyRecord;
  createdAt: number;
  absoluteExpiresAt: number;
  idleExpiresAt: number;
};

/** A sign-in in progress, from `/login` to `/callback`, stored under its `state`. */
export type PendingLogin = {
  v: 1;
  /** SHA-256 of the sign-in cookie's value: the browser that started this sign-in. */
  browser: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  dpopKey: DpopKeyRecord;
  createdAt: number;
};

/** How long a sign-in may take, from `/login` to `/callback`. */
export const LOGIN_TTL_MS = 10 * 60 * 1000;

const ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A new random id (32 bytes, base64url): a session id or a sign-in cookie value. */
export const randomId = (): string => randomBytes(32).toString('base64url');

/** Whether a cookie value has the shape of an id from {@link randomId} (checked before any lookup). */
export const isWellFormedId = (value: string | undefined): value is string =>
  value !== undefined && ID_PATTERN.test(value);

/** SHA-256, base64url. */
export const digest = (value: string): string =>
  createHash('sha256').update(value).digest('base64url');

/**
 * The store key of a session: a hash of its id, so that whoever reads the store (a dump, a
 * replica, a log of keys) learns no cookie that would sign them in.
 */
export const sessionKey = (sessionId: string): string => `session:${digest(sessionId)}`;

/** The store key of a sign-in in progress. */
export const loginKey = (state: string): string => `login:${digest(state)}`;

/**
 * The store keys of the indexes a back-channel logout finds sessions by: the sessions of one IdP
 * session (`sid`) and of one user (`sub`). Hashed like the session keys, so a list of keys (Redis
 * keeps keys in clear) names no user.
 */
export const sidIndexKey = (sid: string): string => `sid:${digest(sid)}`;
export const subIndexKey = (sub: string): string => `sub:${digest(sub)}`;

/** The store key that remembers a logout token's `jti` from `iss` (replays are refused). */
export const logoutJtiKey = (iss: string, jti: string): string =>
  `logout-jti:${digest(`${iss} ${jti}`)}`;

/** Whether the session has reached its idle or absolute end at `now`. */
export const sessionEnded = (session: SessionRecord, now: number): boolean =>
  now >= session.idleExpiresAt || now >= session.absoluteExpiresAt;

/** How long the store must keep the session from `now`, in ms (at least 1). */
export const sessionTtl = (session: SessionRecord, now: number): number =>
  Math.max(1, Math.min(session.idleExpiresAt, session.absoluteExpiresAt) - now);

/**
 * The session with its idle end moved to `now + idleMs`, or `undefined` when the stored one is
 * recent enough: it is written at most once per twentieth of the idle time (and at most once a
 * minute), not on every request.
 */
export function touchedSession(
  session: SessionRecord,
  now: number,
  idleMs: number,
): SessionRecord | undefined {
  const idleExpiresAt = Math.min(now + idleMs, session.absoluteExpiresAt);
  const step = Math.min(60_000, idleMs / 20);
  if (idleExpiresAt - session.idleExpiresAt < step) return undefined;
  return { ...session, idleExpiresAt };
}

/**
 * When an access token that lives `expiresInSeconds` from `receivedAt` turns stale: `marginMs`
 * before it expires, but never earlier than three quarters of its life (a 10-second token is
 * refreshed 2.5 s before its end, not on every request). Both null without an expiry.
 */
export function tokenTimes(
  receivedAt: number,
  expiresInSeconds: number | undefined,
  marginMs: number,
): { expiresAt: number | null; refreshAt: number | null } {
  if (expiresInSeconds === undefined || !Number.isFinite(expiresInSeconds)) {
    return { expiresAt: null, refreshAt: null };
  }
  const lifetime = Math.max(0, expiresInSeconds) * 1000;
  return {
    expiresAt: receivedAt + lifetime,
    refreshAt: receivedAt + lifetime - Math.min(marginMs, lifetime / 4),
  };
}

/** Whether an access token (the session's, or an API's) must be refreshed before it is used at `now`. */
export const tokenIsStale = (token: TokenTimes, now: number): boolean =>
  token.accessTokenRefreshAt !== null && now >= token.accessTokenRefreshAt;

/** Whether an access token has expired at `now` (unusable even as a fallback). */
export const tokenHasExpired = (token: TokenTimes, now: number): boolean =>
  token.accessTokenExpiresAt !== null && now >= token.accessTokenExpiresAt;

/** The chosen claims of an ID token's payload, JSON values only. */
export function pickClaims(
  payload: Readonly<Record<string, unknown>>,
  names: readonly string[],
): JsonObject {
  const claims: JsonObject = {};
  for (const name of names) {
    const value = payload[name];
    // A verified JWT's payload was parsed from JSON: every value is JSON.
    if (value !== undefined) claims[name] = value as JsonValue;
  }
  return claims;
}

/** Whether a store value is a session this version can read (anything else is treated as none). */
export const isSessionRecord = (value: JsonObject | undefined): value is SessionRecord =>
  value !== undefined &&
  value.v === 1 &&
  typeof value.sub === 'string' &&
  typeof value.accessToken === 'string' &&
  typeof value.idleExpiresAt === 'number' &&
  typeof value.absoluteExpiresAt === 'number' &&
  typeof value.dpopKey === 'object';

/** Whether a store value is a sign-in in progress this version can read. */
export const isPendingLogin = (value: JsonObject | undefined): value is PendingLogin =>
  value !== undefined &&
  value.v === 1 &&
  typeof value.browser === 'string' &&
  typeof value.state === 'string' &&
  typeof value.nonce === 'string' &&
  typeof value.codeVerifier === 'string' &&
  typeof value.returnTo === 'string' &&
  typeof value.dpopKey === 'object';
