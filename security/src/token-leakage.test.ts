// Token leakage: where the tokens go, and where they must never show up. The real engine with
// client.fetch, the real IdP (behind the proxy, which records every URL it is asked for) and the real
// bank API, plus two recording servers on other origins: one allow-listed (it can redirect), one not.
import { isAuthError, type AuthClient } from '@sesame/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRecordingServer } from '@sesame/test-stack/recording-server';
import { resetBrowser, signedIn, storedUser, type Navigate } from './support/browser';
import { expectNotLogged, startStack, type Stack } from './support/stack';

type Recorder = Awaited<ReturnType<typeof startRecordingServer>>;

let stack: Stack;
let allowed: Recorder; // allow-listed origin that answers /redirect?to=... with a 302
let other: Recorder; // an origin that must never see a token
let client: AuthClient;
let navigate: Navigate;

const accessTokens = new Set<string>();
const refreshTokens = new Set<string>();
const idTokens = new Set<string>();
const errors: unknown[] = [];
const consoleLines: string[] = [];
const addressBar: string[] = [];
const navigations: string[] = [];
const postedForms: URLSearchParams[] = [];
const storageWrites: { area: 'local' | 'session'; key: string; value: string }[] = [];

/** Remembers the tokens the engine holds now, the address bar and where the engine navigated. */
function remember() {
  navigations.push(...navigate.mock.calls.map(([url]) => url));
  postedForms.push(...navigate.mock.calls.flatMap(([, form]) => (form ? [form] : [])));
  navigate.mockClear();
  const user = storedUser(stack);
  if (user) {
    accessTokens.add(user.access_token as string);
    if (user.refresh_token) refreshTokens.add(user.refresh_token as string);
    if (user.id_token) idTokens.add(user.id_token as string);
  }
  addressBar.push(window.location.href);
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => {
      errors.push(error);
      return error;
    },
  );

async function signIn() {
  ({ client, navigate } = await signedIn(stack, {
    apiOrigins: [stack.api.url, allowed.url],
    // An app that wires Sesame's debug log to the console, as many do while developing.
    logger: { debug: (message, data) => console.debug(`[sesame] ${message}`, data ?? '') },
  }));
  remember();
}

/**
 * One whole session, recorded: sign-in, API calls, a 401 recovered by a refresh, a refresh that fails,
 * requests to other origins and redirects, an API that rejects every token, a second sign-in and an
 * RP-initiated sign-out. The cases below each check one place a token must not reach.
 */
beforeAll(async () => {
  resetBrowser();
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleLines.push(
        args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '),
      );
    });
  }
  // Every Web Storage write, including cross-tab messages written and removed at once.
  const setItem = Storage.prototype.setItem;
  vi.spyOn(Storage.prototype, 'setItem').mockImplementation(function (
    this: Storage,
    key: string,
    value: string,
  ) {
    storageWrites.push({ area: this === localStorage ? 'local' : 'session', key, value });
    setItem.call(this, key, value);
  });
  stack = await startStack();
  allowed = await startRecordingServer();
  other = await startRecordingServer();
  await signIn();

  expect((await client.fetch(`${stack.api.url}/accounts`)).status).toBe(200);
  stack.api.faults.set({ rejectNextValidTokens: 1 });
  expect((await client.fetch(`${stack.api.url}/me`)).status).toBe(200); // 401 → refresh → retry
  remember();
  expect((await client.fetch(`${other.url}/page`)).status).toBe(200);
  await failure(client.fetch(`${other.url}/page`, { auth: 'required' }));
  await failure(
    client.fetch(`${allowed.url}/redirect?to=${encodeURIComponent(`${other.url}/stolen`)}`),
  );
  const followed = await client.fetch(
    `${allowed.url}/redirect?to=${encodeURIComponent(`${other.url}/followed`)}`,
    { redirect: 'follow' },
  );
  expect(followed.status).toBe(200);
  stack.proxy.tokenFault = { status: 500, body: '{"error":"server_error"}' };
  await failure(client.getAccessToken({ forceRefresh: true }));
  stack.proxy.tokenFault = undefined;
  // The failure started the IdP back-off; a forced refresh goes through it and ends it.
  await client.getAccessToken({ forceRefresh: true });
  stack.api.faults.set({ rejectAllValidTokens: true });
  await failure(client.fetch(`${stack.api.url}/accounts`)); // 401 twice → unauthorized, session ends
  remember();
  stack.api.faults.reset();
  await failure(client.fetch(`${stack.api.url}/accounts`)); // signed out: login_required, no request

  await signIn();
  expect((await client.fetch(`${stack.api.url}/cards`)).status).toBe(200);
  await client.signOut();
  remember();
}, 60_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await stack.stop();
  await allowed.stop();
  await other.stop();
});

