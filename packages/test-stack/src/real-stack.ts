// The real local IdP (apps/idp) and bank API (apps/bank-api) on 127.0.0.1, port 0, and engine clients
// signed in through the IdP's own pages. Shared by core's and the React packages' integration tests.
import { vi } from 'vitest';
import { createAuthClient, type AuthClient, type AuthClientSettings } from '@sesame/core';
import { startBankApi, type BankApiOptions, type RunningBankApi } from './real-bank-api';
import {
  APP,
  bffIdpOption,
  completeLogin,
  DASHBOARD_CLIENT_ID,
  DEFAULT_DASHBOARD_SCOPE,
  startIdp,
  testBffClient,
  USERS,
  type DemoUserName,
  type RunningIdp,
  type TestBffClient,
  type TestBffOptions,
} from './real-idp';

export { APP, USERS, type DemoUserName } from './real-idp';

export interface RealStack {
  idp: RunningIdp;
  api: RunningBankApi;
  /** The BFF client registered at the IdP (with its private key unless the test gave the public keys); undefined without the `bff` option. */
  bff: TestBffClient | undefined;
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
    /**
     * The IdP requires DPoP of the dashboard client (`dpop_bound_access_tokens`): token requests
     * without a proof are refused, and the tokens are bound to the proof's key. Default false.
     * Clients that should pass need core's `dpop` setting (`makeClient({ dpop: dpop() })`).
     */
    dpop?: boolean;
    /** The IdP requires a server nonce in every DPoP proof at its token endpoint. Default false. */
    dpopNonce?: boolean;
    /**
     * Registers the BFF client `bank-bff` at the IdP (private_key_jwt, PAR, DPoP, FAPI 2.0) with this
     * redirect URI; the key pair is generated unless `publicJwks` is given. Read it back as `stack.bff`.
     */
    bff?: TestBffOptions;
    api?: Partial<BankApiOptions>;
    /**
     * The engine to build clients with; default `@sesame/core`'s (core's own tests map that name to
     * its sources). Pass the one a test checks errors with, so both come from the same module.
     */
    createAuthClient?: typeof createAuthClient;
  } = {},
): Promise<RealStack> {
  const create = options.createAuthClient ?? createAuthClient;
  const bff = options.bff ? await testBffClient(options.bff) : undefined;
  const idp = await startIdp({
    accessTokenTtl: options.accessTokenTtl ?? 300,
    dpop: options.dpop ?? false,
    dpopNonce: options.dpopNonce ?? false,
    ...(bff ? { bff: bffIdpOption(bff) } : {}),
  });
  const api = await startBankApi({
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
    bff,
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
