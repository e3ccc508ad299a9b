/**
 * `@sesame/bank-dashboard`: serves the built Sesame Bank dashboard with its runtime config.
 * The app itself is in `dist/app`; `start()` is what the demo and the browser tests run.
 */
import { fileURLToPath } from 'node:url';
import type { NodeHandler } from '@sesame/bff';
import { resolveConfig, type DashboardConfig } from '../config/runtime-config';
import { bffHandlerFor, checkBffMode, type DashboardBffOptions } from './bff-mount';
import { createStaticServer } from './static-server';

export {
  configScript,
  DEFAULT_CONFIG,
  DashboardConfigError,
  resolveConfig,
  RUNTIME_CONFIG_GLOBAL,
} from '../config/runtime-config';
export type { DashboardConfig } from '../config/runtime-config';
export { BFF_BANK_API, BFF_PREFIX } from '../config/bff-paths';
export { BFF_CLIENT_ID, bffOptionsFor, type DashboardBffOptions } from './bff-mount';

export interface DashboardServerOptions {
  /** Default 5173; 0 picks a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Runtime config served as `/config.js`; unset keys keep the values built into the app. */
  config?: Partial<DashboardConfig>;
  /** The built app. Default: this package's `dist/app`, or `dist/app-devtools` with `devtools`. */
  root?: string;
  /**
   * Serve the development build with the Sesame devtools (`dist/app-devtools`, made by
   * `vite build --mode devtools`) instead of the production build. `pnpm demo` does.
   */
  devtools?: boolean;
  /** Receives one line per request. */
  logger?: (line: string) => void;
  /**
   * The BFF's client credentials, for BFF mode: while the config says `bff: true`, `@sesame/bff` is
   * mounted at `/bff` on this server's origin (IdP `config.authority`, bank API `config.apiUrl`,
   * redirect URI `<url>/bff/callback`, post-logout URI `<url>/`), and the page holds no token.
   */
  bff?: DashboardBffOptions;
}

export interface RunningDashboard {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /**
   * Replaces the runtime config (pages loaded afterwards see it). Checked like at start. In BFF
   * mode a change of the IdP, the API or the session settings mounts a new BFF (signing everyone
   * out: the sessions were the old one's).
   */
  setConfig(config: Partial<DashboardConfig>): void;
  readonly logs: readonly string[];
  stop(): Promise<void>;
}

const DEFAULT_ROOT = fileURLToPath(new URL('../app', import.meta.url));
const DEVTOOLS_ROOT = fileURLToPath(new URL('../app-devtools', import.meta.url));
const LOG_CAPACITY = 5_000;

/** Starts the static server for the built dashboard. Rejects if the port is taken. */
export async function start(options: DashboardServerOptions = {}): Promise<RunningDashboard> {
  let config = checked(options.config ?? {});
  checkBffMode(resolveConfig(config), options.bff); // before taking the port
  const logs: string[] = [];
  const log = (line: string) => {
    logs.push(line);
    if (logs.length > LOG_CAPACITY) logs.shift();
    options.logger?.(line);
  };
  // The BFF needs this server's origin (its redirect URI and allowed origin): made once listening.
  let bff: { key: string; handler: NodeHandler | undefined } = { key: '', handler: undefined };
  const server = createStaticServer({
    root: options.root ?? (options.devtools ? DEVTOOLS_ROOT : DEFAULT_ROOT),
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 5173,
    config: () => config,
    log,
    bff: () => bff.handler,
  });
  const url = await server.listen();
  /** The BFF for `next`: the current one when nothing it is built from changed. */
  const bffFor = (next: Partial<DashboardConfig>) => {
    const resolved = resolveConfig(next);
    const key = JSON.stringify(resolved.bff ? bffInputs(resolved) : null);
    if (key === bff.key) return bff;
    return { key, handler: bffHandlerFor(resolved, url, options.bff, log) };
  };
  try {
    bff = bffFor(config);
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    url,
    logs,
    setConfig(next) {
      const checkedNext = checked(next);
      bff = bffFor(checkedNext); // throws before anything changes
      config = checkedNext;
    },
    stop: () => server.close(),
  };
}

/** The settings the BFF is built from (bff-mount.ts): a change of any means a new BFF. */
function bffInputs(config: DashboardConfig) {
  const { authority, apiUrl, sessionLifetimeSeconds, refreshBeforeExpirySeconds } = config;
  return { authority, apiUrl, sessionLifetimeSeconds, refreshBeforeExpirySeconds };
}

/** Validates a partial config (by resolving it over the defaults) and keeps only what was given. */
function checked(config: Partial<DashboardConfig>): Partial<DashboardConfig> {
  resolveConfig(config);
  return { ...config };
}
