import { CookieJar } from './cookie-jar';
import { CompleteLoginError } from './errors';

/** A demo user's credentials, as typed on the login page. */
export interface LoginCredentials {
  login: string;
  password: string;
}

export interface CompleteLoginOptions {
  /**
   * What to answer on the consent page: `true` (default) clicks Allow, `false` clicks Cancel, so the
   * redirect carries `error=access_denied`. With `false`, a sign-in where no consent page appears fails
   * with `nothing_to_cancel`.
   */
  consent?: boolean;
  /** Click Cancel on the first page the IdP shows (login or consent): the redirect carries `error=access_denied`. */
  deny?: boolean;
  /** Reuse one jar across calls to keep the IdP session (SSO, `prompt=none`). Default: a fresh jar. */
  cookieJar?: CookieJar;
}

const MAX_STEPS = 20;

type PageKind = 'login' | 'consent' | 'error' | 'unknown';

interface Page {
  kind: PageKind;
  /** Form actions by `data-sesame-form` marker. */
  forms: Map<string, string>;
  loginFailed: boolean;
  oauthError: string | undefined;
}

function readPage(html: string): Page {
  const forms = new Map<string, string>();
  for (const match of html.matchAll(/<form\b([^>]*)>/g)) {
    const attributes = match[1] ?? '';
    const marker = /data-sesame-form="([a-z]+)"/.exec(attributes)?.[1];
    const action = /action="([^"]*)"/.exec(attributes)?.[1];
    if (marker && action) forms.set(marker, action.replaceAll('&amp;', '&'));
  }
  const oauthError = /data-oauth-error="([^"]*)"/.exec(html)?.[1];
  const kind: PageKind = forms.has('login')
    ? 'login'
    : forms.has('consent')
      ? 'consent'
      : oauthError !== undefined
        ? 'error'
        : 'unknown';
  return { kind, forms, loginFailed: html.includes('id="login-error"'), oauthError };
}

/**
 * Drives the IdP's own login and consent pages over plain HTTP, as a browser would (manual redirects,
 * a cookie jar), starting from an authorization request URL. Resolves with the final redirect to the
 * client's `redirect_uri`, carrying `code`, `state` and `iss`, or `error` (`access_denied`,
 * `login_required`...). Rejects with a {@link CompleteLoginError} when it cannot get there.
 */
export async function completeLogin(
  authorizeUrl: string,
  user: LoginCredentials,
  options: CompleteLoginOptions = {},
): Promise<string> {
  const jar = options.cookieJar ?? new CookieJar();
  const idpOrigin = new URL(authorizeUrl).origin;
  const mustCancel = options.deny === true || options.consent === false;
  let cancelled = false;
  let submittedLogin = false;

  const send = async (url: string, form?: Record<string, string>): Promise<Response> => {
    // A browser navigation's Accept header: the IdP answers errors with HTML pages only to such requests.
    const headers = new Headers({ accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' });
    const cookie = jar.header(url);
    if (cookie) headers.set('cookie', cookie);
    const init: RequestInit = { method: form ? 'POST' : 'GET', headers, redirect: 'manual' };
    if (form) {
      headers.set('content-type', 'application/x-www-form-urlencoded');
      init.body = new URLSearchParams(form).toString();
    }
    const response = await fetch(url, init);
    jar.store(url, response.headers.getSetCookie());
    return response;
  };

  let url = authorizeUrl;
  let response = await send(url);
  for (let step = 0; step < MAX_STEPS; step += 1) {
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      url = new URL(location, url).href;
      if (new URL(url).origin !== idpOrigin) {
        if (mustCancel && !cancelled) {
          throw new CompleteLoginError(
            'nothing_to_cancel',
            'The IdP showed no page to cancel on (session and consent were remembered).',
          );
        }
        return url;
      }
      response = await send(url);
      continue;
    }

    const page = readPage(await response.text());
    const action = (marker: string): string => new URL(page.forms.get(marker) ?? '', url).href;
    if (page.kind === 'login') {
      if (submittedLogin && page.loginFailed) {
        throw new CompleteLoginError(
          'invalid_credentials',
          'The IdP refused the user ID or password.',
          {
            status: response.status,
          },
        );
      }
      if (options.deny) {
        cancelled = true;
        response = await send(action('abort'), {});
      } else {
        submittedLogin = true;
        response = await send(action('login'), { login: user.login, password: user.password });
      }
      continue;
    }
    if (page.kind === 'consent') {
      cancelled = mustCancel;
      response = await send(action(mustCancel ? 'abort' : 'consent'), {});
      continue;
    }
    if (page.kind === 'error') {
      throw new CompleteLoginError(
        'authorization_error',
        `The IdP showed an error page: ${page.oauthError ?? 'unknown error'}.`,
        { oauthError: page.oauthError, status: response.status },
      );
    }
    throw new CompleteLoginError(
      'unexpected_response',
      `Unexpected HTTP ${response.status} from ${new URL(url).pathname}.`,
      { status: response.status },
    );
  }
  throw new CompleteLoginError(
    'too_many_steps',
    `No redirect to the client after ${MAX_STEPS} steps.`,
  );
}
