// Sessions as the routes see them: found by the cookie, ended when their time is up, written under
// the session's lock (this process's, and the store's shared one when it has one), and the cookie
// that names them.
import { clearedCookie, readCookie, sessionCookie } from './cookies';
import type { DpopHandles } from './dpop-keys';
import { BffError } from './errors';
import type { KeyedLock } from './keyed-lock';
import type { ResolvedOptions } from './options';
import { SessionIndex } from './session-index';
import {
  isSessionRecord,
  isWellFormedId,
  randomId,
  sessionEnded,
  sessionKey,
  sessionTtl,
  sidIndexKey,
  subIndexKey,
  touchedSession,
  type SessionRecord,
} from './session-record';

/** A session found by a request's cookie. */
export interface LoadedSession {
  /** The store key (a hash of the id); also the key of the session's lock and DPoP handle. */
  key: string;
  session: SessionRecord;
}

/** What a task under a session's lock may do to the session. */
export interface SessionWrite {
  /** Replaces the stored session. */
  save(next: SessionRecord): Promise<void>;
  /** Deletes the session (and forgets its DPoP handle). */
  remove(): Promise<void>;
}

/** Options of {@link Sessions.locked}. */
export interface LockOptions {
  /** The clock for "has the session ended?", epoch ms. Default `Date.now()`. */
  now?: number;
  /**
   * Whether the task has anything to do with the session as read under this process's lock; when
   * false, it runs without the store's shared lock (and must not write). Default: always true.
   */
  needsSharedLock?: (current: SessionRecord | undefined) => boolean;
}

/** The writer a task gets when it runs without the shared lock: it promised not to write. */
const READ_ONLY: SessionWrite = {
  save: () => Promise.reject(new Error('A session write needs the shared lock.')),
  remove: () => Promise.reject(new Error('A session write needs the shared lock.')),
};

/** Reads, creates, updates and ends sessions. One per BFF. */
export class Sessions {
  readonly #options: ResolvedOptions;
  readonly #lock: KeyedLock;
  readonly #handles: DpopHandles;
  readonly #index: SessionIndex;

  constructor(options: ResolvedOptions, lock: KeyedLock, handles: DpopHandles) {
    this.#options = options;
    this.#lock = lock;
    this.#handles = handles;
    this.#index = new SessionIndex(options.sessionStore, (key, task) => this.exclusive(key, task));
  }

  /**
   * Runs `task` alone for `key`: behind this process's lock and, when the store has one, inside its
   * lock shared by every replica (a back-channel logout's `jti`, an index of sessions).
   */
  exclusive<T>(key: string, task: () => Promise<T>): Promise<T> {
    const store = this.#options.sessionStore;
    return this.#lock.run(key, () => (store.withLock ? store.withLock(key, task) : task()));
  }

