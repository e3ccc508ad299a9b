// `pnpm demo`: builds what the demo needs, starts each service, waits until each one answers, and
// stops them all on Ctrl-C. To add a service, add an entry to SERVICES: the rest follows.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';

const USAGE = `Usage: pnpm demo [--bff [--redis] | --dpop | --dpop-nonce]

Builds and starts the local identity provider, the bank API, the investments API and the
dashboard on 127.0.0.1.

  --bff         BFF mode (also: pnpm demo:bff): no token in the browser. The dashboard's server
                mounts @sesame/bff at /bff on the page's origin: it signs in as the IdP's
                confidential client bank-bff (PAR, private_key_jwt with a key pair made for this
                run, PKCE, FAPI 2.0; ID tokens signed ES256), keeps the tokens in a server-side
                session behind an HttpOnly cookie and calls the bank API with DPoP-bound tokens
  --redis       with --bff (pnpm demo:bff -- --redis): the BFF at scale. Debian's redis-server on a
                free port, two dashboard servers (BFF replicas) sharing it with one session key
                made for this run, and a round-robin proxy on 5173 in front of them that prints
                which replica served each /bff request (e2e/scripts/demo-replicas.ts)
  --dpop        sender-constrained tokens (DPoP, RFC 9449): the IdP requires a DPoP proof from the
                dashboard and binds its tokens to the browser's key; the dashboard signs proofs
                (the bank API accepts both kinds of token and refuses a bound one sent as Bearer)
  --dpop-nonce  as --dpop, and the IdP requires server nonces (DPoP-Nonce) at its token endpoint
  --help        show this help

SESAME_IDP_PORT, BANK_API_PORT and INVEST_API_PORT move the IdP and the APIs; the dashboard stays
on 5173.`;

