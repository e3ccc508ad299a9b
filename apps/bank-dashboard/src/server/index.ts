/**
 * `@sesame/bank-dashboard`: serves the built Sesame Bank dashboard with its runtime config.
 * The app itself is in `dist/app`; `start()` is what the demo and the browser tests run.
 */
import { fileURLToPath } from 'node:url';
import { resolveConfig, type DashboardConfig } from '../config/runtime-config';
import { createStaticServer } from './static-server';

export {
  configScript,
  DEFAULT_CONFIG,
  DashboardConfigError,
  resolveConfig,
  RUNTIME_CONFIG_GLOBAL,
} from '../config/runtime-config';
export type { DashboardConfig } from '../config/runtime-config';

export interface DashboardServerOptions {
  /** Default 5173; 0 picks a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Runtime config served as `/config.js`; unset keys keep the values built into the app. */
  config?: Partial<DashboardConfig>;
  /** The built app. Default: this package's `dist/app`. */
  root?: string;
  /** Receives one line per request. */
  logger?: (line: string) => void;
}

export interface RunningDashboard {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Replaces the runtime config (pages loaded afterwards see it). Checked like at start. */
  setConfig(config: Partial<DashboardConfig>): void;
  readonly logs: readonly string[];
  stop(): Promise<void>;
}

const DEFAULT_ROOT = fileURLToPath(new URL('../app', import.meta.url));
const LOG_CAPACITY = 5_000;

/** Starts the static server for the built dashboard. Rejects if the port is taken. */
export async function start(options: DashboardServerOptions = {}): Promise<RunningDashboard> {
  let config = checked(options.config ?? {});
  const logs: string[] = [];
  const server = createStaticServer({
    root: options.root ?? DEFAULT_ROOT,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 5173,
    config: () => config,
    log: (line) => {
      logs.push(line);
      if (logs.length > LOG_CAPACITY) logs.shift();
      options.logger?.(line);
    },
  });
  const url = await server.listen();
  return {
    url,
    logs,
    setConfig(next) {
      config = checked(next);
    },
    stop: () => server.close(),
  };
}

/** Validates a partial config (by resolving it over the defaults) and keeps only what was given. */
function checked(config: Partial<DashboardConfig>): Partial<DashboardConfig> {
  resolveConfig(config);
  return { ...config };
}
