import {
  apis,
  createAuthClient,
  crossTabLock,
  dpop,
  idleTimer,
  type BrowserAuthClient,
  type IdTokenClaims,
} from '@sesame/core';
import { createBffClient, type BffAuthClient } from '@sesame/core/bff';
import { createAuthQueryClient } from '@sesame/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { refetchDuringOutage, retryUnlessOutage } from '../api/session-store-outage';
import { BANK_API_RESOURCE, INVEST_API_RESOURCE, INVEST_SCOPES } from '../config/api-resources';
import { BFF_PREFIX } from '../config/bff-paths';
import type { DashboardConfig } from '../config/runtime-config';
import { SCOPES } from '../config/scopes';

export { SCOPES };

/** ID-token claims the dashboard shows. */
export interface BankClaims extends IdTokenClaims {
  name?: string;
  email?: string;
  auth_time?: number;
}

/**
 * The app's engine and data layer. `mode` says which engine: browser mode's (tokens in the page) or
 * BFF mode's (the session is the server's; no token in the page). Both are an `AuthClient`, so
 * nothing below the app's root needs to know.
 */
export type Session = { queryClient: QueryClient } & (
  | { mode: 'browser'; auth: BrowserAuthClient<BankClaims> }
  | { mode: 'bff'; auth: BffAuthClient<BankClaims> }
);

/** Browser mode: oidc-client-ts in the page, tokens in `config.storage`. */
function createBrowserAuth(config: DashboardConfig) {
  const origin = window.location.origin;
  return createAuthClient<BankClaims>({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: `${origin}/callback`,
    post_logout_redirect_uri: `${origin}/`,
    scope: SCOPES,
    // Two APIs, one token each (RFC 8707): the bank's comes with the sign-in, the investments API's
    // from the refresh grant with its resource on first use; fetch picks the token by origin and
    // never sends one API's token to the other.
    apis: apis({
      bank: { origin: config.apiUrl, resource: BANK_API_RESOURCE },
      investments: {
        origin: config.investApiUrl,
        resource: INVEST_API_RESOURCE,
        scopes: INVEST_SCOPES,
      },
    }),
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
}

/**
 * BFF mode: the IdP, the client, the scopes and the token lifetimes are the server's business (the
 * dashboard's server mounts `@sesame/bff` at `/bff`); the page only keeps its idle timeout.
 */
function createBffAuth(config: DashboardConfig) {
  return createBffClient<BankClaims>({
    baseUrl: BFF_PREFIX,
    // A session the IdP ends (back-channel logout) is gone at the BFF at once; a tab learns it at
    // its next /session check. Every 0.8 s while the tab is visible (±10 %; never while hidden: it
    // checks on coming back), it shows the sign-out within a second, for one small request per
    // 0.8 s per visible tab (a bank that can wait longer sets more; core's default is 300 s).
    sessionCheckSeconds: 0.8,
    ...(config.idleTimeoutSeconds !== null && {
      idleTimeoutSeconds: config.idleTimeoutSeconds,
      idleTimer,
    }),
  });
}

/** One auth client and one query client for the app's lifetime. */
export function createSession(config: DashboardConfig): Session {
  const session = config.bff
    ? { mode: 'bff' as const, auth: createBffAuth(config) }
    : { mode: 'browser' as const, auth: createBrowserAuth(config) };
  // Bound at creation: the cache is emptied before React can render another user (or nobody).
  const queryClient = createAuthQueryClient(session.auth, {
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: true,
        // BFF mode: its session store down for a moment is shown at once, and the data comes back
        // by itself once the store returns (no click, no sign-in).
        retry: retryUnlessOutage,
        refetchInterval: refetchDuringOutage,
      },
    },
  });
  return { ...session, queryClient };
}
