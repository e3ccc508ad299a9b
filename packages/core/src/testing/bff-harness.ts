// Shared set-up for the BFF-mode client's tests: a fake BFF on 127.0.0.1 (the HTTP contract of
// @sesame/bff), a fake browser in front of it (cookies the page cannot read, `Origin` where browsers
// send it), and clients wired to them with a navigate spy.
import { afterEach, beforeEach, vi } from 'vitest';
import { startFakeBff, type FakeBff, type FakeBffOptions } from '@sesame/test-stack/fake-bff';
import { fakeBrowser, type FakeBrowser } from '@sesame/test-stack/fake-browser';
import { createBffClient, type BffAuthClient } from '../bff-client';
import type { BffClientSettings } from '../bff-settings';
import { APP } from './harness';

export { APP };

export interface BffStack {
  bff: FakeBff;
  browser: FakeBrowser;
  /** Clients made with {@link BffStack.page}, disposed by `stop`. */
  clients: BffAuthClient[];
  /** A page of the app (a new load, or another tab): a client with a navigate spy, not initialized. */
  page(extra?: BffClientSettings): {
    client: BffAuthClient;
    navigate: ReturnType<typeof vi.fn<NonNullable<BffClientSettings['navigate']>>>;
  };
  /** A page loaded with `user` signed in at the BFF (its cookie in the browser), initialized. */
  signedInPage(extra?: BffClientSettings): Promise<ReturnType<BffStack['page']>>;
  /** Requests to the BFF's `path` (exact, query included). */
  requestsTo(path: string): FakeBff['requests'];
  stop(): Promise<void>;
}

export function resetPage() {
  sessionStorage.clear();
  localStorage.clear();
  window.history.replaceState(null, '', `${APP}/`);
}

export async function startBffStack(options: FakeBffOptions = {}): Promise<BffStack> {
  resetPage();
  const bff = await startFakeBff({ appOrigin: APP, ...options });
  const browser = fakeBrowser(bff);
  const restore = browser.install();
  const clients: BffAuthClient[] = [];
  const stack: BffStack = {
    bff,
    browser,
    clients,
    page(extra = {}) {
      const navigate = vi.fn<NonNullable<BffClientSettings['navigate']>>();
      const client = createBffClient({ navigate, ...extra });
      clients.push(client);
      return { client, navigate };
    },
    async signedInPage(extra = {}) {
      browser.cookies.set('__Host-sesame', bff.createSession());
      const made = stack.page(extra);
      await made.client.initialize();
      return made;
    },
    requestsTo: (path) => bff.requests.filter((request) => request.path === path),
    async stop() {
      for (const client of clients.splice(0)) client.dispose();
      restore();
      await bff.stop();
    },
  };
  return stack;
}

/**
 * For every test of the calling file: a fresh {@link startBffStack} before, and after, mocks restored
 * and the stack stopped. Read it through `stack()` inside a test; `restart(options)` swaps it for one
 * whose fake BFF takes other options (stopped the same way).
 */
export function bffStackPerTest(): {
  stack(): BffStack;
  restart(options: FakeBffOptions): Promise<BffStack>;
} {
  let current: BffStack | undefined;
  beforeEach(async () => {
    current = await startBffStack();
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await current?.stop();
  });
  return {
    stack: () => current!,
    async restart(options) {
      await current?.stop();
      current = await startBffStack(options);
      return current;
    },
  };
}

/** The last URL (and form) a client's navigate spy was called with. */
export const lastNavigation = (navigate: ReturnType<typeof vi.fn>) =>
  navigate.mock.calls.at(-1) as [string, URLSearchParams | undefined];
