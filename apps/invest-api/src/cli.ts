#!/usr/bin/env node
import { parseArgs } from 'node:util';
import {
  readSharedServerOptions,
  runServerCli,
  SERVER_CLI_OPTIONS,
} from '@sesame/bank-api/resource-server';
import { DEFAULT_PORT, InvestApiConfigError, type InvestApiOptions } from './options.js';
import { start } from './server.js';

const USAGE = `Usage: node dist/cli.js --issuer <url> [options]

  --issuer <url>            the IdP's issuer (env INVEST_API_ISSUER)
  --port <n>                port on 127.0.0.1 (env INVEST_API_PORT, default ${DEFAULT_PORT})
  --audience <uri>          required token audience (env INVEST_API_AUDIENCE)
  --allowed-origins <list>  comma-separated exact origins (env INVEST_API_ALLOWED_ORIGINS)
  --anchor-date <date>      pin the calendar, YYYY-MM-DD (env INVEST_API_ANCHOR_DATE)
  --admin                   mount the /__admin endpoints (env INVEST_API_ADMIN=1)`;

function optionsFrom(argv: string[], env: NodeJS.ProcessEnv): InvestApiOptions | undefined {
  const { values } = parseArgs({ args: argv, options: SERVER_CLI_OPTIONS });
  if (values.help === true) return undefined;
  const issuer = values.issuer ?? env.INVEST_API_ISSUER;
  if (issuer === undefined) {
    throw new InvestApiConfigError('--issuer (or INVEST_API_ISSUER) is required');
  }
  const rawPort = values.port ?? env.INVEST_API_PORT;
  const port = rawPort === undefined || rawPort === '' ? undefined : Number(rawPort);
  return {
    issuer,
    ...(port === undefined ? {} : { port }),
    ...readSharedServerOptions(values, env, 'INVEST_API'),
  };
}

runServerCli({ name: 'invest-api', usage: USAGE, readOptions: optionsFrom, start });
