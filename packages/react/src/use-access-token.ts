import { useMemo, useSyncExternalStore } from 'react';
import type { AuthClient } from '@sesame/core';
import { useAuthClient } from './context';
import { useSelector } from './use-auth';
import { DEV } from './dev';

/** What {@link useAccessToken} returns. */
export interface AccessTokenView {
  /** The current access token, for display and debugging; updates when it is refreshed. May be stale. */
  token: string | null;
  /** The sign-in token's expiry (the first API's with the `apis` setting) in epoch milliseconds, or null when signed out. */
  expiresAt: number | null;
  /** What a request calls: a fresh token (of the hook's `api`), refreshing when needed (single-flight per API). */
  getToken: AuthClient['getAccessToken'];
}

/** Options of {@link useAccessToken}. */
export interface UseAccessTokenOptions {
  /**
   * With core's `apis` setting: the API whose token to show and get (a name given to `apis({...})`);
   * default the first API's. An unknown name makes `getToken()` reject `api_unknown`.
   */
  api?: string;
}

const none = () => null;

/** The access token for display, and `getToken()` for requests (of one API, with `{ api }`). */
export function useAccessToken({ api }: UseAccessTokenOptions = {}): AccessTokenView {
  const client = useAuthClient(DEV && 'useAccessToken');
  const token = useSyncExternalStore(client.subscribe, () => client.peekAccessToken(api), none);
  const expiresAt = useSelector(client, (s) => s.user?.accessTokenExpiresAt ?? null);
  return useMemo(
    () => ({
      token,
      expiresAt,
      getToken: (options) => client.getAccessToken({ ...options, api }),
    }),
    [token, expiresAt, client, api],
  );
}
