// A BFF in front of two APIs with their own audiences (RFC 8707), over the real IdP: the real bank
// API (its resource, the sign-in's token) and the real investments API (its own resource and
// scope, its token from the refresh grant), both checking the audience of what they get. A third
// API name, `invest-echo`, reaches an echo server with the investments resource (so the same token),
// to show the token such a request carried. Shared by the memory-store and Redis integration tests.
import type { DemoUserName } from '@sesame/test-stack/real-idp';
import { startInvestApi, type RunningInvestApi } from '@sesame/test-stack/real-invest-api';
import { createBff, type Bff } from '../bff';
import type { BffOptions } from '../options';
import type { SessionStore } from '../session-store';
import { sessionKey, type SessionRecord } from '../session-record';
import type { TestBrowser } from './browser';
import { startEchoServer } from './echo-server';
import { BANK_API_RESOURCE, startBffStack, type BffStack, type BffStackOptions } from './stack';

export const BANK = BANK_API_RESOURCE;
export const INVEST = 'https://invest.sesame.test/api';
/** The scope the investments API needs. */
export const PORTFOLIO_READ = 'portfolio:read';

/** A JWT's payload (the test reads its own tokens; nothing here checks a signature). */
export const jwtPayload = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<
    string,
    unknown
  >;

export interface TwoApis {
  stack: BffStack;
  invest: RunningInvestApi;
  /** Options of a BFF for both APIs: every BFF made from them is a replica. */
  options: BffOptions;
  /** A BFF for both APIs on `store` (default: the stack's memory store). */
  bffFor(store?: SessionStore): Bff;
  /** The access tokens `invest-echo` (the investments resource's token) received, in order. */
  investTokens(): string[];
  /** Access tokens the IdP has issued for `resource`. */
  issuedFor(resource: string): number;
  stop(): Promise<void>;
}

export async function startTwoApis(options: BffStackOptions = {}): Promise<TwoApis> {
  const echo = await startEchoServer();
  const stack = await startBffStack({ adapter: 'hono', ...options });
  const invest = await startInvestApi({ issuer: stack.idp.issuer, anchorDate: '2025-03-15' });
  const { resource: _single, ...base } = stack.bffOptions;
  const bffOptions: BffOptions = {
    ...base,
    apis: {
      bank: { url: stack.api.url, resource: BANK },
      investments: { url: invest.url, resource: INVEST, scopes: PORTFOLIO_READ },
      'invest-echo': { url: echo.url, resource: INVEST, scopes: PORTFOLIO_READ },
    },
  };
  const bffFor = (store?: SessionStore) =>
    createBff({ ...bffOptions, ...(store ? { sessionStore: store } : {}) });
  stack.serve(bffFor());
  return {
    stack,
    invest,
    options: bffOptions,
    bffFor,
    investTokens: () =>
      echo.requests.map((request) =>
        String(request.headers.authorization ?? '').replace(/^DPoP /, ''),
      ),
    issuedFor: (resource) => stack.idp.counters().accessTokensByResource[resource] ?? 0,
    async stop() {
      await stack.stop();
      await invest.stop();
      await echo.stop();
    },
  };
}

/** The store key of the browser's session (the insecure dev cookie's name). */
export const sessionOf = (browser: TestBrowser): string =>
  sessionKey(browser.cookies.get('sesame')!);

/** Makes every token of the stored session stale and expired, as at the end of their life. */
export async function expireTokens(store: SessionStore, key: string): Promise<SessionRecord> {
  const stored = (await store.get(key)) as SessionRecord;
  const past = { accessTokenRefreshAt: Date.now() - 2000, accessTokenExpiresAt: Date.now() - 1 };
  const apiTokens = Object.fromEntries(
    Object.entries(stored.apiTokens ?? {}).map(([resource, token]) => [
      resource,
      { ...token, ...past },
    ]),
  );
  const expired: SessionRecord = { ...stored, ...past, apiTokens };
  await store.set(key, expired, 600_000);
  return expired;
}

/**
 * A new browser signed in as `user` whose session already holds both APIs' tokens: its first call
 * to the investments API (which fetches that API's token) has answered 200.
 */
export async function signInToBothApis(
  apis: TwoApis,
  user: DemoUserName,
): Promise<{ browser: TestBrowser; key: string }> {
  const browser = apis.stack.browser();
  await browser.signIn(user);
  const first = await browser.fetch('/bff/api/investments/portfolio');
  // Thrown rather than asserted so this module stays free of the test runner; it fails the test all the same.
  if (first.status !== 200) throw new Error(`first investments call answered ${first.status}`);
  return { browser, key: sessionOf(browser) };
}

/** Counts from now the access tokens the IdP issues for each API: call the result to read them. */
export function tokensIssuedFromNow(apis: TwoApis): () => { bank: number; invest: number } {
  const bank = apis.issuedFor(BANK);
  const invest = apis.issuedFor(INVEST);
  return () => ({ bank: apis.issuedFor(BANK) - bank, invest: apis.issuedFor(INVEST) - invest });
}

/** `count` calls at once, alternating the investments and the bank API; their statuses in order. */
export async function callBothApisAtOnce(browser: TestBrowser, count: number): Promise<number[]> {
  const answers = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      browser.fetch(i % 2 ? '/bff/api/bank/accounts' : '/bff/api/investments/portfolio'),
    ),
  );
  return answers.map((answer) => answer.status);
}
