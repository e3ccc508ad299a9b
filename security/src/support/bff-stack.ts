// The real @sesame/bff, mounted through its node:http adapter on 127.0.0.1, in front of the real IdP
// (behind the battery's proxy, with the confidential client bank-bff: private_key_jwt, PAR, DPoP,
// FAPI 2.0) and the real bank API, plus a recording upstream. Two BFFs share the server (Connect
// style, one after the other): the main one under `/bff`, and one under `/short` whose sessions end
// after 2 s idle or 4 s in all, for the expiry cases (in a store that never expires anything itself).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createBff,
  toNodeHandler,
  type Bff,
  type BffOptions,
  type JsonObject,
  type SessionStore,
} from '@sesame/bff';
import {
  BANK_API_AUDIENCE,
  BFF_CLIENT_ID,
  DEFAULT_DASHBOARD_SCOPE,
  generateBffClientKeys,
} from '@sesame/idp';
import { BffBrowser } from './bff-browser';
import { startRecordingUpstream, type RecordingUpstream } from './recording-upstream';
import { startStack, type Stack } from './stack';

/** The main BFF's body limit, small so the oversize case is cheap. */
export const MAX_BODY_BYTES = 16 * 1024;
export const SHORT_IDLE_SECONDS = 2;
export const SHORT_ABSOLUTE_SECONDS = 4;

export interface BffBattery {
  /** The IdP (behind the proxy) and the bank API. */
  stack: Stack;
  /** The app's origin, where both BFFs live: `http://127.0.0.1:<port>`. */
  origin: string;
  /**
   * The API named `echo` (path prefix `/v1`): records what reaches it. The same upstream is also
   * the API `hopping`, with `allowRedirects: true`.
   */
  upstream: RecordingUpstream;
  /** Every line both BFFs logged. */
  logs: string[];
  /** Every access, refresh and ID token the IdP's token endpoint issued (read on the wire). */
  issued: Set<string>;
  /** A new browser on the app's origin (each one is kept in `browsers`). */
  browser(): BffBrowser;
  /** Every browser made so far: their answers are what the "no token anywhere" case reads. */
  browsers: BffBrowser[];
  stop(): Promise<void>;
}

/**
 * A store that ignores the TTL it is given, as a plain database table would: the short-lived BFF
 * keeps its sessions here, so the expiry cases test the BFF's own idle and absolute checks rather
 * than the memory store's clean-up.
 */
class KeepForeverStore implements SessionStore {
  readonly #records = new Map<string, string>();
  get(key: string): Promise<JsonObject | undefined> {
    const text = this.#records.get(key);
    return Promise.resolve(text === undefined ? undefined : (JSON.parse(text) as JsonObject));
  }
  set(key: string, value: JsonObject): Promise<void> {
    this.#records.set(key, JSON.stringify(value));
    return Promise.resolve();
  }
  delete(key: string): Promise<void> {
    this.#records.delete(key);
    return Promise.resolve();
  }
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startBffBattery(): Promise<BffBattery> {
  const mounted: { main?: Bff; short?: Bff } = {};
  // The app: the BFFs first (each passes what is not its own on), then the SPA's page.
  const server = createServer((req, res) => {
    const { main, short } = mounted;
    if (!main || !short) return void res.writeHead(503).end();
    toNodeHandler(main)(req, res, () =>
      toNodeHandler(short)(req, res, () => res.writeHead(200).end('app')),
    );
  });
  const origin = `http://127.0.0.1:${await listen(server)}`;
  const keys = await generateBffClientKeys();
  const stack = await startStack({
    idp: {
      bff: {
        publicJwks: keys.publicJwks,
        redirectUris: [`${origin}/bff/callback`, `${origin}/short/callback`],
        postLogoutRedirectUris: [`${origin}/`],
      },
    },
  });
  const upstream = await startRecordingUpstream();

  const issued = new Set<string>();
  stack.proxy.tamperTokenResponse = (body) => {
    for (const name of ['access_token', 'refresh_token', 'id_token']) {
      if (typeof body[name] === 'string') issued.add(body[name]);
    }
    return body;
  };

  const logs: string[] = [];
  const common: BffOptions = {
    issuer: stack.issuer,
    clientId: BFF_CLIENT_ID,
    clientPrivateKey: keys.privateJwk,
    redirectUri: `${origin}/bff/callback`,
    postLogoutRedirectUri: `${origin}/`,
    scope: DEFAULT_DASHBOARD_SCOPE,
    resource: BANK_API_AUDIENCE,
    allowedOrigins: [origin],
    apis: {
      bank: { url: stack.api.url },
      echo: { url: upstream.url, pathPrefix: '/v1' },
      hopping: { url: upstream.url, pathPrefix: '/v1', allowRedirects: true },
    },
    // Plain http on the loopback: cookies without Secure (so no __Host- prefix), http to the IdP.
    insecureDevCookies: true,
    allowInsecureRequests: true,
    maxBodyBytes: MAX_BODY_BYTES,
    logger: (line) => logs.push(line),
  };
  mounted.main = createBff(common);
  mounted.short = createBff({
    ...common,
    prefix: '/short',
    redirectUri: `${origin}/short/callback`,
    cookieName: 'sesame-short',
    sessionStore: new KeepForeverStore(),
    idleTimeoutSeconds: SHORT_IDLE_SECONDS,
    absoluteTimeoutSeconds: SHORT_ABSOLUTE_SECONDS,
  });

  const browsers: BffBrowser[] = [];
  return {
    stack,
    origin,
    upstream,
    logs,
    issued,
    browsers,
    browser() {
      const browser = new BffBrowser(origin);
      browsers.push(browser);
      return browser;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await upstream.stop();
      await stack.stop();
    },
  };
}
