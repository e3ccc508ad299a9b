// @sesame/core ships three flavours (packages/core/scripts/dev-condition.ts), picked through
// package.json `exports` conditions: `development` keeps the developer messages, `production`
// drops them, no condition decides at run time by NODE_ENV. Each bundler below builds the same
// small app (fixture/entry.js) the way a developer runs it: the flavour it picked must be the
// right one, and the bundle, run as a page runs it (no `process`), must throw the long message in
// development and only the short one in production.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runInNewContext } from 'node:vm';
import { build as esbuild } from 'esbuild';
import { createServer } from 'vite';
import webpack from 'webpack';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const workspace = fileURLToPath(new URL('..', import.meta.url));
const fixture = join(workspace, 'fixture');
const entry = join(fixture, 'entry.js');

/** Kept by development builds only: a settings check's explanation (packages/core/src/settings.ts). */
const DEVELOPER_MESSAGE = 'must use https';
/** Every flavour has the short form (errors.ts): proof that core is in the bundle at all. */
const SHORT_MESSAGE = 'a development build says more';

const scratch = mkdtempSync(join(tmpdir(), 'sesame-bundlers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The environment a developer's shell has: no NODE_ENV (Vitest sets `test`), no Vitest variables. */
function shellEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV' && !/^VITEST/.test(name)),
  );
  return { ...env, ...extra };
}

/** All JavaScript a build wrote into `dir`, concatenated. */
function emittedJs(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js'))
    .map((file) => readFileSync(join(dir, file), 'utf8'))
    .join('\n');
}

function expectDevelopment(code: string) {
  expect(code).toContain(DEVELOPER_MESSAGE);
}

/**
 * Runs a script bundle of the fixture the way a browser does (a fresh global, no `process`) and
 * returns the message of the error that settings with an http authority throw.
 */
