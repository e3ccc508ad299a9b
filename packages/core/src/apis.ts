// Several APIs, each with its own audience and scopes (RFC 8707 resource indicators). A module apart,
// like dpop.ts: the engine only asks the binding below, so apps with one API ship none of this.
import type { OidcClient, RefreshState } from 'oidc-client-ts';
import { toAuthError } from './classify';
import { AuthError } from './errors';
import { DEV } from './dev';
import { createAuthFetch, type AuthFetchDeps } from './fetch';
import { mustRefresh } from './freshness';
import type { createLifecycle } from './lifecycle';
import { checkedDiscovery, revokeBestEffort, toStored } from './oidc-adapter';
import { fail, type Apis } from './settings';
import { decideStepUp } from './sign-in-policy';
import { createUserStore, webStorage, type ApiToken, type StoredUser } from './storage';
import { checkTokenResponse } from './token-response';
import type { BrowserAuthClient, GetAccessTokenOptions, SignInOptions } from './types';

/** One API of {@link apis}: where it is, and what the IdP calls it. */
export interface ApiOptions {
  /** The API's exact origin, like `https://invest.example.com`. */
  origin: string;
  /**
   * A path prefix, like `/invest`, when several APIs share an origin: requests whose path is this
   * prefix or starts with it plus `/` belong to this API (the longest prefix wins). Default: the whole origin.
   */
  path?: string;
  /** Its resource indicator (RFC 8707), the `aud` of its tokens, like `https://invest.example.com/api`. */
  resource: string;
  /** The scopes it needs, added to the sign-in's `scope` so that the grant covers them. */
  scopes?: string[];
}

/** What the engine hands the `apis` setting (positional: names of arguments minify, of properties not). */
export type ApiBinder = (
  client: BrowserAuthClient,
  getUser: () => StoredUser | null,
  setUser: (next: StoredUser | null, error?: AuthError | null) => void,
  life: ReturnType<typeof createLifecycle>,
  oidc: OidcClient,
  adoptStored: () => void,
  fetchDeps: AuthFetchDeps,
) => void;

const prefixOf = (path: string | undefined) => (path ?? '/').replace(/\/$/, '');

/**
 * The API a request to `url` belongs to: the one whose exact origin it has and whose path prefix
 * is the longest that matches (segment by segment); `false` when its origin is an API's but its
 * path no API's; `undefined` when no API has its origin.
 */
export function pickApi(
  definitions: Record<string, ApiOptions>,
  url: URL,
): string | false | undefined {
  let best: string | undefined;
  let bestLength = -1;
  let claimed = false;
  for (const [name, { origin, path }] of Object.entries(definitions)) {
    if (origin !== url.origin) continue;
    claimed = true;
    const prefix = prefixOf(path);
    const matches = !prefix || url.pathname === prefix || url.pathname.startsWith(`${prefix}/`);
    if (matches && prefix.length > bestLength) {
      best = name;
      bestLength = prefix.length;
    }
  }
  return best ?? (claimed ? false : undefined);
}

/**
 * Names the APIs the app calls, each with its own token (RFC 8707):
 * `createAuthClient({ ..., apis: apis({ bank: {...}, investments: {...} }) })`. The first API's
 * token comes from the sign-in's code exchange (with its `resource`); each other API's from the
 * refresh grant with that API's `resource`, on first use. One refresh token serves them all, used
 * one grant at a time (the IdP rotates it); each API's token is refreshed single-flight on its own.
 * `client.fetch` sends a request the token of the API whose origin and path prefix match it (the
 * longest prefix), and never another API's token; `getAccessToken({ api })` names one. A module
 * apart: apps without it ship none of this. `apiOrigins` can be left out: an API's origin is allowed.
 */