const everyToken = () => [...accessTokens, ...refreshTokens, ...idTokens];

describe('token leakage', () => {
  it('the recorded session really used several tokens of each kind (control)', () => {
    expect(accessTokens.size).toBeGreaterThanOrEqual(3);
    expect(refreshTokens.size).toBeGreaterThanOrEqual(3);
    expect(idTokens.size).toBeGreaterThanOrEqual(2);
    expect(errors.map((error) => (error as { code?: string }).code)).toEqual([
      'token_origin_not_allowed',
      'network_error',
      'network_error',
      'unauthorized',
      'login_required',
    ]);
  });

  it('a request to a non-allow-listed origin (auth "auto") → sent without Authorization', () => {
    const page = other.requests.filter((request) => request.path === '/page');
    expect(page).toHaveLength(1);
    expect(page[0]!.headers.authorization).toBeUndefined();
  });

  it('auth "required" to a non-allow-listed origin → token_origin_not_allowed before any request', () => {
    expect(isAuthError(errors[0], 'token_origin_not_allowed')).toBe(true);
    expect(other.requests.filter((request) => request.path === '/page')).toHaveLength(1);
  });

  it('a redirect from an allow-listed origin to another origin → not followed (network_error); the other origin gets nothing', () => {
    expect(errors[1]).toMatchObject({ code: 'network_error', step: 'request' });
    expect(
      allowed.requests.some((r) => r.path.startsWith('/redirect') && r.headers.authorization),
    ).toBe(true);
    expect(other.requests.some((request) => request.path === '/stolen')).toBe(false);
  });

  it('the same redirect with redirect: "follow" opted in → the other origin is reached without the token', () => {
    const followed = other.requests.filter((request) => request.path === '/followed');
    expect(followed).toHaveLength(1);
    expect(followed[0]!.headers.authorization).toBeUndefined();
    expect(JSON.stringify(other.requests)).not.toMatch(/eyJ[\w-]+\.eyJ/);
    for (const token of everyToken()) expect(JSON.stringify(other.requests)).not.toContain(token);
  });

  it('no token in any URL (navigations, address bar, every IdP request), the ID token included: logout posts it as id_token_hint in a form', () => {
    const urls = [
      ...navigations,
      ...addressBar,
      ...stack.proxy.paths,
      ...allowed.requests.map((request) => request.path),
      ...other.requests.map((request) => request.path),
    ];
    expect(urls.length).toBeGreaterThan(20);
    for (const url of urls) {
      for (const token of everyToken()) expect(url).not.toContain(token);
      expect(url).not.toMatch(/eyJ[\w-]*\.[\w-]+\.[\w-]*/);
    }
    expect(postedForms).toHaveLength(1);
    expect(idTokens.has(postedForms[0]!.get('id_token_hint')!)).toBe(true);
  });

  it('no token in console output (Sesame’s debug log routed to the console included)', () => {
    expect(consoleLines.some((line) => line.includes('[sesame] refreshing after 401'))).toBe(true);
    const printed = consoleLines.join('\n');
    for (const token of everyToken()) expect(printed).not.toContain(token);
    expect(printed).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\./);
  });

  it('no token in any error’s message, fields or cause chain', () => {
    for (const error of errors) {
      const chain: string[] = [];
      for (let at: unknown = error; at instanceof Error; at = at.cause) {
        chain.push(at.message, String(at.stack), JSON.stringify(at));
      }
      for (const token of everyToken()) expect(chain.join('\n')).not.toContain(token);
    }
  });

  it('no token in the IdP’s or the API’s logs, nor in the API’s request log', () => {
    expect(stack.api.requestLog.length).toBeGreaterThan(3);
    expectNotLogged(stack, ...everyToken());
  });

  it('default storage ("session"): tokens are written to sessionStorage under the user key only, nothing with a token in localStorage', () => {
    const withToken = storageWrites.filter((write) =>
      everyToken().some((token) => write.value.includes(token) || write.key.includes(token)),
    );
    expect(withToken.length).toBeGreaterThan(0);
    for (const write of withToken) {
      expect(write.area).toBe('session');
      expect(write.key).toBe(`sesame.user:bank-dashboard@${stack.issuer}`);
    }
  });

  it('the refresh token and the ID token never reach the API: every request carried an access token (at+jwt)', () => {
    const entries = stack.api.requestLog.filter((entry) => entry.path !== '/health');
    expect(entries.length).toBeGreaterThan(3);
    expect(new Set(entries.map((entry) => entry.tokenKind))).toEqual(new Set(['at+jwt']));
  });
});
