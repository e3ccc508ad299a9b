// The BFF under test, mounted through one of its adapters on 127.0.0.1 (port 0), in front of the
// real IdP (with the bank-bff client: private_key_jwt, PAR, DPoP, FAPI 2.0) and the real bank API.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type HttpBindings } from '@hono/node-server';
import express from 'express';
import { Hono, type Context } from 'hono';
import {
  startBankApi,
  type RunningBankApi,
  type BankApiOptions,
} from '@sesame/test-stack/real-bank-api';
import {
  DEFAULT_DASHBOARD_SCOPE,
  startIdpWithBff,
  type IdpOptions,
  type RunningIdp,
  type TestBffClient,
} from '@sesame/test-stack/real-idp';
import { createBff, type Bff } from '../bff';
import { toNodeHandler } from '../node';
import type { BffApi, BffOptions } from '../options';
import { MemorySessionStore } from '../session-store';
import { TestBrowser } from './browser';

/** How the BFF is mounted: Hono on @hono/node-server (Fetch handler), Express, or bare node:http. */
export type Adapter = 'hono' | 'express' | 'node';

export const ADAPTERS: readonly Adapter[] = ['hono', 'express'];

/** The bank API's audience (the IdP's default), which the BFF asks tokens for. */
export const BANK_API_RESOURCE = 'https://bank.sesame.test/api';

export interface BffStack {
  idp: RunningIdp;
  api: RunningBankApi;
  client: TestBffClient;
  bff: Bff;
  /** The BFF's (and the app's) origin, `http://127.0.0.1:<port>`. */
  origin: string;
  store: MemorySessionStore;
  /** The options the BFF was made with: more BFFs made from them are replicas of it. */
  bffOptions: BffOptions;
  /**
   * Serves these BFFs instead, one request each in turn (round robin): replicas behind a load
   * balancer on the same origin, or a restarted BFF. `stack.bff` stays the first one made.
   */
  serve(...bffs: Bff[]): void;
  /** The BFF's log lines. */
  logs: string[];
  browser(): TestBrowser;
  /** How many refresh grants the IdP has seen. */
  refreshes(): number;
  stop(): Promise<void>;
}

export interface BffStackOptions {
  adapter?: Adapter;
  bff?: Partial<BffOptions>;
  idp?: Omit<IdpOptions, 'bff'>;
  api?: Partial<BankApiOptions>;
  /** Upstream APIs besides `bank` (the real bank API). */
  apis?: Record<string, BffApi>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** Serves `bff` through `adapter`; the app's own page at `/` answers "app". */
function mount(adapter: Adapter, bff: () => Bff): Server {
  if (adapter === 'hono') {
    const app = new Hono<{ Bindings: HttpBindings }>();
    // @hono/node-server keeps the raw request target: passing it lets the BFF refuse dot segments
    // that the Request's URL parser has already resolved.
    const handle = (c: Context<{ Bindings: HttpBindings }>) =>
      bff()(c.req.raw, { rawPath: c.env.incoming.url ?? '' });
    app.all('/bff', handle);
    app.all('/bff/*', handle);
    app.get('*', (c) => c.text('app'));
    // Not listening yet: `listen` below picks the port.
    return serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', createServer }) as Server;
  }
  if (adapter === 'express') {
    const app = express();
    app.disable('x-powered-by');
    app.use((req, res, next) => toNodeHandler(bff())(req, res, next));
    app.get('/{*rest}', (_req, res) => {
      res.type('text').send('app');
    });
    return createServer(app);
  }
  return createServer((req, res) => toNodeHandler(bff())(req, res));
}

export async function startBffStack(options: BffStackOptions = {}): Promise<BffStack> {
  const adapter = options.adapter ?? 'hono';
  // The server listens first (its port is in the redirect URI the IdP registers); the BFF comes after.
  const ready: { bff?: Bff; replicas?: Bff[]; turn: number } = { turn: 0 };
  const server = mount(adapter, () => {
    if (ready.replicas?.length) return ready.replicas[ready.turn++ % ready.replicas.length]!;
    if (!ready.bff) throw new Error('BFF not ready');
    return ready.bff;
  });
  if (!server.listening) await listen(server);
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const { idp, bff: client } = await startIdpWithBff({
    redirectUri: `${origin}/bff/callback`,
    idp: { accessTokenTtl: 300, ...options.idp },
  });
  const api = await startBankApi({ issuer: idp.issuer, anchorDate: '2025-03-15', ...options.api });
  const store = new MemorySessionStore();
  const logs: string[] = [];
  const bffOptions: BffOptions = {
    issuer: idp.issuer,
    clientId: client.clientId,
    clientPrivateKey: client.privateJwk!,
    redirectUri: client.redirectUri,
    postLogoutRedirectUri: client.postLogoutRedirectUri,
    scope: DEFAULT_DASHBOARD_SCOPE,
    resource: BANK_API_RESOURCE,
    allowedOrigins: [origin],
    apis: { bank: { url: api.url }, ...options.apis },
    insecureDevCookies: true,
    allowInsecureRequests: true,
    sessionStore: store,
    logger: (line) => logs.push(line),
    ...options.bff,
  };
  const bff = createBff(bffOptions);
  ready.bff = bff;
  return {
    idp,
    api,
    client,
    bff,
    origin,
    store,
    bffOptions,
    serve(...bffs) {
      ready.replicas = bffs;
      ready.turn = 0;
    },
    logs,
    browser: () => new TestBrowser(origin),
    refreshes: () => idp.counters().tokenRequests.refresh_token,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await api.stop();
      await idp.stop();
    },
  };
}

/** A port on 127.0.0.1 where nothing listens (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
