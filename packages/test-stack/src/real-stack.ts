// The real local IdP (apps/idp) and bank API (apps/bank-api) on 127.0.0.1, port 0, and engine clients
// signed in through the IdP's own pages. Shared by core's and the React packages' integration tests
// (not shipped: only src/index.ts is bundled).
import { vi } from 'vitest';
import { start as startApi, type BankApiOptions, type RunningBankApi } from '@sesame/bank-api';
import {
  DASHBOARD_CLIENT_ID,
  DEFAULT_DASHBOARD_SCOPE,
  start as startIdp,
  type RunningIdp,
} from '@sesame/idp';
import { completeLogin } from '@sesame/idp/testing';
import { createAuthClient } from '../client';
import type { AuthClientSettings } from '../settings';
import type { AuthClient } from '../types';

export const APP = 'http://localhost:3000';
export const USERS = {
  jane: { login: 'jane.doe', password: 'sesame' },
  john: { login: 'john.smith', password: 'sesame' },
  ann: { login: 'ann.viewer', password: 'sesame' },
} as const;
export type DemoUserName = keyof typeof USERS;

export interface RealStack {
  idp: RunningIdp;
  api: RunningBankApi;
  /** A client of the dashboard app with the API's origin allow-listed and a navigate spy. */
  makeClient(extra?: Partial<AuthClientSettings>): {
    client: AuthClient;
    navigate: ReturnType<typeof vi.fn<(url: string) => void>>;
  };
  /** Plays a full sign-in of `user` at the IdP's pages and completes it in `client`. */
  signIn(
    client: AuthClient,
    navigate: ReturnType<typeof vi.fn>,
    user?: DemoUserName,
  ): Promise<void>;
  /** A client with `user` signed in. */
  signedIn(
    user?: DemoUserName,
    extra?: Partial<AuthClientSettings>,
  ): Promise<ReturnType<RealStack['makeClient']>>;
  /**
   * Makes the next `count` API requests of this page answer together: none of their responses is handed
   * back before all `count` are in. The API's `rejectNextValidTokens` counts requests, so this makes
   * "N requests hit 401 together" exact, with no retry reaching the API while it still rejects.
   */
  answerTogether(count: number): void;
  /** How many refresh-token grants the IdP has seen since the stack started (or `idp.resetCounters()`). */
  refreshes(): number;
  stop(): Promise<void>;
}

export async function startRealStack(
  options: {
    accessTokenTtl?: number;
    api?: Partial<BankApiOptions>;
    /**
     * The engine to build clients with. Other packages' tests pass `@sesame/core`'s (built) one, so that
     * their `isAuthError` and the client's errors come from the same module.
     */
    createAuthClient?: typeof createAuthClient;
  } = {},
): Promise<RealStack> {
  const create = options.createAuthClient ?? createAuthClient;
  const idp = await startIdp({
    port: 0,
    accessTokenTtl: options.accessTokenTtl ?? 300,
    dashboardRedirectUris: [`${APP}/callback`],
    dashboardPostLogoutRedirectUris: [`${APP}/`],
  });
  const api = await startApi({
    port: 0,
    issuer: idp.issuer,
    anchorDate: '2025-03-15',
    allowedOrigins: [APP],
    ...options.api,
  }).catch(async (error: unknown) => {
    await idp.stop();
    throw error;
  });
  const apiOrigin = new URL(api.url).origin;

  const stack: RealStack = {
    idp,
    api,
    makeClient(extra = {}) {
      const navigate = vi.fn<(url: string) => void>();
      const client = create({
        authority: idp.issuer,
        client_id: DASHBOARD_CLIENT_ID,
        redirect_uri: `${APP}/callback`,
        post_logout_redirect_uri: `${APP}/`,
        scope: DEFAULT_DASHBOARD_SCOPE,
        apiOrigins: [apiOrigin],
        navigate,
        autoRenew: false,
        ...extra,
      });
      return { client, navigate };
    },
    async signIn(client, navigate, user = 'jane') {
      await client.signIn({ returnTo: '/' });
      const callback = await completeLogin(navigate.mock.calls.at(-1)![0] as string, USERS[user]);
      window.history.replaceState(null, '', callback);
      await client.handleCallback();
    },
    async signedIn(user = 'jane', extra = {}) {
      const made = stack.makeClient(extra);
      await stack.signIn(made.client, made.navigate, user);
      return made;
    },
    answerTogether(count) {
      const realFetch = globalThis.fetch;
      let held = 0;
      let release!: () => void;
      const allIn = new Promise<void>((resolve) => (release = resolve));
      vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
        const response = await realFetch(input, init);
        const url = input instanceof Request ? input.url : String(input);
        if (url.startsWith(api.url) && held < count) {
          if (++held === count) release();
          await allIn;
        }
        return response;
      });
    },
    refreshes: () => idp.counters().tokenRequests.refresh_token,
    async stop() {
      await api.stop();
      await idp.stop();
    },
  };
  return stack;
}
