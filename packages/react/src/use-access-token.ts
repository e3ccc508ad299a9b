import { useMemo, useSyncExternalStore } from 'react';
import type { AuthClient } from '@sesame/core';
import { useAuthClient } from './context';
import { useSelector } from './use-auth';
import { DEV } from './dev';

/** What {@link useAccessToken} returns. */
export interface AccessTokenView {
  /** The current access token, for display and debugging; updates when it is refreshed. May be stale. */
  token: string | null;
  /** Its expiry in epoch milliseconds, or null when signed out. */
  expiresAt: number | null;
  /** What a request calls: a fresh token, refreshing when needed (single-flight). */
  getToken: AuthClient['getAccessToken'];
}

const none = () => null;

/** The access token for display, and `getToken()` for requests. */
export function useAccessToken(): AccessTokenView {
  const client = useAuthClient(DEV && 'useAccessToken');
  const token = useSyncExternalStore(client.subscribe, client.peekAccessToken, none);
  const expiresAt = useSelector(client, (s) => s.user?.accessTokenExpiresAt ?? null);
  return useMemo(
    () => ({ token, expiresAt, getToken: client.getAccessToken }),
    [token, expiresAt, client],
  );
}
