// The settings of the BFF-mode client (createBffClient): checked up front, defaults applied in one
// place, like settings.ts does for the browser-mode client (whose checking helpers these reuse).
import { DEV } from './dev';
import type { IdleTimer } from './idle';
import { consoleLogger, fail, range, type AuthLogger } from './settings';

/**
 * Settings for `createBffClient` (`@sesame/core/bff`). Everything is checked up front: a mistake throws an
 * `invalid_settings` AuthError that says what to fix.
 */
export interface BffClientSettings {
  /**
   * Where the BFF (`@sesame/bff`) is mounted: a path on the app's own origin, like `'/bff'`
   * (default). The BFF must share the app's origin: its session cookie is host-only and
   * `SameSite=Strict`, and its CSRF check wants the app's `Origin`.
   */
  baseUrl?: string;
  /**
   * Ask the BFF who is signed in (`GET {baseUrl}/session`) this often, in seconds, while the tab is
   * visible. Default 300; `0` turns the timer off. The session is also checked when the tab becomes
   * visible or gets focus (at most every 5 s), when the browser comes back online, when another tab
   * reports a change, and just after the session's known idle and absolute ends. Every request
   * through `fetch` finds a dead session at once besides. The timer only catches what none of those
   * report (a session revoked at the server), so it can be rare.
   */
  sessionCheckSeconds?: number;
  /**
   * Sign out after this many seconds without activity in any tab of the app (pointer, keys, the tab
   * becoming visible, `reportActivity()`), as in browser mode. Needs
   * {@link BffClientSettings.idleTimer}. The BFF has its own idle limit besides, on its requests.
   */
  idleTimeoutSeconds?: number;
  /** The idle timer: `import { idleTimer } from '@sesame/core/bff'`. Required with `idleTimeoutSeconds`. */
  idleTimer?: IdleTimer;
  /** Warn this many seconds before the idle sign-out. Default 60, at most half the timeout. */
  idleWarningSeconds?: number;
  /** `getTimeouts().sessionEndsSoon` turns true this many seconds before the session ends. Default 300. */
  sessionEndWarningSeconds?: number;
  /**
   * How to leave the page: a GET of `url` (sign-in), or with `form` a POST of those fields to `url`
   * (the IdP's end-session endpoint after sign-out). Default: `location.assign(url)`, or an HTML form
   * submitted at once. Tests pass a spy.
   */
  navigate?: (url: string, form?: URLSearchParams) => void;
  /** Debug logging hook; it never sees a token (there is none in the page). */
  logger?: AuthLogger;
  /** `true`: log decisions to `console.debug`, prefixed `[sesame]`. An explicit `logger` wins. */
  debug?: boolean;
}

/** {@link BffClientSettings} after defaults are applied: `baseUrl` without a trailing slash. */
export type ResolvedBffSettings = BffClientSettings &
  Required<Pick<BffClientSettings, 'baseUrl' | 'sessionCheckSeconds' | 'sessionEndWarningSeconds'>>;

/** Checks BFF-mode settings and applies defaults. Throws `invalid_settings` saying what to fix. */
export function resolveBffSettings(settings: BffClientSettings = {}): ResolvedBffSettings {
  if (!settings || typeof settings !== 'object') fail(DEV && 'Settings must be an object.');
  const {
    baseUrl = '/bff',
    sessionCheckSeconds,
    idleTimeoutSeconds,
    idleTimer,
    idleWarningSeconds,
    sessionEndWarningSeconds,
    navigate,
    logger,
    debug,
    ...unknown
  } = settings;
  const [unknownKey] = Object.keys(unknown);
  if (unknownKey !== undefined) {
    fail(
      DEV &&
        `Unknown setting "${unknownKey}"${
          unknownKey === 'authority' || unknownKey === 'client_id'
            ? ': in BFF mode the IdP is configured on the server (@sesame/bff), not in the browser'
            : ''
        }.`,
    );
  }
  // A path on this origin: no scheme or host (the session cookie is the app origin's), no query,
  // fragment or backslash, no "//" (a browser reads it as another host).
  if (typeof baseUrl !== 'string' || !/^(\/[\w.~%!$&'()*+,;=:@-]+)+\/?$/.test(baseUrl)) {
    fail(
      DEV && `baseUrl must be a path on the app's origin, like "/bff"; got "${String(baseUrl)}".`,
    );
  }
  if (navigate !== undefined && typeof navigate !== 'function') {
    fail(DEV && 'navigate must be a function.');
  }
  if (logger !== undefined && typeof logger?.debug !== 'function') {
    fail(DEV && 'logger must have a debug method.');
  }
  if (debug !== undefined && typeof debug !== 'boolean') fail(DEV && 'debug must be a boolean.');
  // The idle rule of settings.ts (resolveSettings), for the same two settings.
  let idle: { idleTimeoutSeconds: number; idleWarningSeconds: number } | undefined;
  if (idleTimeoutSeconds !== undefined) {
    if (typeof idleTimer !== 'function') {
      fail(
        DEV &&
          "idleTimeoutSeconds needs the idle timer: `import { idleTimer } from '@sesame/core/bff'` and add `idleTimer` to the settings.",
      );
    }
    const timeout = range(DEV && 'idleTimeoutSeconds', idleTimeoutSeconds, 1, 86_400, 0);
    idle = {
      idleTimeoutSeconds: timeout,
      idleWarningSeconds: range(
        DEV && 'idleWarningSeconds (at most half of idleTimeoutSeconds)',
        idleWarningSeconds,
        0,
        timeout / 2,
        Math.min(60, timeout / 2),
      ),
    };
  } else if (idleWarningSeconds !== undefined) {
    fail(DEV && 'idleWarningSeconds needs idleTimeoutSeconds.');
  }
  return {
    ...settings,
    ...(debug && !logger && { logger: consoleLogger }),
    baseUrl: baseUrl.replace(/\/$/, ''),
    sessionCheckSeconds: range(DEV && 'sessionCheckSeconds', sessionCheckSeconds, 0, 86_400, 300),
    ...idle,
    sessionEndWarningSeconds: range(
      DEV && 'sessionEndWarningSeconds',
      sessionEndWarningSeconds,
      0,
      86_400,
      300,
    ),
  };
}
