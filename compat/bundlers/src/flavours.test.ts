// @sesame/core ships three flavours (packages/core/scripts/dev-condition.ts), picked through
// package.json `exports` conditions: `development` keeps the developer messages, `production`
// drops them, no condition decides at run time by NODE_ENV. Each bundler below builds the same
// small app (fixture/entry.js) the way a developer runs it: the flavour it picked must be the
// right one, and the bundle, run as a page runs it (no `process`), must throw the long message in
// development and only the short one in production. @sesame/react (like react-router and
// react-query, built the same way) must come in the same flavour as core, with its own message.
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
/** A debug-log sentence (client.ts): development builds only; production ones log its number. */
const DEVELOPER_LOG = 'refresh result dropped: the session changed meanwhile';
/** Every flavour has the short form (errors.ts): proof that core is in the bundle at all. */
const SHORT_MESSAGE = 'a development build says more';
/** @sesame/react's message for a hook outside <AuthProvider> (packages/react/src/context.ts). */
const REACT_DEVELOPER_MESSAGE = 'needs an <AuthProvider> above it';
/** Its error code, in every flavour: proof that @sesame/react is in the bundle. */
const REACT_CODE = 'provider_missing';
/** A bundled file of core's or @sesame/react's dist (not react's own). */
const SESAME_DIST = /(^|\/)(core|react)\/dist\//;

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
  expect(code).toContain(DEVELOPER_LOG);
  expect(code).toContain(REACT_DEVELOPER_MESSAGE);
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
  expect(code).not.toContain(DEVELOPER_LOG);
  expect(code).toContain(REACT_CODE);
  expect(code).not.toContain(REACT_DEVELOPER_MESSAGE);
}

/** Both Sesame packages are in the bundle, each from `flavour`'s folder of its dist. */
function expectFlavour(files: string[], flavour: 'development' | 'production') {
  expect(files.some((file) => file.includes('core/dist/'))).toBe(true);
  expect(files.some((file) => file.includes('react/dist/'))).toBe(true);
  expect(files.every((file) => file.includes(`/dist/${flavour}/`))).toBe(true);
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
      // What the browser gets for the app's module, then for the Sesame modules it imports.
      const app = await server.transformRequest('/entry.js');
      const urls = [...(app?.code ?? '').matchAll(/from\s+"([^"]*)"/g)]
        .map((match) => match[1]!)
        .filter((url) => SESAME_DIST.test(url));
      expect(urls).toHaveLength(2);
      expectFlavour(urls, 'development');
      const modules = await Promise.all(urls.map((url) => server.transformRequest(url)));
      expectDevelopment(modules.map((module) => module?.code ?? '').join('\n'));
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
    const sesameFiles = modules
      .flatMap((module) => [module.name ?? '', ...(module.modules ?? []).map((m) => m.name ?? '')])
      .filter((name) => SESAME_DIST.test(name));
    return { code: emittedJs(path), sesameFiles };
  }

  it('mode development: bundles the development flavour', async () => {
    const { code, sesameFiles } = await pack('development');
    expectFlavour(sesameFiles, 'development');
    expectDevelopment(code);
    expect(thrownInPage(code)).toContain(DEVELOPER_MESSAGE);
  });

  it('mode production: bundles the production flavour', async () => {
    const { code, sesameFiles } = await pack('production');
    expectFlavour(sesameFiles, 'production');
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
    const sesameFiles = Object.keys(result.metafile.inputs).filter((input) =>
      SESAME_DIST.test(input),
    );
    return { code, sesameFiles };
  }

  it('--conditions=development: bundles the development flavour', async () => {
    const { code, sesameFiles } = await bundle({ conditions: ['development'] });
    expectFlavour(sesameFiles, 'development');
    expectDevelopment(code);
    expect(thrownInPage(code)).toContain(DEVELOPER_MESSAGE);
  });

  it('--conditions=production --minify: bundles the production flavour', async () => {
    const { code, sesameFiles } = await bundle({ conditions: ['production'], minify: true });
    expectFlavour(sesameFiles, 'production');
    expectProduction(code);
    expect(thrownInPage(code)).toContain(SHORT_MESSAGE);
  });

  it('no condition, --minify (NODE_ENV=production): the default flavour drops the messages', async () => {
    const { code, sesameFiles } = await bundle({ minify: true });
    expect(sesameFiles).toContain('../../packages/core/dist/index.js');
    expect(sesameFiles).toContain('../../packages/react/dist/index.js');
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
