#!/usr/bin/env node
// Serves the built dashboard on 127.0.0.1. Settings from flags or SESAME_DASHBOARD_* variables.
import { parseArgs } from 'node:util';
import { DashboardConfigError, start, type DashboardConfig } from './index';

const USAGE = `Usage: sesame-bank-dashboard [--port 5173] [--authority URL] [--api-url URL]
  [--client-id ID] [--storage session|memory|local] [--idle-timeout SECONDS|off] [--dpop] [--quiet]
Each flag also reads SESAME_DASHBOARD_<FLAG> (for example SESAME_DASHBOARD_API_URL;
SESAME_DASHBOARD_DPOP=1 for --dpop, which binds the tokens to a DPoP key).`;

function main() {
  const env = process.env;
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: env.SESAME_DASHBOARD_PORT ?? '5173' },
        authority: { type: 'string', default: env.SESAME_DASHBOARD_AUTHORITY },
        'api-url': { type: 'string', default: env.SESAME_DASHBOARD_API_URL },
        'client-id': { type: 'string', default: env.SESAME_DASHBOARD_CLIENT_ID },
        storage: { type: 'string', default: env.SESAME_DASHBOARD_STORAGE },
        'idle-timeout': { type: 'string', default: env.SESAME_DASHBOARD_IDLE_TIMEOUT },
        dpop: { type: 'boolean', default: env.SESAME_DASHBOARD_DPOP === '1' },
        quiet: { type: 'boolean', default: env.SESAME_DASHBOARD_QUIET === '1' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a port number.\n${USAGE}`);
    process.exit(2);
  }
  const config: Partial<DashboardConfig> = {};
  if (values.authority) config.authority = values.authority;
  if (values['api-url']) config.apiUrl = values['api-url'];
  if (values['client-id']) config.clientId = values['client-id'];
  if (values.storage) config.storage = values.storage as DashboardConfig['storage'];
  const idle = values['idle-timeout'];
  // Checked with the rest when the server starts (a bad number exits with status 2).
  if (idle) config.idleTimeoutSeconds = idle === 'off' ? null : Number(idle);
  if (values.dpop) config.dpop = true;

  start({ port, config, ...(values.quiet ? {} : { logger: (line) => console.log(line) }) }).then(
    (dashboard) => {
      console.log(`Sesame Bank dashboard at ${dashboard.url}`);
      const stop = () => void dashboard.stop().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (error: unknown) => {
      console.error(`Could not start the dashboard: ${(error as Error).message}`);
      process.exit(error instanceof DashboardConfigError ? 2 : 1);
    },
  );
}

main();