export function apis(definitions: Record<string, ApiOptions>): Apis {
  const names = Object.keys(definitions ?? {});
  if (!names[0]) fail(DEV && 'apis({...}) needs at least one API.');
  for (const name of names) {
    const { origin, path, resource, scopes } = definitions[name]!;
    const parse = (value: string) => {
      try {
        return new URL(value);
      } catch {
        return undefined; // reported below
      }
    };
    if (parse(origin)?.origin !== origin) {
      fail(DEV && `apis.${name}.origin must be an exact origin like "https://api.example.com".`);
    }
    if (!parse(resource) || /#/.test(resource)) {
      fail(DEV && `apis.${name}.resource must be an absolute URI without fragment.`);
    }
    if (path !== undefined && !/^\/[^?#]*$/.test(path)) {
      fail(DEV && `apis.${name}.path must start with "/" and have no query or fragment.`);
    }
    if (scopes !== undefined && !Array.isArray(scopes)) {
      fail(DEV && `apis.${name}.scopes must be an array of scope names.`);
    }
  }
  const [first] = names as [string];
  const bind: ApiBinder = (client, getUser, setUser, life, oidc, adoptStored, fetchDeps) => {
    const { settings } = client;
    const { lock } = life;
    // The engine's own parts, made again here rather than handed over (each argument costs every app).
    const metadata = checkedDiscovery(oidc, settings.authority); // oidc-client-ts caches the document
    const stored = createUserStore(settings);
    const loginRequired = () =>
      new AuthError('login_required', DEV && 'Nobody is signed in.', { step: 'refresh' });

    // Every use of the refresh token waits for the one before (the IdP rotates it, and a reuse ends
    // the session): the engine's own refresh goes through lock.run too, so one chain serves both.
    const run = lock.run;
    let last: Promise<unknown> = Promise.resolve();
    lock.run = <T>(task: () => Promise<T>): Promise<T> => {
      const next = last.then(
        () => run(task),
        () => run(task),
      );
      last = next;
      return next;
    };

    // The authorization request names every API's scopes and resources (plus a step-up's scopes),
    // and the code exchange asks for the first API's token (RFC 8707 §2.2).
    let stepUp: string[] = [];
    const signIn = client.signIn;
    client.signIn = (options: SignInOptions = {}) => {
      stepUp = options.scopes ?? [];
      return signIn(options).finally(() => {
        stepUp = []; // a sign-in that did not leave (a guard's 'wait') leaves no scopes behind
      });
    };
    const stepUpKey = `sesame.stepup:${settings.client_id}@${settings.authority}`;
    const createSigninRequest = oidc.createSigninRequest.bind(oidc);
    oidc.createSigninRequest = (args) => {
      // This tab's step-ups so far (sessionStorage): one interactive sign-in per scope, never a loop.
      const memory = webStorage('session');
      const tried = (memory.getItem(stepUpKey) ?? '').split(' ');
      const scopes = stepUp;
      stepUp = [];
      const decision = decideStepUp(scopes, tried);
      if (decision !== 'go') return Promise.reject(decision);
      if (scopes[0]) memory.setItem(stepUpKey, [...tried, ...scopes].join(' ').trim());
      const scope = new Set([
        ...settings.scope.split(' '),
        ...names.flatMap((name) => definitions[name]!.scopes ?? []),
        ...scopes,
      ]);
      return createSigninRequest({
        ...args,
        scope: [...scope].filter(Boolean).join(' '),
        resource: names.map((name) => definitions[name]!.resource),
        extraTokenParams: {
          ...oidc.settings.extraTokenParams,
          resource: definitions[first]!.resource,
        },
      });
    };

    // The engine's own refresh is the first API's token: with its resource (unless `resource` says otherwise).
    const refreshGrant = oidc.useRefreshToken.bind(oidc);
    oidc.useRefreshToken = (args) =>
      refreshGrant({ resource: definitions[first]!.resource, ...args });

    const held = (name: string): ApiToken | undefined => getUser()?.apis?.[name];
    const stale = (token: ApiToken, force?: GetAccessTokenOptions['forceRefresh']) =>
      mustRefresh(
        token.access_token,
        token.expires_at,
        settings.refreshBeforeExpirySeconds,
        Date.now(),
        force,
      );

    /** A refresh grant for API `name`'s resource, under the lock, after the uses before it. */
    const refreshLocked = async (name: string, seen: ApiToken | undefined): Promise<string> => {
      if (life.shared) {
        // Another tab may have got it (or rotated the refresh token) meanwhile.
        await lock.catchUp(stored.get);
        adoptStored();
        const theirs = held(name);
        if (theirs && theirs.access_token !== seen?.access_token && !stale(theirs)) {
          return theirs.access_token;
        }
      }
      const current = getUser();
      if (!current?.refresh_token) throw loginRequired();
      try {
        const doc = await metadata('refresh');
        const response = await oidc.useRefreshToken({
          // No `scope`: the IdP grants this resource the granted scopes that are its own (RFC 8707
          // §2.2), step-up scopes included.
          state: { ...current, scope: undefined } as unknown as RefreshState,
          timeoutInSeconds: settings.fetchTimeoutMs / 1000,
          resource: definitions[name]!.resource,
        });
        await checkTokenResponse(response, doc, settings, oidc.metadataService, 'refresh', current);
        // Signed out (or in again) while the request ran: the new tokens belong to no session, and
        // the rotated refresh token is revoked rather than left alive at the IdP.
        if (getUser() !== current) {
          if (response.refresh_token) {
            void revokeBestEffort(
              oidc,
              doc,
              [[response.refresh_token, 'refresh_token']],
              fetchDeps.log,
            );
          }
          throw loginRequired();
        }
        const fresh = toStored(response, current, settings.sessionMaxAgeSeconds);
        setUser({
          ...current,
          // The rotated refresh token and its times belong to the whole session.
          refresh_token: fresh.refresh_token,
          gen: fresh.gen,
          session_expires_at: fresh.session_expires_at,
          apis: {
            ...current.apis,
            [name]: {
              access_token: fresh.access_token,
              expires_at: fresh.expires_at,
              scope: fresh.scope,
            },
          },
        });
        await lock.announce(fresh.gen!); // before the lock is released
        return fresh.access_token;
      } catch (caught) {
        const error = toAuthError(
          caught,
          'refresh',
          'refresh_failed',
          DEV && 'The refresh failed.',
        );
        if (error.oauthError === 'invalid_target') {
          // This resource is refused; the grant itself is fine, and so is the session.
          throw new AuthError(
            'resource_refused',
            DEV && `The IdP refuses a token for ${definitions[name]!.resource}.`,
            { step: 'refresh', oauthError: 'invalid_target', cause: caught },
          );
        }
        // As the engine decides for its own refresh (client.ts): only a network error or an
        // unclassified failure leaves the session alive.
        if (error.code !== 'network_error' && error.code !== 'refresh_failed') {
          setUser(null, error);
        }
        throw error;
      }
    };

    // One refresh per API at a time in this tab, shared by its callers.
    const flights = new Map<string, Promise<string>>();
    const tokenFor = async (name: string, force?: GetAccessTokenOptions['forceRefresh']) => {
      await client.initialize();
      if (!flights.has(name)) {
        if (life.shared) adoptStored();
        if (!getUser()) throw loginRequired();
        const mine = held(name);
        if (mine && !stale(mine, force)) return mine.access_token;
        const seen = mine;
        flights.set(
          name,
          lock.run(() => refreshLocked(name, seen)).finally(() => flights.delete(name)),
        );
      }
      return flights.get(name)!;
    };

    const getAccessToken = client.getAccessToken;
    client.getAccessToken = ({ api = first, ...options }: GetAccessTokenOptions = {}) => {
      if (!Object.hasOwn(definitions, api)) {
        return Promise.reject(
          new AuthError('api_unknown', DEV && `No API named "${api}" in apis({...}).`, {
            step: 'refresh',
          }),
        );
      }
      return api === first ? getAccessToken(options) : tokenFor(api, options.forceRefresh);
    };
    const peek = client.peekAccessToken;
    client.peekAccessToken = (api = first) =>
      api === first ? peek() : (held(api)?.access_token ?? null);

    // Signing out revokes the other APIs' access tokens too (best effort, as the engine does its own),
    // alongside the engine's sign-out, which clears the session here first.
    const signOut = client.signOut;
    client.signOut = (options) => {
      // The next user of this tab may step up for what this one could not.
      webStorage('session').removeItem(stepUpKey);
      const tokens = Object.values(getUser()?.apis ?? {}).map(
        ({ access_token }) => [access_token, 'access_token'] as [string, 'access_token'],
      );
      const revoking =
        tokens[0] &&
        metadata('sign_out').then(
          (doc) => revokeBestEffort(oidc, doc, tokens, fetchDeps.log),
          () => {}, // the engine's sign-out reports an unreachable IdP
        );
      return signOut(options).finally(() => revoking);
    };

    // One auth-aware fetch per API: its origin, its token, its 401 rule (fetch.ts).
    const fetches: Record<string, BrowserAuthClient['fetch']> = {};
    for (const name of names) {
      fetches[name] = createAuthFetch({
        ...fetchDeps,
        apiOrigins: [definitions[name]!.origin],
        getAccessToken: (options) => client.getAccessToken({ ...options, api: name }),
        // A second 401 ends the session whichever API's token it was.
        endSession: (error, rejected) => {
          const user = getUser();
          if (user && (name === first ? user : user.apis?.[name])?.access_token === rejected) {
            fetchDeps.endSession(error, user.access_token);
          }
        },
      });
    }
    const otherFetch = client.fetch;
    client.fetch = (input, init = {}) => {
      const isRequest = typeof Request !== 'undefined' && input instanceof Request;
      const url = new URL(
        isRequest ? input.url : String(input),
        typeof location === 'undefined' ? undefined : location.href,
      );
      const name = pickApi(definitions, url);
      if (name) return fetches[name]!(input, init);
      if (name === false) {
        // An API's origin, outside every API's path: never a token, not even apiOrigins' one.
        if (init.auth === 'required') {
          return Promise.reject(
            new AuthError(
              'token_origin_not_allowed',
              DEV && `No API in apis({...}) claims the path ${url.pathname}.`,
              { step: 'request' },
            ),
          );
        }
        return otherFetch(input, { ...init, auth: 'none' });
      }
      return otherFetch(input, init);
    };
  };
  return bind as Apis;
}

/** What {@link AuthError} `insufficient_scope` asks for, to sign in again with: the challenge's `scope`, split. */
export const missingScopes = (error: AuthError): string[] =>
  (error.challenge?.scope ?? '').split(' ').filter(Boolean);
