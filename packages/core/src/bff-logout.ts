// Ending the session at the BFF: `POST {baseUrl}/logout`, what its answer means, and the memory of a
// sign-out the BFF has not confirmed yet (until it does, the client takes no session back from it).
import { AuthError } from './errors';
import { DEV, type LogEvent } from './dev';
import { discard, toBff, unexpectedAnswer } from './bff-http';

/** What {@link createBffLogout} needs. */
export interface BffLogoutDeps {
  /** `{baseUrl}/logout`, absolute (asked when needed: there is no page on a server). */
  url(): string;
  /** Leaves the page: a POST of `form` to `url`. */
  navigate(url: string, form: URLSearchParams): void;
  log(event: LogEvent, data?: Record<string, unknown>): void;
}

const noop = () => {};

/**
 * The `endSession` of a `POST /logout` answer (the IdP's end-session endpoint and the form fields to
 * POST there), or `null` to stay: none, or not an http(s) URL with string fields (never a
 * `javascript:` form action).
 */
export function endSessionOf(body: unknown): { url: string; form: URLSearchParams } | null {
  const end = (body as { endSession?: { url?: unknown; form?: unknown } } | null)?.endSession;
  const form = end?.form ?? {};
  if (
    typeof end?.url !== 'string' ||
    !/^https?:\/\//i.test(end.url) ||
    typeof form !== 'object' ||
    !Object.values(form as object).every((value) => typeof value === 'string')
  ) {
    return null;
  }
  return { url: end.url, form: new URLSearchParams(form as Record<string, string>) };
}

/** The BFF-mode client's sign-out at the BFF. */
export function createBffLogout({ url, navigate, log }: BffLogoutDeps) {
  let pending = false;
  let running: Promise<unknown> | undefined;

  async function post(redirect: boolean): Promise<boolean> {
    let response: Response;
    let failure: AuthError | undefined;
    try {
      response = await toBff(url(), 'sign_out', 'POST');
      // 401: the BFF had no session (any more): signed out already.
      if (response.status !== 200 && response.status !== 401) {
        failure = await unexpectedAnswer(response, 'sign_out', DEV && 'POST /logout failed');
      }
    } catch (cause) {
      failure = cause as AuthError;
    }
    if (failure) {
      log(DEV ? 'BFF sign-out failed' : 42, { code: failure.code });
      throw new AuthError(
        'sign_out_failed',
        DEV && 'Signed out here, but the BFF did not confirm; call signOut() again.',
        {
          step: 'sign_out',
          retryable: failure.retryable,
          cause: failure,
          ...(failure.oauthError && { oauthError: failure.oauthError }),
        },
      );
    }
    pending = false;
    if (response!.status === 401) {
      discard(response!);
      return false;
    }
    const end = endSessionOf(await response!.json().catch(() => null));
    if (!redirect || !end) return false;
    // A POST: the fields stay out of the URL, the history and the IdP's access logs.
    navigate(end.url, end.form);
    return true;
  }

  /**
   * `POST {baseUrl}/logout`. Resolves true when it left the page for the IdP's end-session endpoint
   * (with `redirect`). Rejects `sign_out_failed` when the BFF did not confirm; the sign-out then
   * stays `pending`.
   */
  function logout(redirect: boolean): Promise<boolean> {
    pending = true;
    const run = post(redirect);
    const settled: Promise<unknown> = run.catch(noop).finally(() => {
      if (running === settled) running = undefined;
    });
    running = settled;
    return run;
  }

  return {
    logout,
    /** A sign-out the BFF has not confirmed (under way, or failed): no session is taken back. */
    pending: () => pending,
    /**
     * Settles when no sign-out is under way. One that failed earlier is tried again first (`retry`:
     * before asking the BFF who is signed in).
     */
    settled: (retry = false): Promise<unknown> | undefined =>
      running ?? (retry && pending ? logout(false).catch(noop) : undefined),
  };
}
