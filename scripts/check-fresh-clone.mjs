#!/usr/bin/env node
// `pnpm check:fresh-clone`: every command the READMEs document for the example apps
// (`pnpm --filter <example> <script>`, examples/* and the demo dashboard) works in a fresh clone
// right after `pnpm install`, where no package has a dist yet. It clones the committed HEAD into a
// temporary folder, installs offline from pnpm's store, and runs each command with every dist
// removed first: `build`, `test` and `e2e` must exit 0; `dev` and `start` must serve the app
// (every module the page loads answers 200), then are stopped. Part of `pnpm test:all`.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

const root = new URL('..', import.meta.url).pathname;
const clone = join(mkdtempSync(join(tmpdir(), 'sesame-fresh-clone-')), 'sesame');
const started = Date.now();
const seconds = (since) => `${Math.round((Date.now() - since) / 1000)} s`;

/** The environment of a developer's shell: nothing turbo, pnpm or npm passed to this script. */
const env = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^(TURBO_|npm_|PNPM_)/i.test(name)),
);
// Servers started by `start` pick a free port (the dashboard's CLI reads this).
env.SESAME_DASHBOARD_PORT = '0';

/** Workspace folders whose package is an example app: examples/* and the demo dashboard. */
function examplePackages() {
  const folders = [
    ...readdirSync(join(root, 'examples')).map((name) => join('examples', name)),
    join('apps', 'bank-dashboard'),
  ];
  return new Map(
    folders
      .filter((folder) => existsSync(join(root, folder, 'package.json')))
      .map((folder) => [
        JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8')).name,
        folder,
      ]),
  );
}

/**
 * Every `pnpm --filter <example> <script>` in the repository's READMEs, once each; a chain
 * (`… build && pnpm --filter <example> start`) stays one command of several steps.
 */
function documentedCommands(examples) {
  const readmes = execFileSync('git', ['ls-files', '*README.md'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  const step = 'pnpm --filter (@sesame/[\\w-]+) ([\\w:-]+)';
  const chain = new RegExp(`${step}(?:\\s*&&\\s*${step})*`, 'g');
  const commands = new Map();
  for (const readme of readmes) {
    for (const [text] of readFileSync(join(root, readme), 'utf8').matchAll(chain)) {
      const steps = text.split('&&').map((part) => {
        const [, name, script] = new RegExp(step).exec(part);
        return { name, script };
      });
      if (steps.every(({ name }) => examples.has(name)))
        commands.set(text, { text, steps, readme });
    }
  }
  return [...commands.values()];
}

function removeEveryDist() {
  for (const parent of ['packages', 'apps', 'examples']) {
    for (const name of readdirSync(join(clone, parent))) {
      rmSync(join(clone, parent, name, 'dist'), { recursive: true, force: true });
    }
  }
}

/** Runs a command that ends; resolves with its output, rejects with it when it fails. */
function finish(args) {
  return new Promise((resolve, reject) => {
    const child = spawn('pnpm', args, { cwd: clone, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(output))));
  });
}

/** Fetches the page and every module it loads from the server (same origin), all must be 200. */
async function crawl(base) {
  const seen = new Set();
  const queue = ['/'];
  while (queue.length && seen.size < 500) {
    const path = queue.shift();
    if (seen.has(path)) continue;
    seen.add(path);
    const response = await fetch(new URL(path, base));
    const body = await response.text();
    if (!response.ok)
      throw new Error(`${path} answered ${response.status}:\n${body.slice(0, 2000)}`);
    const type = response.headers.get('content-type') ?? '';
    if (!/html|javascript/.test(type)) continue;
    const urls = [
      ...body.matchAll(/<script[^>]+src="([^"]+)"/g),
      ...body.matchAll(/(?:import|from)\s*\(?\s*["'](\/[^"']+)["']/g),
    ].map(([, url]) => url);
    for (const url of urls) if (url.startsWith('/') && !url.startsWith('//')) queue.push(url);
  }
  return seen.size;
}

/** Starts a server command, waits for its URL, crawls it, and stops it (its whole process group). */
async function serve(args) {
  const child = spawn('pnpm', args, {
    cwd: clone,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const exited = new Promise((resolve) => child.on('close', resolve));
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  try {
    // eslint-disable-next-line no-control-regex
    const plain = () => output.replace(/\u001b\[[0-9;]*m/g, '');
    const deadline = Date.now() + 180_000;
    let url;
    while (!url) {
      url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(plain())?.[1];
      if (child.exitCode !== null) throw new Error(`It exited before serving:\n${output}`);
      if (Date.now() > deadline) throw new Error(`No server address after 180 s:\n${output}`);
      if (!url) await delay(250);
    }
    return await crawl(url).catch((error) => {
      throw new Error(`${error.message}\n--- server output ---\n${output}`);
    });
  } finally {
    if (child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    await Promise.race([exited, delay(10_000)]);
  }
}

const examples = examplePackages();
const commands = documentedCommands(examples);
if (!commands.length) {
  console.error('No documented example command found in the READMEs.');
  process.exit(1);
}

let failed = 0;
try {
  execFileSync('git', ['clone', '--quiet', root, clone], { stdio: 'inherit' });
  execFileSync('pnpm', ['install', '--frozen-lockfile', '--offline', '--reporter=silent'], {
    cwd: clone,
    env,
    stdio: 'inherit',
  });
  console.log(`Fresh clone of HEAD installed in ${seconds(started)}: ${clone}`);
  for (const { text, steps, readme } of commands) {
    const since = Date.now();
    removeEveryDist();
    try {
      let served = 0;
      for (const { name, script } of steps) {
        if (script === 'dev' || script === 'start')
          served += await serve(['--filter', name, script]);
        else await finish(['--filter', name, script]);
      }
      const what = served ? `served ${served} files, ` : '';
      console.log(`✓ ${text} (${readme}): ${what}${seconds(since)}`);
    } catch (error) {
      failed++;
      console.log(`✗ ${text} (${readme}), ${seconds(since)}:\n${error.message.slice(-6000)}`);
    }
  }
} finally {
  rmSync(join(clone, '..'), { recursive: true, force: true });
}
console.log(`Fresh-clone example commands (${seconds(started)}):`);
console.log(`${commands.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
