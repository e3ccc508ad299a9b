// The real IdP (behind the tampering proxy) and the real bank API, on 127.0.0.1.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { start as startBankApi, type BankApiOptions, type RunningBankApi } from '@sesame/bank-api';
import {
  DEMO_USERS,
  IdpError,
  start as startIdp,
  type IdpOptions,
  type RunningIdp,
} from '@sesame/idp';
import { obtainTokens, type TokenSet } from '@sesame/idp/testing';
import { expect } from 'vitest';
import { startIdpProxy, type IdpProxy } from './idp-proxy';

export const APP = 'http://localhost:3000';

export type DemoLogin = 'jane.doe' | 'john.smith' | 'ann.viewer';

export function credentials(login: DemoLogin) {
  const user = DEMO_USERS.find((candidate) => candidate.login === login)!;
  return { login: user.login, password: user.password };
}

export interface Stack {
  /** The issuer everybody uses: the proxy's URL. */
  readonly issuer: string;
  readonly idp: RunningIdp;
  readonly proxy: IdpProxy;
  /** Present when the stack was started with an API. */
  readonly api: RunningBankApi;
  /** A code + PKCE sign-in at the real IdP, as a plain OAuth client would do it. */
  tokensFor(login: DemoLogin): Promise<TokenSet>;
  /** Every line the IdP and the API logged, plus the API's request log, as one string. */
  logged(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** The IdP must know its issuer (the proxy) before it listens, so it gets a port picked just before. */
async function startIdpBehind(proxy: IdpProxy, options: IdpOptions): Promise<RunningIdp> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      const idp = await startIdp({ ...options, port, issuer: proxy.url });
      proxy.setUpstream(port);
      return idp;
    } catch (error) {
      // Another process took the port between the probe and the listen: pick another.
      if (!(error instanceof IdpError && error.code === 'listen_failed') || attempt === 3)
        throw error;
    }
  }
}

export interface StackOptions {
  idp?: IdpOptions;
  /** Bank API options; `false` starts no API. */
  api?: Partial<BankApiOptions> | false;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const proxy = await startIdpProxy();
  const idp = await startIdpBehind(proxy, {
    accessTokenTtl: 300,
    dashboardRedirectUris: [`${APP}/callback`],
    dashboardPostLogoutRedirectUris: [`${APP}/`],
    ...options.idp,
  });
  const api =
    options.api === false
      ? undefined
      : await startBankApi({
          port: 0,
          issuer: proxy.url,
          anchorDate: '2025-03-15',
          allowedOrigins: [APP],
          ...options.api,
        });
  return {
    issuer: proxy.url,
    idp,
    proxy,
    get api(): RunningBankApi {
      if (!api) throw new Error('this stack was started without the bank API');
      return api;
    },
    tokensFor: (login) =>
      obtainTokens({ issuer: proxy.url, user: credentials(login), redirectUri: `${APP}/callback` }),
    logged: () =>
      [...idp.logs, ...(api?.logs ?? []), JSON.stringify(api?.requestLog ?? [])].join('\n'),
    async stop() {
      await api?.stop();
      await idp.stop();
      await proxy.stop();
    },
  };
}

/** No log line of the IdP or the API, and no API request-log entry, contains any of `secrets`. */
export function expectNotLogged(stack: Stack, ...secrets: (string | undefined)[]) {
  const logged = stack.logged();
  expect(logged.length).toBeGreaterThan(0);
  for (const secret of secrets) {
    if (secret) expect(logged.includes(secret), 'a token appears in the logs').toBe(false);
  }
}