function thrownInPage(script: string): string {
  // The web APIs core's settings checks use; no `process`, as in a page.
  const page: Record<string, unknown> & { startSesame?: (settings: unknown) => unknown } = {
    URL,
    URLSearchParams,
    TextEncoder,
    TextDecoder,
    crypto,
    atob,
    btoa,
  };
  runInNewContext(script, page);
  try {
    page.startSesame?.({
      authority: 'http://idp.example',
      client_id: 'app',
      redirect_uri: 'https://app.example/',
    });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('The bundle did not refuse an http authority.');
}

function expectProduction(code: string) {
  expect(code).toContain(SHORT_MESSAGE);
  expect(code).not.toContain(DEVELOPER_MESSAGE);
}

describe('Vite', () => {
  it('dev server: serves the development flavour', async () => {
    const server = await createServer({
      configFile: false,
      root: fixture,
      logLevel: 'silent',
      mode: 'development',
      appType: 'custom',
      server: { middlewareMode: true, ws: false },
      optimizeDeps: { noDiscovery: true },
    });
    try {
      // What the browser gets for the app's module, then for the core module it imports.
      const app = await server.transformRequest('/entry.js');
      const coreUrl = /from\s+"([^"]*@sesame[^"]*|[^"]*\/core\/dist\/[^"]*)"/.exec(
        app?.code ?? '',
      )?.[1];
      expect(coreUrl).toMatch(/\/dist\/development\/index\.js$/);
      const core = await server.transformRequest(coreUrl!);
      expectDevelopment(core?.code ?? '');
    } finally {
      await server.close();
    }
  });

  it('`vite build`: bundles the production flavour', async () => {
    const outDir = join(scratch, 'vite');
    await run(
      join(workspace, 'node_modules/.bin/vite'),
      ['build', fixture, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
      { cwd: workspace, env: shellEnv() },
    );
    expectProduction(emittedJs(outDir));
  });
});

describe('webpack', () => {
  /** Builds the fixture with webpack's API; returns the script and core's modules in it. */
  async function pack(mode: 'development' | 'production') {
    const path = join(scratch, `webpack-${mode}`);
    const stats = await new Promise<webpack.Stats | undefined>((resolve, reject) =>
      webpack(
        {
          mode,
          entry,
          target: 'web',
          devtool: false,
          output: { path },
          infrastructureLogging: { level: 'error' },
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      ),
    );
    expect(stats?.hasErrors(), stats?.toString('errors-only')).toBe(false);
    const modules = stats?.toJson({ modules: true }).modules ?? [];
    const coreFiles = modules
      .flatMap((module) => [module.name ?? '', ...(module.modules ?? []).map((m) => m.name ?? '')])
      .filter((name) => name.includes('core/dist/'));
    return { code: emittedJs(path), coreFiles };
  }

  it('mode development: bundles the development flavour', async () => {
    const { code, coreFiles } = await pack('development');
    expect(coreFiles.length).toBeGreaterThan(0);
    expect(coreFiles.every((file) => file.includes('/dist/development/'))).toBe(true);
    expect(thrownInPage(code)).toContain(DEVELOPER_MESSAGE);
  });

  it('mode production: bundles the production flavour', async () => {
    const { code, coreFiles } = await pack('production');
    expect(coreFiles.length).toBeGreaterThan(0);
    expect(coreFiles.every((file) => file.includes('/dist/production/'))).toBe(true);
    expectProduction(code);
    expect(thrownInPage(code)).toContain(SHORT_MESSAGE);
  });
});

describe('esbuild', () => {
  async function bundle(options: { conditions?: string[]; minify?: boolean }) {
    const result = await esbuild({
      entryPoints: [entry],
      bundle: true,
      write: false,
      metafile: true,
      format: 'iife',
      platform: 'browser',
      logLevel: 'silent',
      outdir: join(scratch, 'esbuild'),
      ...options,
    });
    const code = result.outputFiles.map((file) => file.text).join('\n');
    const coreFiles = Object.keys(result.metafile.inputs).filter((input) =>
      input.includes('core/dist/'),
    );
    return { code, coreFiles };
  }

  it('--conditions=development: bundles the development flavour', async () => {
    const { code, coreFiles } = await bundle({ conditions: ['development'] });
    expect(coreFiles.every((file) => file.includes('/dist/development/'))).toBe(true);
    expect(thrownInPage(code)).toContain(DEVELOPER_MESSAGE);
  });

  it('--conditions=production --minify: bundles the production flavour', async () => {
    const { code, coreFiles } = await bundle({ conditions: ['production'], minify: true });
    expect(coreFiles.every((file) => file.includes('/dist/production/'))).toBe(true);
    expectProduction(code);
    expect(thrownInPage(code)).toContain(SHORT_MESSAGE);
  });

  it('no condition, --minify (NODE_ENV=production): the default flavour drops the messages', async () => {
    const { code, coreFiles } = await bundle({ minify: true });
    expect(coreFiles).toContain('../../packages/core/dist/index.js');
    expectProduction(code);
    expect(thrownInPage(code)).toContain(SHORT_MESSAGE);
  });
});

describe('Node (no condition: the default flavour decides by NODE_ENV)', () => {
  const program = `
    import { createAuthClient } from '@sesame/core';
    try {
      createAuthClient({ authority: 'http://idp.example', client_id: 'app', redirect_uri: 'https://app.example/' });
    } catch (error) {
      console.log(error.message);
    }`;
  const node = (env: NodeJS.ProcessEnv) =>
    run(process.execPath, ['--input-type=module', '-e', program], { cwd: workspace, env });

  it('NODE_ENV unset: the developer message', async () => {
    const { stdout } = await node(shellEnv());
    expect(stdout).toContain(DEVELOPER_MESSAGE);
  });

  it('NODE_ENV=production: the short message', async () => {
    const { stdout } = await node(shellEnv({ NODE_ENV: 'production' }));
    expect(stdout).toContain(SHORT_MESSAGE);
    expect(stdout).not.toContain(DEVELOPER_MESSAGE);
  });
});
