import {
  createAuthClient,
  crossTabLock,
  dpop,
  idleTimer,
  type BrowserAuthClient,
  type IdTokenClaims,
} from '@sesame/core';
import { createAuthQueryClient } from '@sesame/react-query';
import type { QueryClient } from '@tanstack/react-query';
import type { DashboardConfig } from '../config/runtime-config';

/** The API scopes the dashboard asks for; the IdP caps them per customer (ann.viewer: read only). */
export const SCOPES = 'openid profile email accounts:read transfers:write cards:write';

/** ID-token claims the dashboard shows. */
export interface BankClaims extends IdTokenClaims {
  name?: string;
  email?: string;
  auth_time?: number;
}

export interface Session {
  auth: BrowserAuthClient<BankClaims>;
  queryClient: QueryClient;
}

/** One auth client and one query client for the app's lifetime. */
export function createSession(config: DashboardConfig): Session {
  const origin = window.location.origin;
  const auth = createAuthClient<BankClaims>({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: `${origin}/callback`,
    post_logout_redirect_uri: `${origin}/`,
    scope: SCOPES,
    apiOrigins: [config.apiUrl],
    storage: config.storage,
    // The demo switches storage and the idle timeout at run time, so it ships both modules.
    crossTabLock,
    idleTimer,
    refreshBeforeExpirySeconds: config.refreshBeforeExpirySeconds,
    sessionMaxAgeSeconds: config.sessionLifetimeSeconds,
    ...(config.idleTimeoutSeconds !== null && { idleTimeoutSeconds: config.idleTimeoutSeconds }),
    // Sender-constrained tokens (RFC 9449) when the demo runs with --dpop; without a usable key store
    // sign-in fails with dpop_unavailable rather than quietly falling back to bearer tokens.
    ...(config.dpop && { dpop: dpop() }),
  });
  // Bound at creation: the cache is emptied before React can render another user (or nobody).
  const queryClient = createAuthQueryClient(auth, {
    defaultOptions: { queries: { staleTime: 15_000, refetchOnWindowFocus: true } },
  });
  return { auth, queryClient };
}
