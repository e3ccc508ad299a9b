// A browser as the BFF meets it, over plain HTTP: it keeps the BFF's cookies, sends Origin and the
// CSRF header the way the browser client does, and signs in by following the redirects and posting
// the IdP's own login form (completeLogin). Enough to test every endpoint without Chromium.
import {
  completeLogin,
  USERS,
  type CookieJar,
  type DemoUserName,
} from '@sesame/test-stack/real-idp';
import { keepSetCookies } from '@sesame/test-stack/cookie-jar';

/** Options of {@link TestBrowser.fetch}. */
export interface BrowserRequest extends RequestInit {
  /** Send `X-Sesame-CSRF: 1`. Default true. */
  csrf?: boolean;
  /**
   * The `Origin` header: a string, `null` for none, or default: the app's origin on methods other
   * than GET/HEAD (browsers omit it on same-origin GETs).
   */
  origin?: string | null;
  /** Send the cookies the browser holds. Default true. */
  cookies?: boolean;
}

/** What a sign-in went through. */
export interface SignInTrip {
  /** The BFF's answer to `/login`: a redirect to the IdP. */
  login: Response;
  /** The IdP's redirect back to the BFF's callback (holds code, state, iss). */
  callbackUrl: string;
  /** The BFF's answer to the callback. */
  callback: Response;
}

export class TestBrowser {
  /** The BFF origin's cookies, name → value (host-only, Path=/: all the BFF sets). */
  readonly cookies = new Map<string, string>();
  /** Every response this browser received from the BFF, for the "no token anywhere" checks. */
  readonly responses: { url: string; status: number; headers: [string, string][]; body: string }[] =
    [];
  readonly origin: string;

  constructor(origin: string) {
    this.origin = origin;
  }

  cookieHeader(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Keeps the response's cookies as a browser would (Max-Age=0 deletes). */
  store(response: Response): void {
    keepSetCookies(this.cookies, response.headers.getSetCookie());
  }

  async fetch(path: string, init: BrowserRequest = {}): Promise<Response> {
    const { csrf = true, origin, cookies = true, ...rest } = init;
    const method = (rest.method ?? 'GET').toUpperCase();
    const headers = new Headers(rest.headers);
    if (csrf) headers.set('x-sesame-csrf', '1');
    const sentOrigin =
      origin === undefined ? (method === 'GET' || method === 'HEAD' ? null : this.origin) : origin;
    if (sentOrigin !== null) headers.set('origin', sentOrigin);
    const cookie = cookies ? this.cookieHeader() : undefined;
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(new URL(path, this.origin), {
      ...rest,
      method,
      headers,
      redirect: 'manual',
    });
    this.store(response);
    const body = await response.clone().text();
    this.responses.push({
      url: path,
      status: response.status,
      headers: [...response.headers],
      body,
    });
    return response;
  }

  /** A top-level navigation (no CSRF header, no Origin), as the browser makes to /login and /callback. */
  navigate(url: string): Promise<Response> {
    return this.fetch(url, { csrf: false, origin: null });
  }

  /**
   * Signs `user` in: `/login?returnTo=`, the IdP's pages, back to the callback. `options.deny`
   * cancels at the IdP; `options.beforeCallback` may bend the callback URL.
   */
  async signIn(
    user: DemoUserName = 'jane',
    options: {
      returnTo?: string;
      deny?: boolean;
      prefix?: string;
      beforeCallback?: (url: URL) => void;
      /** The IdP's cookies, kept across sign-ins: a second sign-in joins the IdP session (SSO). */
      idpCookies?: CookieJar;
    } = {},
  ): Promise<SignInTrip> {
    const prefix = options.prefix ?? '/bff';
    const query =
      options.returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(options.returnTo)}`;
    const login = await this.navigate(`${prefix}/login${query}`);
    const location = login.headers.get('location');
    if (login.status !== 302 || !location) {
      throw new Error(`/login answered ${login.status}: ${await login.text()}`);
    }
    const callbackUrl = await completeLogin(location, USERS[user], {
      deny: options.deny ?? false,
      ...(options.idpCookies ? { cookieJar: options.idpCookies } : {}),
    });
    const url = new URL(callbackUrl);
    options.beforeCallback?.(url);
    const callback = await this.navigate(url.href);
    return { login, callbackUrl: url.href, callback };
  }
}
