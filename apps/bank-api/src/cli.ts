#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { runServerCli } from './bin/run-server-cli.js';
import { readSharedServerOptions, SERVER_CLI_OPTIONS } from './bin/server-cli-options.js';
import { BankApiConfigError, DEFAULT_PORT, type BankApiOptions } from './options.js';
import { start } from './server.js';

const USAGE = `Usage: node dist/cli.js --issuer <url> [options]

  --issuer <url>            the IdP's issuer (env BANK_API_ISSUER)
  --port <n>                port on 127.0.0.1 (env BANK_API_PORT, default ${DEFAULT_PORT})
  --audience <uri>          required token audience (env BANK_API_AUDIENCE)
  --token-validation <m>    jwt | introspection (env BANK_API_TOKEN_VALIDATION)
  --allowed-origins <list>  comma-separated exact origins (env BANK_API_ALLOWED_ORIGINS)
  --anchor-date <date>      pin the bank's calendar, YYYY-MM-DD (env BANK_API_ANCHOR_DATE)
  --admin                   mount the /__admin endpoints (env BANK_API_ADMIN=1)
  --latency-ms <n>          start with added latency (env BANK_API_LATENCY_MS)
  --error-rate <0..1>       start with a share of 500s (env BANK_API_ERROR_RATE)

Introspection credentials come from the environment only, so they never show in a process list:
  BANK_API_INTROSPECTION_CLIENT_ID, BANK_API_INTROSPECTION_CLIENT_SECRET`;

function numberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new BankApiConfigError(`${name} must be a number`);
  return parsed;
}

function optionsFrom(argv: string[], env: NodeJS.ProcessEnv): BankApiOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...SERVER_CLI_OPTIONS,
      'token-validation': { type: 'string' },
      'latency-ms': { type: 'string' },
      'error-rate': { type: 'string' },
    },
  });
  if (values.help === true) return undefined;
  const issuer = values.issuer ?? env.BANK_API_ISSUER;
  if (issuer === undefined)
    throw new BankApiConfigError('--issuer (or BANK_API_ISSUER) is required');
  const validation = values['token-validation'] ?? env.BANK_API_TOKEN_VALIDATION;
  const clientId = env.BANK_API_INTROSPECTION_CLIENT_ID;
  const clientSecret = env.BANK_API_INTROSPECTION_CLIENT_SECRET;
  const port = numberOption('--port', values.port ?? env.BANK_API_PORT);
  const latencyMs = numberOption('--latency-ms', values['latency-ms'] ?? env.BANK_API_LATENCY_MS);
  const errorRate = numberOption('--error-rate', values['error-rate'] ?? env.BANK_API_ERROR_RATE);
  return {
    issuer,
    ...(port === undefined ? {} : { port }),
    ...(validation ? { tokenValidation: validation as 'jwt' | 'introspection' } : {}),
    ...(clientId && clientSecret ? { introspection: { clientId, clientSecret } } : {}),
    ...readSharedServerOptions(values, env, 'BANK_API'),
    faults: {
      ...(latencyMs === undefined ? {} : { latencyMs }),
      ...(errorRate === undefined ? {} : { errorRate }),
    },
  };
}

runServerCli({ name: 'bank-api', usage: USAGE, readOptions: optionsFrom, start });
