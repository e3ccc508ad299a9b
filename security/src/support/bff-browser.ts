// A browser as the BFF meets it, over plain HTTP: it keeps the cookies the BFF sets, sends the CSRF
// header and `Origin` the way `createBffClient` in a page does (or leaves them out, or lies, when a
// case says so), and signs in by following the BFF's redirect and posting the IdP's own login form.
// Every answer it gets is recorded, for the "no token anywhere" cases. `raw` sends a request target
// byte for byte (fetch would resolve `..` and `%2e%2e` before sending).
import { request as httpRequest } from 'node:http';
import { completeLogin, type CookieJar } from '@sesame/idp/testing';
import { keepSetCookies } from '@sesame/test-stack/cookie-jar';
import { credentials, type DemoLogin } from './stack';

export interface BrowserRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Send `X-Sesame-CSRF: 1`. Default true. */
  csrf?: boolean;
  /** `Origin`: a value, `null` for none; default the app's origin except on GET/HEAD (as browsers do). */
  origin?: string | null;
  /** Send the cookies this browser holds. Default true. */
  cookies?: boolean;
}

export interface RecordedAnswer {
  target: string;
  status: number;
  headers: [string, string][];
  body: string;
}

/** A BFF answer, read whole. */
export interface Answer {
  status: number;
  headers: Headers;
  body: string;
  /** The JSON body's `error`, or the error page's `data-error-code`. */
  code: string | undefined;
}

function errorCodeOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // Not JSON: an error page, or an upstream's body.
  }
  return /data-error-code="([a-z_]+)"/.exec(body)?.[1];
}

export interface SignInOptions {
  /** The BFF's prefix. Default `/bff`. */
  prefix?: string;
  returnTo?: string;
  /** Bends the IdP's redirect back before the browser follows it. */
  beforeCallback?: (url: URL) => void;
  /** The IdP's cookies, kept across sign-ins: a second sign-in joins the IdP session (SSO). */
  idpCookies?: CookieJar;
}

export class BffBrowser {
  /** The app origin's cookies, name → value. */
  readonly cookies = new Map<string, string>();
  /** Every answer this browser received from the app's origin. */
  readonly answers: RecordedAnswer[] = [];

  readonly origin: string;

  constructor(origin: string) {
    this.origin = origin;
  }

  /** Keeps the answer's cookies as a browser would (`Max-Age=0` or an empty value deletes). */
  private keep(setCookies: readonly string[]): void {
    keepSetCookies(this.cookies, setCookies);
  }

  private headersFor(init: BrowserRequest): Headers {
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = new Headers(init.headers);
    if (init.csrf ?? true) headers.set('x-sesame-csrf', '1');
    const origin =
      init.origin === undefined
        ? method === 'GET' || method === 'HEAD'
          ? null
          : this.origin
        : init.origin;
    if (origin !== null) headers.set('origin', origin);
    if ((init.cookies ?? true) && this.cookies.size > 0 && !headers.has('cookie')) {
      headers.set(
        'cookie',
        [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      );
    }
    return headers;
  }

  private record(target: string, status: number, headers: Headers, body: string): Answer {
    this.keep(headers.getSetCookie());
    this.answers.push({ target, status, headers: [...headers], body });
    return { status, headers, body, code: errorCodeOf(body) };
  }

  /** A request to the app's origin (`path` may carry a query), redirects not followed. */
  async fetch(path: string, init: BrowserRequest = {}): Promise<Answer> {
    const method = (init.method ?? 'GET').toUpperCase();
    const response = await fetch(new URL(path, this.origin), {
      method,
      headers: this.headersFor(init),
      ...(init.body === undefined ? {} : { body: init.body }),
      redirect: 'manual',
    });
    return this.record(path, response.status, response.headers, await response.text());
  }

  /** A top-level navigation: no CSRF header, no Origin (as browsers send a GET navigation). */
  navigate(url: string): Promise<Answer> {
    return this.fetch(url, { csrf: false, origin: null });
  }

  /** Sends `target` exactly as written, as the request target of an HTTP/1.1 request. */
  raw(target: string, init: BrowserRequest = {}): Promise<Answer> {
    const url = new URL(this.origin);
    const headers = Object.fromEntries(this.headersFor(init));
    return new Promise((resolve, reject) => {
      const out = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          method: (init.method ?? 'GET').toUpperCase(),
          path: target,
          headers,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const answerHeaders = new Headers();
            for (const [name, value] of Object.entries(response.headers)) {
              for (const item of [value ?? []].flat()) answerHeaders.append(name, item);
            }
            resolve(
              this.record(
                target,
                response.statusCode ?? 0,
                answerHeaders,
                Buffer.concat(chunks).toString('utf8'),
              ),
            );
          });
        },
      );
      out.on('error', reject);
      out.end(init.body);
    });
  }

  /**
   * Starts a sign-in at `{prefix}/login` and plays `login` on the IdP's pages; resolves with the
   * IdP's redirect back to the BFF (code, state, iss), not yet followed.
   */
  async startSignIn(login: DemoLogin, options: SignInOptions = {}): Promise<string> {
    const query =
      options.returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(options.returnTo)}`;
    const answer = await this.navigate(`${options.prefix ?? '/bff'}/login${query}`);
    const location = answer.headers.get('location');
    if (answer.status !== 302 || location === null) {
      throw new Error(`/login answered ${answer.status}: ${answer.body}`);
    }
    const back = new URL(
      await completeLogin(
        location,
        credentials(login),
        options.idpCookies ? { cookieJar: options.idpCookies } : {},
      ),
    );
    options.beforeCallback?.(back);
    return back.href;
  }

  /** A whole sign-in; resolves with the callback's answer and the URL it was given. */
  async signIn(
    login: DemoLogin = 'jane.doe',
    options: SignInOptions = {},
  ): Promise<{ callback: Answer; callbackUrl: string }> {
    const callbackUrl = await this.startSignIn(login, options);
    return { callback: await this.navigate(callbackUrl), callbackUrl };
  }
}
