// Starts a throwaway Glewlwyd (Debian's /usr/bin/glewlwyd) on 127.0.0.1: its own config file, a
// SQLite database initialised from the package's schema, and a copy of the web app, all in a temp
// directory that stop() removes. Everything after start-up is done through the admin REST API.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const GLEWLWYD_BIN = '/usr/bin/glewlwyd';
const SCHEMA = '/usr/share/doc/glewlwyd/database/init.sqlite3.sql.gz';
const WEBAPP = '/usr/share/glewlwyd/webapp';
// The package's webapp/config.json is a symlink to this directory's config.json.
const WEBAPP_CONFIG = '/etc/glewlwyd/config-2.7.json/config.json';

export interface GlewlwydProcessOptions {
  /** The port Glewlwyd listens on (127.0.0.1). */
  port: number;
  /** The URL browsers and clients use (a proxy in front, here); no trailing slash. */
  externalUrl: string;
  /** CORS is global in Glewlwyd, not per client: the one origin allowed to call it. */
  allowOrigin: string;
}

export interface GlewlwydProcess {
  /** Glewlwyd's own address (the admin API is called here, not through the proxy). */
  readonly url: string;
  readonly dir: string;
  /** Glewlwyd's log so far (INFO level), for failure reports. */
  log(): string;
  stop(): Promise<void>;
}

/** Why the suite cannot run here, or undefined when Glewlwyd and sqlite3 are installed. */
export function missingPrerequisite(): string | undefined {
  if (!existsSync(GLEWLWYD_BIN)) return `${GLEWLWYD_BIN} is missing`;
  if (!existsSync(SCHEMA)) return `${SCHEMA} is missing`;
  if (spawnSync('sqlite3', ['-version']).status !== 0) return 'the sqlite3 command is missing';
  return undefined;
}

function configFile(dir: string, options: GlewlwydProcessOptions): string {
  // Only what differs from the package's /etc/glewlwyd/glewlwyd.conf. `use_secure_connection` is
  // left out on purpose: false without certificate files makes 2.7.5 exit at start-up.
  const mime = [
    ['.html', 'text/html'],
    ['.css', 'text/css'],
    ['.js', 'application/javascript'],
    ['.json', 'application/json'],
    ['.png', 'image/png'],
    ['.jpg', 'image/jpeg'],
    ['.ico', 'image/x-icon'],
    ['.ttf', 'font/ttf'],
    ['.woff', 'font/woff'],
    ['.woff2', 'font/woff2'],
  ]
    .map(([extension, type]) => `  { extension = "${extension}" mime_type = "${type}" }`)
    .join(',\n');
  return `port=${options.port}
bind_address="127.0.0.1"
external_url="${options.externalUrl}"
login_url="login.html"
api_prefix="api"
static_files_path="${join(dir, 'webapp')}/"
allow_origin="${options.allowOrigin}"
allow_methods="GET, POST, PUT, DELETE, OPTIONS"
allow_headers="Origin, X-Requested-With, Content-Type, Accept, Bearer, Authorization, DPoP"
log_mode="file"
log_level="${process.env.GLEWLWYD_LOG_LEVEL ?? 'INFO'}"
log_file="${join(dir, 'glewlwyd.log')}"
cookie_secure=0
session_key="GLEWLWYD2_SESSION_ID"
admin_scope="g_admin"
profile_scope="g_profile"
user_module_path="/usr/lib/glewlwyd/user"
client_module_path="/usr/lib/glewlwyd/client"
user_auth_scheme_module_path="/usr/lib/glewlwyd/scheme"
plugin_module_path="/usr/lib/glewlwyd/plugin"
hash_algorithm="SHA512"
database = { type = "sqlite3" path = "${join(dir, 'glewlwyd.sqlite3')}" }
static_files_mime_types = (
${mime}
)
`;
}

function initialiseDatabase(dir: string): void {
  const sql = gunzipSync(readFileSync(SCHEMA));
  const result = spawnSync('sqlite3', [join(dir, 'glewlwyd.sqlite3')], { input: sql });
  if (result.status !== 0) {
    throw new Error(`sqlite3 could not initialise the database: ${String(result.stderr)}`);
  }
}

function copyWebapp(dir: string): void {
  const target = join(dir, 'webapp');
  // Dereferenced: the package links its JS and CSS libraries relatively (../../../nodejs/...).
  cpSync(WEBAPP, target, {
    recursive: true,
    dereference: true,
    filter: (source) => source !== `${WEBAPP}/config.json`,
  });
  writeFileSync(join(target, 'config.json'), readFileSync(WEBAPP_CONFIG));
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`glewlwyd exited (${child.exitCode}) at start-up:\n${output()}`);
    }
    try {
      const response = await fetch(`${url}/config/`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`glewlwyd did not answer on ${url} within 15 s:\n${output()}`);
}

/** Starts Glewlwyd with a fresh database; resolves once its API answers. */
export async function launchGlewlwyd(options: GlewlwydProcessOptions): Promise<GlewlwydProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'sesame-glewlwyd-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    initialiseDatabase(dir);
    copyWebapp(dir);
    writeFileSync(join(dir, 'glewlwyd.conf'), configFile(dir, options));
  } catch (error) {
    remove();
    throw error;
  }
  const child = spawn(GLEWLWYD_BIN, [`--config-file=${join(dir, 'glewlwyd.conf')}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let console = '';
  const keep = (chunk: Buffer) => {
    console = (console + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const logFile = join(dir, 'glewlwyd.log');
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '') + console;
  const url = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    remove();
  };
  try {
    await waitUntilServing(url, child, log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, dir, log, stop };
}
