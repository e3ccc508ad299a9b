// Child process: one @sesame/bff (createBff + toNodeHandler on node:http) in front of the bank API,
// on a port the parent chose (the IdP registered its callback before it could listen). Its own
// process, as a BFF runs in production: the load generator, the IdP and the bank API are elsewhere.
import { createServer } from 'node:http';
import { createBff, toNodeHandler, type PrivateJwk } from '@sesame/bff';
import { BANK_API_AUDIENCE, DEFAULT_DASHBOARD_SCOPE } from '@sesame/idp';
import { serveChild } from '../api-validation/long-running-child.js';
import { makeSessionStore, type BffStoreName, type RedisSettings } from './stores.js';

export interface BffServerConfig {
  issuer: string;
  clientId: string;
  clientPrivateKey: PrivateJwk;
  /** The bank API's URL: the BFF proxies `/bff/api/bank/*` there. */
  apiUrl: string;
  port: number;
  store: BffStoreName;
  /** The run's redis-server, for the Redis store (BFFs given the same one share their sessions). */
  redis?: RedisSettings;
}

export interface BffServerReady {
  origin: string;
}

serveChild<BffServerConfig, BffServerReady>(async (config) => {
  const origin = `http://127.0.0.1:${config.port}`;
  const sessions = makeSessionStore(config.store, config.redis);
  const bff = createBff({
    issuer: config.issuer,
    clientId: config.clientId,
    clientPrivateKey: config.clientPrivateKey,
    redirectUri: `${origin}/bff/callback`,
    scope: DEFAULT_DASHBOARD_SCOPE,
    resource: BANK_API_AUDIENCE,
    allowedOrigins: [origin],
    apis: { bank: { url: config.apiUrl } },
    sessionStore: sessions.store,
    // Plain HTTP on the loopback, as in the tests; no logger, as the bank API in this run has none.
    insecureDevCookies: true,
    allowInsecureRequests: true,
  });
  // Connected to Redis before the parent signs in and measures (the BFF would answer 503 before).
  await sessions.ready();
  const server = createServer(toNodeHandler(bff));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, '127.0.0.1', resolve);
  });
  return {
    ready: { origin },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sessions.close();
    },
  };
});
