// The set-up of the binding packages' BFF-mode tests: a fake BFF (the @sesame/bff HTTP contract) on
// 127.0.0.1 behind a fake browser (cookies the page cannot read), and BFF-mode clients made as pages
// of the app.
import { afterEach, beforeEach, vi } from 'vitest';
import { createBffClient, type BffAuthClient } from '@sesame/core/bff';
import { startFakeBff, type FakeBff } from './fake-bff';
import { fakeBrowser, type FakeBrowser } from './fake-browser';

/** A page of the app: a BFF-mode client (not initialized) and its navigate spy. */
export interface FakeBffPage {
  client: BffAuthClient;
  navigate: ReturnType<typeof vi.fn<(url: string, form?: URLSearchParams) => void>>;
}

/**
 * For every test of the calling file: a clean page at `app` (storage emptied), a fake BFF for that
 * origin and a fake browser installed as `fetch`; after the test, the pages' clients disposed, `fetch`
 * put back and the BFF stopped. Register the file's own clean-up (a React `cleanup()`) after calling
 * this, so it runs first. Read the BFF and browser through the getters, inside a test.
 */
export function fakeBffPerTest(app: string): {
  bff(): FakeBff;
  browser(): FakeBrowser;
  /** A new page of the app, disposed after the test. */
  page(): FakeBffPage;
} {
  let bff: FakeBff | undefined;
  let browser: FakeBrowser | undefined;
  let restoreFetch: (() => void) | undefined;
  const clients: BffAuthClient[] = [];
  beforeEach(async () => {
    sessionStorage.clear();
    localStorage.clear();
    window.history.replaceState(null, '', `${app}/`);
    bff = await startFakeBff({ appOrigin: app });
    browser = fakeBrowser(bff);
    restoreFetch = browser.install();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.dispose();
    restoreFetch?.();
    await bff?.stop();
  });
  return {
    bff: () => bff!,
    browser: () => browser!,
    page() {
      const navigate = vi.fn<(url: string, form?: URLSearchParams) => void>();
      const client = createBffClient({ navigate });
      clients.push(client);
      return { client, navigate };
    },
  };
}
