// One throwaway set-up for a group of journeys: the test app's server, a counting proxy, Glewlwyd
// behind it (configured through its admin API) and the bank API trusting Glewlwyd's issuer, JWKS
// and audience. Everything binds 127.0.0.1 on free ports; stop() removes it all.
import { fileURLToPath } from 'node:url';
import { start as startBankApi, type RunningBankApi } from '@sesame/bank-api';
import { GlewlwydAdmin } from './admin-api';
import { startAppServer, type AppServer } from './app-server';
import { startCountingProxy, type CountingProxy } from './counting-proxy';
import { freePort } from './free-port';
import { launchGlewlwyd, type GlewlwydProcess } from './glewlwyd-process';
import { CLIENT_ID, configureProvider, PLUGIN_NAME, SCOPES } from './provider-setup';

/** The bank API's audience; Glewlwyd puts it in `aud` for `resource=<it>` with `accounts:read`. */
export const BANK_AUDIENCE = 'https://bank.sesame.test/api';

export interface InteropOptions {
  /** Access-token lifetime at Glewlwyd (it is also the ID token's). Default 300. */
  accessTokenSeconds?: number;
  /** Glewlwyd's revocation endpoint on (it then needs client authentication). Default true. */
  revocation?: boolean;
  /** The app's `refreshBeforeExpirySeconds`. Default: Sesame's. */
  refreshBeforeExpirySeconds?: number;
}

export interface InteropStack {
  readonly app: AppServer;
  /** Requests to Glewlwyd, as its clients made them. */
  readonly provider: CountingProxy;
  readonly glewlwyd: GlewlwydProcess;
  readonly admin: GlewlwydAdmin;
  readonly bank: RunningBankApi;
  readonly issuer: string;
  stop(): Promise<void>;
}

const DIST = fileURLToPath(new URL('../dist', import.meta.url));

export async function startInteropStack(options: InteropOptions = {}): Promise<InteropStack> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    await Promise.allSettled(stops.reverse().map((stop) => stop()));
  };
  try {
    const app = await startAppServer(DIST);
    stops.push(app.stop);
    const provider = await startCountingProxy();
    stops.push(provider.stop);
    const glewlwyd = await launchGlewlwyd({
      port: await freePort(),
      externalUrl: provider.url,
      allowOrigin: app.url,
    });
    stops.push(glewlwyd.stop);
    provider.setTarget(glewlwyd.url);

    const issuer = `${provider.url}/api/${PLUGIN_NAME}`;
    // A path, even just "/": Glewlwyd 2.7.5 crashes on a path-less redirect URI (session management).
    const appHome = `${app.url}/`;
    const admin = await GlewlwydAdmin.signIn(glewlwyd.url);
    await configureProvider(admin, {
      issuer,
      audience: BANK_AUDIENCE,
      redirectUri: appHome,
      postLogoutRedirectUri: appHome,
      accessTokenSeconds: options.accessTokenSeconds ?? 300,
      revocation: options.revocation ?? true,
    });

    const bank = await startBankApi({
      port: 0,
      issuer,
      audience: BANK_AUDIENCE,
      allowedOrigins: [app.url],
    });
    stops.push(bank.stop);

    app.setConfig({
      settings: {
        authority: issuer,
        client_id: CLIENT_ID,
        redirect_uri: appHome,
        post_logout_redirect_uri: appHome,
        scope: SCOPES.join(' '),
        resource: BANK_AUDIENCE,
        apiOrigins: [bank.url],
        // Glewlwyd serves end_session for GET only.
        endSessionMethod: 'get',
        ...(process.env.INTEROP_DEBUG ? { debug: true } : {}),
        ...(options.refreshBeforeExpirySeconds === undefined
          ? {}
          : { refreshBeforeExpirySeconds: options.refreshBeforeExpirySeconds }),
      },
      apiUrl: bank.url,
    });
    return { app, provider, glewlwyd, admin, bank, issuer, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
