#!/usr/bin/env node
import { parseCliArgs, USAGE } from './cli-args';
import { IdpError } from './errors';
import type { IdpOptions } from './options';
import { start, type RunningIdp } from './start';
import { DEMO_USERS } from './users';
import { API_SCOPES, BFF_CLIENT_ID, DEFAULT_BFF_REDIRECT_URIS } from './constants';

function describeAccess(scopes: readonly string[]): string {
  const full = API_SCOPES.every((scope) => scopes.includes(scope));
  return `${full ? 'full access' : 'read-only'} (${scopes.join(', ')})`;
}

function describeDpop({ dpop, dpopNonce }: IdpOptions): string {
  const nonces = dpopNonce ? ', nonces required at /token' : '';
  return dpop
    ? `required for bank-dashboard (tokens bound to its key${nonces})`
    : `optional (start with --dpop to require it for bank-dashboard${nonces})`;
}

function describeBff({ bff }: IdpOptions): string {
  if (!bff) return 'off (start with --bff-jwks <file> to register the BFF client)';
  const uris = bff.redirectUris ?? DEFAULT_BFF_REDIRECT_URIS;
  return `${BFF_CLIENT_ID} (private_key_jwt, PAR, DPoP, FAPI 2.0) -> ${uris.join(', ')}`;
}

function banner(idp: RunningIdp, options: IdpOptions, quiet: boolean): string {
  const admin = options.admin === true;
  const users = DEMO_USERS.map(
    (user) =>
      `    ${user.login.padEnd(12)} ${user.name.padEnd(12)} ${describeAccess(user.apiScopes)}`,
  );
  return [
    'Sesame Bank local identity provider',
    `  Issuer:     ${idp.issuer}`,
    `  Discovery:  ${idp.issuer}/.well-known/openid-configuration`,
    `  Admin:      ${admin ? `${idp.issuer}/__admin (enabled)` : 'off (start with --admin)'}`,
    `  DPoP:       ${describeDpop(options)}`,
    `  BFF client: ${describeBff(options)}`,
    `  Demo customers (password "sesame"):`,
    ...users,
    quiet ? '' : 'Request log (no tokens, codes, passwords or cookies are ever printed):',
  ].join('\n');
}

async function main(): Promise<void> {
  const cli = parseCliArgs(process.argv.slice(2), process.env);
  if (cli.help) {
    console.log(USAGE);
    return;
  }
  const idp = await start({
    ...cli.idp,
    ...(cli.quiet
      ? {}
      : { logger: (line: string) => console.log(`${new Date().toISOString()} ${line}`) }),
  });
  console.log(banner(idp, cli.idp, cli.quiet));

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received, stopping the identity provider.`);
    idp.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Could not stop cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof IdpError) {
    console.error(`sesame-idp: ${error.message}`);
    if (error.code === 'invalid_options') console.error(`\n${USAGE}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