/** The command line: `pnpm demo --dpop` (pnpm passes what follows the script name). */
function readArgs() {
  try {
    const { values } = parseArgs({
      args: process.argv.slice(2).filter((arg) => arg !== '--'),
      options: {
        bff: { type: 'boolean', default: false },
        redis: { type: 'boolean', default: false },
        dpop: { type: 'boolean', default: false },
        'dpop-nonce': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
    if (values.bff && (values.dpop || values['dpop-nonce'])) {
      throw new Error(
        '--bff cannot be combined with --dpop or --dpop-nonce: those are browser-mode switches (in BFF mode the tokens are always DPoP-bound, between the BFF and the API).',
      );
    }
    if (values.redis && !values.bff) {
      throw new Error('--redis needs --bff: it runs BFF replicas sharing Redis.');
    }
    return values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n\n${USAGE}`);
    process.exit(2);
  }
}

const args = readArgs();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const dpopNonce = args['dpop-nonce'];
const dpop = args.dpop || dpopNonce;
const bff = args.bff;
const redis = args.redis;

const root = fileURLToPath(new URL('..', import.meta.url));
const idpPort = process.env.SESAME_IDP_PORT || '4000';
const idpUrl = `http://127.0.0.1:${idpPort}`;
const bankApiPort = process.env.BANK_API_PORT || '4100';
const bankApiUrl = `http://127.0.0.1:${bankApiPort}`;
const investApiPort = process.env.INVEST_API_PORT || '4200';
const investApiUrl = `http://127.0.0.1:${investApiPort}`;
// Fixed: the IdP's registered redirect URIs and the API's allowed origins default to this origin.
const dashboardUrl = 'http://127.0.0.1:5173';

/**
 * BFF mode's client credentials, made after the build (by the IdP package's own helper) and only
 * then filled in: the public JWKS goes to the IdP on its command line (`--bff-jwks`), the private
 * JWK to the dashboard's server in its environment (not on a command line anyone can list).
 */
const bffKeys = { publicJwks: '', privateJwk: '' };

/**
 * @typedef {object} Service
 * @property {string} name        short name, prefixed to every line the service prints
 * @property {string} workspace   workspace package to build (with its dependencies) before starting
 * @property {() => string[]} command  what to run, from the repository root
 * @property {() => Record<string, string>} [env]  extra environment variables
 * @property {string} readyUrl    polled until it answers 2xx
 * @property {string[]} summary   lines printed once everything is up
 */

/** @type {Service[]} */
const SERVICES = [
  {
    name: 'idp',
    workspace: '@sesame/idp',
    command: () => [
      'node',
      'apps/idp/dist/cli.js',
      '--port',
      idpPort,
      '--admin',
      ...(dpop ? ['--dpop'] : []),
      ...(dpopNonce ? ['--dpop-nonce'] : []),
      // The BFF client bank-bff (its redirect URIs default to this dashboard's /bff/callback), and
      // ES256 signatures, which FAPI 2.0 accepts (RS256 it does not).
      ...(bff ? ['--bff-jwks', bffKeys.publicJwks, '--signing-alg', 'ES256'] : []),
    ],
    readyUrl: `${idpUrl}/.well-known/openid-configuration`,
    summary: [
      `Identity provider  ${idpUrl}`,
      `  discovery        ${idpUrl}/.well-known/openid-configuration`,
      '  demo customers   jane.doe, john.smith, ann.viewer (read-only), password "sesame"',
    ],
  },
  {
    name: 'bank-api',
    workspace: '@sesame/bank-api',
    command: () => [
      'node',
      'apps/bank-api/dist/cli.js',
      '--port',
      bankApiPort,
      '--issuer',
      idpUrl,
      '--admin',
    ],
    readyUrl: `${bankApiUrl}/health`,
    summary: [
      `Bank API           ${bankApiUrl}`,
      `  chaos switch     ${bankApiUrl}/__admin/faults (latencyMs, errorRate, rejectNextValidTokens)`,
    ],
  },
  {
    // The second API (issue 21): its own audience and scope (portfolio:read), its own token.
    name: 'invest-api',
    workspace: '@sesame/invest-api',
    command: () => [
      'node',
      'apps/invest-api/dist/cli.js',
      '--port',
      investApiPort,
      '--issuer',
      idpUrl,
      '--admin',
    ],
    readyUrl: `${investApiUrl}/health`,
    summary: [
      `Investments API    ${investApiUrl}  (audience https://invest.sesame.test/api)`,
      `  chaos switch     ${investApiUrl}/__admin/faults`,
    ],
  },
  {
    name: 'dashboard',
    workspace: '@sesame/bank-dashboard',
    command: () => [
      // With --redis: two replicas behind a round-robin proxy on 5173, which passes the rest on.
      ...(redis
        ? ['e2e/node_modules/.bin/tsx', 'e2e/scripts/demo-replicas.ts']
        : ['node', 'apps/bank-dashboard/dist/server/cli.js', '--port', '5173']),
      '--authority',
      idpUrl,
      '--api-url',
      bankApiUrl,
      '--invest-api-url',
      investApiUrl,
      // A bank signs out after 10 minutes without activity (warning in the last minute, every tab).
      '--idle-timeout',
      '600',
      ...(dpop ? ['--dpop'] : []),
      ...(bff ? ['--bff'] : []),
      // The development build, with the Sesame devtools (the "Sesame" button, bottom right).
      '--devtools',
      '--quiet',
    ],
    env: () => (bff ? { SESAME_DASHBOARD_BFF_CLIENT_KEY: bffKeys.privateJwk } : {}),
    readyUrl: `${dashboardUrl}/config.js`,
    summary: [
      '',
      `Open the bank:     ${dashboardUrl}`,
      '  sign in as       jane.doe / sesame  (also john.smith, and ann.viewer: read-only)',
      '  devtools         the "Sesame" button, bottom right (development build; none in production)',
      bff
        ? `  tokens           kept on the server: BFF mode, @sesame/bff at ${dashboardUrl}/bff (DPoP-bound to the API)${redis ? '\n  replicas         two BFFs sharing one redis-server, behind a round-robin proxy on 5173' : ''}`
        : dpop
          ? `  tokens           DPoP-bound${dpopNonce ? ', IdP nonces required' : ''} (see the Profile page)`
          : '  tokens           Bearer (pnpm demo --dpop for DPoP-bound tokens, pnpm demo:bff for none in the browser)',
    ],
  },
];

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;

function build() {
  const filters = SERVICES.map((service) => `--filter=${service.workspace}...`);
  console.log(`Building ${SERVICES.map((service) => service.workspace).join(', ')}...`);
  const result = spawnSync('pnpm', ['exec', 'turbo', 'run', 'build', ...filters], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('The build failed; nothing was started.');
    process.exit(result.status ?? 1);
  }
}

/** Prints a child's output line by line with its name in front. */
function prefixLines(stream, name, write) {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) write(`[${name}] ${line}\n`);
  });
  stream.on('end', () => {
    if (pending) write(`[${name}] ${pending}\n`);
  });
}

function launch(service) {
  const [command, ...args] = service.command();
  const child = spawn(command, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...service.env?.() },
  });
  prefixLines(child.stdout, service.name, (text) => process.stdout.write(text));
  prefixLines(child.stderr, service.name, (text) => process.stderr.write(text));
  return { service, child, exited: once(child, 'exit') };
}

async function waitUntilReady(running) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (running.child.exitCode !== null) {
      throw new Error(`${running.service.name} exited with status ${running.child.exitCode}`);
    }
    try {
      const response = await fetch(running.service.readyUrl);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await delay(200);
  }
  throw new Error(`${running.service.name} did not answer ${running.service.readyUrl} in time`);
}

async function stopAll(runningServices) {
  await Promise.all(
    runningServices.map(async ({ child, exited }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }),
  );
}

/** BFF mode: a key pair for bank-bff's private_key_jwt, new on every run (nothing kept on disk). */
async function makeBffKeys() {
  const { generateBffClientKeys } = await import('../apps/idp/dist/index.js');
  const { privateJwk, publicJwks } = await generateBffClientKeys('ES256');
  bffKeys.publicJwks = JSON.stringify(publicJwks);
  bffKeys.privateJwk = JSON.stringify(privateJwk);
}

async function main() {
  build();
  if (bff) await makeBffKeys();
  const running = [];
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the demo...');
    await stopAll(running);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    for (const service of SERVICES) {
      const started = launch(service);
      running.push(started);
      started.exited.then(([code, signal]) => {
        if (stopping) return;
        console.error(`${service.name} stopped unexpectedly (${signal ?? `status ${code}`}).`);
        void stop(1);
      });
      await waitUntilReady(started);
    }
  } catch (error) {
    console.error(`The demo could not start: ${error instanceof Error ? error.message : error}`);
    await stop(1);
    return;
  }

  console.log(
    [
      '',
      'Sesame demo is running:',
      ...SERVICES.flatMap((s) => s.summary),
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

await main();