  /** The store key named by the request's session cookie, when it holds a well-formed id. */
  keyOf(request: Request): string | undefined {
    const id = readCookie(request.headers.get('cookie'), this.#options.cookieName);
    return isWellFormedId(id) ? sessionKey(id) : undefined;
  }

  /**
   * The request's live session, or `undefined` (no cookie, unknown id, ended: an ended session is
   * deleted). Each request slides the idle end forward; the store is written at most once a minute
   * per session (see `touchedSession`).
   */
  async load(request: Request, now = Date.now()): Promise<LoadedSession | undefined> {
    const key = this.keyOf(request);
    if (key === undefined) return undefined;
    const stored = await this.#options.sessionStore.get(key);
    if (!isSessionRecord(stored)) return undefined;
    if (sessionEnded(stored, now)) {
      await this.end(key);
      return undefined;
    }
    if (touchedSession(stored, now, this.#options.idleTimeoutMs) === undefined) {
      return { key, session: stored };
    }
    const session = await this.update(
      key,
      (current) => touchedSession(current, now, this.#options.idleTimeoutMs),
      now,
    ).catch((error: unknown) => {
      // Another replica holds the session (a slow refresh): the touch can wait for a later request.
      if (error instanceof BffError && error.code === 'session_lock_timeout') return stored;
      throw error;
    });
    return session && { key, session };
  }

  /**
   * Stores a new session under a new random id, listed under its user and its IdP session (for
   * back-channel logout; the lists first, so no session exists that they miss); returns the id's
   * store key and its cookie.
   */
  async create(session: SessionRecord, now = Date.now()): Promise<{ key: string; cookie: string }> {
    const id = randomId();
    const key = sessionKey(id);
    const until = session.absoluteExpiresAt;
    await Promise.all([
      this.#index.add(subIndexKey(session.sub), key, until, now),
      session.sid === undefined
        ? undefined
        : this.#index.add(sidIndexKey(session.sid), key, until, now),
    ]);
    await this.#options.sessionStore.set(key, session, sessionTtl(session, now));
    return {
      key,
      cookie: sessionCookie(this.#options.cookieName, id, { secure: this.#options.secureCookies }),
    };
  }

  /**
   * Runs `task` under the session's lock with the session as stored now (`undefined` when it no
   * longer exists or has ended: then it is deleted first), and the means to replace or delete it.
   *
   * The lock is this process's (requests queue in arrival order) and, when the store has one
   * (`withLock`), the store's lock shared by every replica, taken inside it: one request per
   * process waits on the shared lock at a time, and the session is read again once it is held.
   * `needsSharedLock` spares the shared lock when the session as read under this process's lock
   * shows there is nothing to do (a refresh another request already made); `task` then runs with
   * that session and must not write.
   */
  locked<T>(
    key: string,
    task: (current: SessionRecord | undefined, write: SessionWrite) => Promise<T>,
    options: LockOptions = {},
  ): Promise<T> {
    const { now = Date.now(), needsSharedLock } = options;
    const store = this.#options.sessionStore;
    const write: SessionWrite = {
      save: (next) => store.set(key, next, sessionTtl(next, Date.now())),
      remove: () => this.#forget(key),
    };
    const readAndRun = async () => task(await this.#current(key, now), write);
    return this.#lock.run(key, async () => {
      if (!store.withLock) return readAndRun();
      if (needsSharedLock) {
        const current = await this.#current(key, now);
        if (!needsSharedLock(current)) return task(current, READ_ONLY);
      }
      return store.withLock(key, readAndRun);
    });
  }

  /** The session stored under `key` now; an ended one is deleted and reads as `undefined`. */
  async #current(key: string, now: number): Promise<SessionRecord | undefined> {
    const stored = await this.#options.sessionStore.get(key);
    if (!isSessionRecord(stored)) return undefined;
    if (!sessionEnded(stored, now)) return stored;
    await this.#forget(key);
    return undefined;
  }

  /**
   * Under the session's lock, reads the stored session again and writes what `change` makes of it
   * (`undefined`: nothing to write). Resolves with the session as stored afterwards, or `undefined`
   * when it no longer exists or has ended.
   */
  update(
    key: string,
    change: (current: SessionRecord) => SessionRecord | undefined,
    now = Date.now(),
  ): Promise<SessionRecord | undefined> {
    return this.locked(
      key,
      async (current, write) => {
        if (!current) return undefined;
        const next = change(current);
        if (next === undefined) return current;
        await write.save(next);
        return next;
      },
      { now, needsSharedLock: (current) => current !== undefined && change(current) !== undefined },
    );
  }

  /**
   * Deletes a session, under its lock (the shared one too), after any write in progress: a refresh
   * on another replica cannot write it back afterwards.
   */
  end(key: string): Promise<void> {
    return this.locked(key, (_current, write) => write.remove());
  }

  /**
   * Ends every session of the IdP session `sid` (of user `sub` too, when both are given), or every
   * session of `sub` when no `sid` is: a back-channel logout. Each is deleted under its lock, after
   * any write in progress, as {@link Sessions.end} does. Resolves how many were ended.
   */
  async endFor(match: { sid: string | undefined; sub: string | undefined }): Promise<number> {
    const { sid, sub } = match;
    const indexKey =
      sid !== undefined ? sidIndexKey(sid) : sub !== undefined ? subIndexKey(sub) : undefined;
    if (indexKey === undefined) return 0;
    const keys = await this.#index.keys(indexKey);
    const outcomes = await Promise.all(
      keys.map((key) =>
        this.locked(key, async (current, write) => {
          if (!current) return 'gone';
          if (
            (sid !== undefined && current.sid !== sid) ||
            (sub !== undefined && current.sub !== sub)
          ) {
            return 'kept';
          }
          await write.remove();
          return 'ended';
        }),
      ),
    );
    // An IdP session that ended gets no new sessions: its list goes once nothing in it lives (a
    // token whose sub did not match leaves it). A user's list stays, for the sessions being made
    // meanwhile; the ended ones are pruned as it grows.
    if (sid !== undefined && !outcomes.includes('kept')) await this.#index.drop(indexKey);
    return outcomes.filter((outcome) => outcome === 'ended').length;
  }

  async #forget(key: string): Promise<void> {
    this.#handles.forget(key);
    await this.#options.sessionStore.delete(key);
  }

  /** `Set-Cookie` that deletes the session cookie. */
  clearCookie(): string {
    return clearedCookie(this.#options.cookieName, { secure: this.#options.secureCookies });
  }
}
