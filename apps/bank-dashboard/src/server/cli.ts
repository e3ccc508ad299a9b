#!/usr/bin/env node
// Serves the built dashboard on 127.0.0.1. Settings from flags or SESAME_DASHBOARD_* variables.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  DashboardConfigError,
  start,
  type DashboardBffOptions,
  type DashboardConfig,
} from './index';

const USAGE = `Usage: sesame-bank-dashboard [--port 5173] [--authority URL] [--api-url URL] [--invest-api-url URL]
  [--client-id ID] [--storage session|memory|local] [--idle-timeout SECONDS|off] [--dpop]
  [--bff --bff-client-key FILE|JSON [--redis-url URL] [--public-origin URL]] [--devtools] [--quiet]
Each flag also reads SESAME_DASHBOARD_<FLAG> (for example SESAME_DASHBOARD_API_URL;
SESAME_DASHBOARD_DPOP=1 for --dpop, which binds the tokens to a DPoP key).
--bff (SESAME_DASHBOARD_BFF=1): BFF mode, no token in the page. @sesame/bff is mounted at /bff, as
the IdP's client bank-bff (private_key_jwt with --bff-client-key, a private JWK: a file, or the JSON
itself; SESAME_DASHBOARD_BFF_CLIENT_KEY), in front of the IdP (--authority) and the API (--api-url).
--redis-url (SESAME_DASHBOARD_REDIS_URL): the BFF's sessions in that Redis, sealed with the key in
SESAME_DASHBOARD_BFF_SESSION_KEY (32 random bytes, base64; never on the command line), so that
several replicas share them. --public-origin (SESAME_DASHBOARD_PUBLIC_ORIGIN): the origin the
browser reaches the BFF at when it is a load balancer's, not this server's.
--devtools (SESAME_DASHBOARD_DEVTOOLS=1): serve the development build with the Sesame devtools
(dist/app-devtools) instead of the production build (dist/app, which has none).`;

/** The private JWK of --bff-client-key: JSON when it starts with `{`, else a file holding it. */
function readClientKey(value: string): DashboardBffOptions['clientPrivateKey'] {
  const text = value.trimStart().startsWith('{') ? value : readFileSync(value, 'utf8');
  const key: unknown = JSON.parse(text);
  if (typeof key !== 'object' || key === null || !('d' in key)) {
    throw new Error('--bff-client-key must be a private JWK (with "d").');
  }
  return key as DashboardBffOptions['clientPrivateKey'];
}

/** Plain-http BFF mode is for this machine only: say so where nobody can miss it. */
function warnInsecureBff(url: string) {
  console.warn(
    [
      '',
      '!!! BFF mode over plain http, for local development only:',
      `!!!   session cookies without Secure (insecureDevCookies) on ${url},`,
      '!!!   an http IdP or API allowed (allowInsecureRequests).',
      '!!! In production the BFF sits behind https with __Host- Secure cookies.',
      '',
    ].join('\n'),
  );
}

async function main() {
  const env = process.env;
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: env.SESAME_DASHBOARD_PORT ?? '5173' },
        authority: { type: 'string', default: env.SESAME_DASHBOARD_AUTHORITY },
        'api-url': { type: 'string', default: env.SESAME_DASHBOARD_API_URL },
        'invest-api-url': { type: 'string', default: env.SESAME_DASHBOARD_INVEST_API_URL },
        'client-id': { type: 'string', default: env.SESAME_DASHBOARD_CLIENT_ID },
        storage: { type: 'string', default: env.SESAME_DASHBOARD_STORAGE },
        'idle-timeout': { type: 'string', default: env.SESAME_DASHBOARD_IDLE_TIMEOUT },
        dpop: { type: 'boolean', default: env.SESAME_DASHBOARD_DPOP === '1' },
        bff: { type: 'boolean', default: env.SESAME_DASHBOARD_BFF === '1' },
        'bff-client-key': { type: 'string', default: env.SESAME_DASHBOARD_BFF_CLIENT_KEY },
        'redis-url': { type: 'string', default: env.SESAME_DASHBOARD_REDIS_URL },
        'public-origin': { type: 'string', default: env.SESAME_DASHBOARD_PUBLIC_ORIGIN },
        devtools: { type: 'boolean', default: env.SESAME_DASHBOARD_DEVTOOLS === '1' },
        quiet: { type: 'boolean', default: env.SESAME_DASHBOARD_QUIET === '1' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a port number.\n${USAGE}`);
    process.exit(2);
  }
  const config: Partial<DashboardConfig> = {};
  if (values.authority) config.authority = values.authority;
  if (values['api-url']) config.apiUrl = values['api-url'];
  if (values['invest-api-url']) config.investApiUrl = values['invest-api-url'];
  if (values['client-id']) config.clientId = values['client-id'];
  if (values.storage) config.storage = values.storage as DashboardConfig['storage'];
  const idle = values['idle-timeout'];
  // Checked with the rest when the server starts (a bad number exits with status 2).
  if (idle) config.idleTimeoutSeconds = idle === 'off' ? null : Number(idle);
  if (values.dpop) config.dpop = true;
  let bff: DashboardBffOptions | undefined;
  if (values.bff) {
    config.bff = true;
    const key = values['bff-client-key'];
    if (!key) {
      console.error(`--bff needs --bff-client-key (the BFF's private JWK).\n${USAGE}`);
      process.exit(2);
    }
    try {
      bff = { clientPrivateKey: readClientKey(key) };
    } catch (error) {
      console.error(`--bff-client-key: ${(error as Error).message}`);
      process.exit(2);
    }
    if (values['public-origin']) bff.publicOrigin = values['public-origin'];
  }
  // Loaded only when asked for: a dashboard on the in-memory store never loads a Redis client.
  const redisUrl = values['redis-url'];
  if (redisUrl && !bff) {
    console.error(`--redis-url needs --bff.\n${USAGE}`);
    process.exit(2);
  }
  const store =
    redisUrl && bff ? await redisStore(redisUrl, env.SESAME_DASHBOARD_BFF_SESSION_KEY) : undefined;
  if (bff && store) bff.sessionStore = store;

  start({
    port,
    config,
    ...(bff && { bff }),
    ...(values.devtools && { devtools: true }),
    ...(values.quiet ? {} : { logger: (line: string) => console.log(line) }),
  }).then(
    (dashboard) => {
      if (bff) warnInsecureBff(dashboard.url);
      console.log(
        `Sesame Bank dashboard at ${dashboard.url}${bff ? ` (BFF mode: ${dashboard.url}/bff)` : ''}`,
      );
      const stop = () =>
        void dashboard
          .stop()
          .then(() => store?.close())
          .then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (error: unknown) => {
      console.error(`Could not start the dashboard: ${(error as Error).message}`);
      process.exit(error instanceof DashboardConfigError ? 2 : 1);
    },
  );
}

/** The BFF's Redis session store, or exit 2 saying what is wrong with the key. */
async function redisStore(url: string, encryptionKey: string | undefined) {
  const { redisSessionStore } = await import('@sesame/bff/redis');
  try {
    return redisSessionStore({
      url,
      encryptionKey: encryptionKey ?? '',
      logger: (line) => console.log(line),
    });
  } catch (error) {
    console.error(`--redis-url: ${(error as Error).message} (in SESAME_DASHBOARD_BFF_SESSION_KEY)`);
    return process.exit(2);
  }
}

void main();
