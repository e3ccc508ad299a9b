// Plays the browser in front of a fake BFF (fake-bff.ts) for jsdom tests: the page's origin
// (jsdom's location, http://localhost:3000 by default) is where the BFF lives, so requests to it are
// sent to the server's real 127.0.0.1 address. Like a browser it keeps the BFF's cookies out of the
// page's reach (a jar, no `Set-Cookie` in responses, nothing in `document.cookie`), sends them with
// same-origin requests, adds `Origin` where browsers do (any request other than GET/HEAD, and
// cross-origin ones) and `Sec-Fetch-Site`, and follows redirects of top-level navigations.
import type { FakeBff } from './fake-bff';

export interface PageVisit {
  /** Where the navigation ended. */
  url: string;
  status: number;
  text: string;
}

/** A browser for `bff`'s app origin. `install()` makes it the page's `fetch`. */
export function fakeBrowser(bff: FakeBff) {
  const jar = new Map<string, string>();
  const realFetch = globalThis.fetch.bind(globalThis);
  const appOrigin = bff.appOrigin;

  /** Where a request for `url` really goes: the app origin is the fake BFF's address. */
  const server = (url: URL) =>
    url.origin === appOrigin ? new URL(url.pathname + url.search, bff.url) : url;

  function keepCookies(response: Response, url: URL) {
    if (url.origin !== appOrigin) return;
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (!value || /max-age=0/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
  }

  function headersFor(url: URL, method: string, given: Headers, credentials: RequestCredentials) {
    const headers = new Headers(given);
    headers.delete('cookie'); // a page cannot set it
    const crossOrigin = url.origin !== location.origin;
    if (!crossOrigin && credentials !== 'omit' && jar.size) {
      headers.set('cookie', [...jar].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    if (crossOrigin || (method !== 'GET' && method !== 'HEAD')) {
      headers.set('origin', location.origin);
    }
    headers.set('sec-fetch-site', crossOrigin ? 'cross-site' : 'same-origin');
    return headers;
  }

  /** What the page gets: the response without `Set-Cookie` (a browser never shows it to scripts). */
  function forPage(response: Response) {
    const headers = new Headers(response.headers);
    headers.delete('set-cookie');
    return new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  }

  /** The page's `fetch`. */
  async function pageFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(
      input instanceof Request ? input : new URL(String(input), location.href),
      init,
    );
    const url = new URL(request.url);
    const headers = headersFor(url, request.method, request.headers, request.credentials);
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const response = await realFetch(server(url), {
      method: request.method,
      headers,
      body: hasBody ? await request.arrayBuffer() : null,
      redirect: request.redirect,
      signal: request.signal,
    });
    keepCookies(response, url);
    return forPage(response);
  }

  /**
   * A top-level navigation to `to` (a GET, or with `form` a form POST), following redirects. A page
   * of the app's origin ends up in the address bar (jsdom's `history`).
   */
  async function visit(to: string, form?: URLSearchParams): Promise<PageVisit> {
    let url = new URL(to, location.href);
    let method = form ? 'POST' : 'GET';
    let body: string | null = form ? form.toString() : null;
    for (let hops = 0; hops < 10; hops++) {
      const headers = headersFor(url, method, new Headers(), 'include');
      headers.set('sec-fetch-site', 'none');
      if (body !== null) headers.set('content-type', 'application/x-www-form-urlencoded');
      const response = await realFetch(server(url), { method, headers, body, redirect: 'manual' });
      keepCookies(response, url);
      const location_ = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location_) {
        url = new URL(location_, url);
        method = 'GET';
        body = null;
        continue;
      }
      if (url.origin === location.origin) {
        window.history.replaceState(null, '', url.pathname + url.search + url.hash);
      }
      return { url: url.href, status: response.status, text: await response.text() };
    }
    throw new Error('Too many redirects');
  }

  return {
    fetch: pageFetch,
    visit,
    /** The cookies the browser keeps for the app origin (the page cannot read them). */
    cookies: jar,
    /** Makes {@link pageFetch} the global `fetch`; returns a function that puts the real one back. */
    install() {
      globalThis.fetch = pageFetch;
      return () => {
        globalThis.fetch = realFetch;
      };
    },
  };
}

export type FakeBrowser = ReturnType<typeof fakeBrowser>;
