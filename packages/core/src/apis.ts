// Several APIs, each with its own audience and scopes (RFC 8707 resource indicators). A module apart,
// like dpop.ts: the engine only asks the binding below, so apps with one API ship none of this.
import type { RefreshState } from 'oidc-client-ts';
import { AuthError } from './errors';
import { DEV } from './dev';
import { fail } from './settings';
import { decideStepUp } from './sign-in-policy';
import type { ResolvedSettings } from './settings';
import { webStorage, type ApiToken, type StoredUser } from './storage';
import type { SignInOptions } from './types';

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

/** How the engine gets and keeps one API's token (internal). */
export interface ApiSlot {
  /** This API's token in `user`, if one is held. */
  held(user: StoredUser): ApiToken | undefined;
  /** The refresh grant's arguments for this API's token: the refresh token, and the resource. */
  grant(user: StoredUser): { state: RefreshState; resource: string };
  /** `user` after a refresh grant for this API, whose tokens (and new refresh token) are in `fresh`; `undefined`: `fresh` as it is. */
  keep(fresh: StoredUser, user: StoredUser): StoredUser;
}

/** What the engine asks of the `apis` setting (internal: the app only passes `apis({...})`). */
export interface ApiBinding {
  /**
   * The slot of the API named `name`; without a name, the first API's (the sign-in's token). Throws
   * `api_unknown` for a name the setting does not list.
   */
  slot(name?: string): ApiSlot;
  /** The API a request to `url` belongs to; `false` when its origin is an API's but no path matches; `undefined` when no API claims the origin. */
  pick(url: URL): string | false | undefined;
  /** Extra arguments of the authorization request: every API's scopes and resources, plus `options.scopes`. */
  signIn(options: SignInOptions): {
    scope: string;
    resource: string[];
    extraTokenParams: Record<string, string>;
  };
}

/** The `apis` setting: made by {@link apis}, bound by the engine to its settings. */
export type Apis = (settings: ResolvedSettings) => ApiBinding;

const prefixOf = (path: string | undefined) => (path ?? '/').replace(/\/$/, '');

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
  return (settings) => {
    const [first] = names as [string];
    const slots: Record<string, ApiSlot> = {
      // The sign-in's token is the first API's: no second store for it.
      [first]: {
        held: (user) => user,
        grant: (user) => ({ state: user as RefreshState, resource: definitions[first]!.resource }),
        // A new token for the first API keeps the others'.
        keep: (fresh, user) => ({ ...fresh, apis: user.apis }),
      },
    };
    for (const name of names.slice(1)) {
      slots[name] = {
        held: (user) => user.apis?.[name],
        // No `scope`: the IdP grants this resource the granted scopes that are its own (RFC 8707
        // §2.2), step-up scopes included. The rest of the state is oidc-client-ts's to read.
        grant: (user) => ({
          state: { ...user, scope: undefined } as unknown as RefreshState,
          resource: definitions[name]!.resource,
        }),
        keep: (fresh, user) => ({
          ...user,
          // The rotated refresh token and its times belong to the whole session.
          refresh_token: fresh.refresh_token,
          gen: fresh.gen,
          session_expires_at: fresh.session_expires_at,
          apis: {
            ...user.apis,
            [name]: {
              access_token: fresh.access_token,
              expires_at: fresh.expires_at,
              scope: fresh.scope,
            },
          },
        }),
      };
    }
    return {
      slot(name = first) {
        if (!Object.hasOwn(slots, name)) {
          throw new AuthError('api_unknown', DEV && `No API named "${name}" in apis({...}).`, {
            step: 'refresh',
          });
        }
        return slots[name]!;
      },
      pick(url) {
        let best: string | undefined;
        let bestLength = -1;
        let claimed = false;
        for (const name of names) {
          const { origin, path } = definitions[name]!;
          if (origin !== url.origin) continue;
          claimed = true;
          const prefix = prefixOf(path);
          const matches =
            url.pathname === prefix || url.pathname.startsWith(`${prefix}/`) || !prefix;
          if (matches && prefix.length > bestLength) {
            best = name;
            bestLength = prefix.length;
          }
        }
        return best ?? (claimed ? false : undefined);
      },
      signIn({ scopes = [] }) {
        // This tab's step-ups so far (sessionStorage): one interactive sign-in per scope, never a loop.
        const memory = webStorage('session');
        const key = `sesame.stepup:${settings.client_id}@${settings.authority}`;
        const tried = (memory.getItem(key) ?? '').split(' ');
        const decision = decideStepUp(scopes, tried);
        if (decision !== 'go') throw decision;
        if (scopes[0]) memory.setItem(key, [...tried, ...scopes].join(' ').trim());
        const scope = new Set([
          ...settings.scope.split(' '),
          ...names.flatMap((name) => definitions[name]!.scopes ?? []),
          ...scopes,
        ]);
        return {
          scope: [...scope].filter(Boolean).join(' '),
          resource: names.map((name) => definitions[name]!.resource),
          // The code exchange asks for the first API's token (RFC 8707 §2.2).
          extraTokenParams: {
            ...settings.oidcClientSettings?.extraTokenParams,
            resource: definitions[first]!.resource,
          } as Record<string, string>,
        };
      },
    };
  };
}

/** What {@link AuthError} `insufficient_scope` asks for, to sign in again with: the challenge's `scope`, split. */
export const missingScopes = (error: AuthError): string[] =>
  (error.challenge?.scope ?? '').split(' ').filter(Boolean);
