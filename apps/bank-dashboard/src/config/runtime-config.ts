/**
 * The dashboard's settings. One build serves every environment: the values baked in at build time
 * (Vite env variables) are overridden at run time by `/config.js`, which the static server writes
 * (so the browser tests can point one build at IdPs and APIs on any port).
 * This module is shared by the browser app and the Node server, so it touches neither DOM nor Node.
 */
export interface DashboardConfig {
  /** The IdP's issuer URL. */
  authority: string;
  clientId: string;
  /** Origin of the bank API; the only origin that receives the bank API's access token. */
  apiUrl: string;
  /**
   * Origin of the investments API (apps/invest-api): it gets its own token, for its own audience
   * (`https://invest.sesame.test/api`), never the bank's.
   */
  investApiUrl: string;
  /** Where tokens live: `session` (default), `memory` or `local` (shared by tabs). */
  storage: 'session' | 'memory' | 'local';
  /** A token this close to expiry is refreshed before use. */
  refreshBeforeExpirySeconds: number;
  /** The IdP's absolute session (refresh-token) lifetime, to tell the user when the session ends. */
  sessionLifetimeSeconds: number;
  /** Sign out after this much inactivity; `null` for no limit. */
  idleTimeoutSeconds: number | null;
  /**
   * Bind the tokens to a DPoP key (RFC 9449, core's `dpop` setting). The IdP must accept DPoP for the
   * client (the local one always does; `--dpop` makes it required).
   */
  dpop: boolean;
  /**
   * BFF mode: the page holds no token. It signs in, out and calls the bank API through `@sesame/bff`,
   * which the dashboard's server mounts at `/bff` on the page's own origin (core's `createBffClient`).
   * `authority` and `apiUrl` are then the BFF's IdP and upstream API (the page talks to neither);
   * `clientId`, `storage` and `dpop` do not apply (the BFF always binds its tokens with DPoP).
   */
  bff: boolean;
}

/** The name of the global `/config.js` assigns. */
export const RUNTIME_CONFIG_GLOBAL = '__SESAME_BANK_CONFIG__';

export const DEFAULT_CONFIG: DashboardConfig = {
  authority: 'http://127.0.0.1:4000',
  clientId: 'bank-dashboard',
  apiUrl: 'http://127.0.0.1:4100',
  investApiUrl: 'http://127.0.0.1:4200',
  storage: 'session',
  refreshBeforeExpirySeconds: 30,
  sessionLifetimeSeconds: 28_800,
  idleTimeoutSeconds: null,
  dpop: false,
  bff: false,
};

/** A setting that cannot be used, with the key that is wrong. */
export class DashboardConfigError extends Error {
  readonly code = 'invalid_config';
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
    this.name = 'DashboardConfigError';
  }
}

const STORAGES = ['session', 'memory', 'local'] as const;

function url(key: string, value: unknown, originOnly: boolean): string {
  try {
    const parsed = new URL(String(value));
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
      return originOnly ? parsed.origin : parsed.href.replace(/\/$/, '');
    }
  } catch {
    // reported below
  }
  throw new DashboardConfigError(key, `${key} must be an http(s) URL, got ${String(value)}.`);
}

function seconds(key: string, value: unknown, min: number): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number < min) {
    throw new DashboardConfigError(key, `${key} must be a number of seconds ≥ ${min}.`);
  }
  return number;
}

/** A switch: `true`/`false`, or the strings `1`/`true`/`0`/`false` of an environment variable. */
function flag(key: string, value: unknown): boolean {
  if (value === true || value === 'true' || value === '1') return true;
  if (value === false || value === 'false' || value === '0') return false;
  throw new DashboardConfigError(key, `${key} must be true or false, got ${String(value)}.`);
}

/**
 * Layers `overrides` (each possibly partial, later wins; `undefined` and empty strings are skipped)
 * over the defaults, and checks the result.
 */
export function resolveConfig(...overrides: ReadonlyArray<Record<string, unknown> | undefined>) {
  const merged: Record<string, unknown> = { ...DEFAULT_CONFIG };
  for (const layer of overrides) {
    for (const [key, value] of Object.entries(layer ?? {})) {
      if (!(key in DEFAULT_CONFIG)) throw new DashboardConfigError(key, `Unknown setting ${key}.`);
      if (value !== undefined && value !== '') merged[key] = value;
    }
  }
  if (!STORAGES.includes(merged.storage as DashboardConfig['storage'])) {
    throw new DashboardConfigError('storage', `storage must be one of ${STORAGES.join(', ')}.`);
  }
  const idle = merged.idleTimeoutSeconds;
  return {
    authority: url('authority', merged.authority, false),
    clientId: String(merged.clientId),
    apiUrl: url('apiUrl', merged.apiUrl, true),
    investApiUrl: url('investApiUrl', merged.investApiUrl, true),
    storage: merged.storage as DashboardConfig['storage'],
    refreshBeforeExpirySeconds: seconds(
      'refreshBeforeExpirySeconds',
      merged.refreshBeforeExpirySeconds,
      0,
    ),
    sessionLifetimeSeconds: seconds('sessionLifetimeSeconds', merged.sessionLifetimeSeconds, 1),
    idleTimeoutSeconds:
      idle === null || idle === 'off' ? null : seconds('idleTimeoutSeconds', idle, 1),
    dpop: flag('dpop', merged.dpop),
    bff: flag('bff', merged.bff),
  } satisfies DashboardConfig;
}

/** The body of `/config.js` for `config`; safe to inline in HTML (no `<` survives). */
export function configScript(config: Partial<DashboardConfig>): string {
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `window.${RUNTIME_CONFIG_GLOBAL} = ${json};\n`;
}
