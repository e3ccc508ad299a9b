// The README's way to use Sesame before it is on the registry: `pnpm pack:local`, then `npm install`
// of the tarballs in another project. This test is that other project: a fresh Vite + React app in a
// temporary folder outside the workspace (so nothing resolves through pnpm's links), with the README
// quick start as its App.tsx, installed by npm from the tarballs and the registry, then built.
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const quickStart = join(root, 'examples/quickstart/src/App.tsx');

const scratch = mkdtempSync(join(tmpdir(), 'sesame-packed-'));
const packed = join(scratch, 'packed');
const app = join(scratch, 'app');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A developer's shell: no NODE_ENV (Vitest sets `test`), nothing pnpm or Vitest passed down. */
function shellEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => name !== 'NODE_ENV' && !/^(VITEST|npm_|PNPM_|TURBO_)/i.test(name),
    ),
  );
}

/** A package.json inside a tarball, read with tar. */
async function manifestOf(tarball: string): Promise<Record<string, Record<string, string>>> {
  const { stdout } = await run('tar', ['-xOzf', tarball, 'package/package.json']);
  return JSON.parse(stdout) as Record<string, Record<string, string>>;
}

/** What `npm create vite@latest -- --template react-ts` gives, minus its demo content. */
function writeFreshViteApp() {
  mkdirSync(join(app, 'src'), { recursive: true });
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'fresh-app', private: true, version: '0.0.0', type: 'module' }),
  );
  writeFileSync(
    join(app, 'index.html'),
    '<!doctype html><html lang="en"><body><div id="root"></div>' +
      '<script type="module" src="/src/main.tsx"></script></body></html>',
  );
  writeFileSync(
    join(app, 'vite.config.ts'),
    "import { defineConfig } from 'vite';\nimport react from '@vitejs/plugin-react';\n\n" +
      'export default defineConfig({ plugins: [react()] });\n',
  );
  writeFileSync(
    join(app, 'src/main.tsx'),
    "import { StrictMode } from 'react';\nimport { createRoot } from 'react-dom/client';\n" +
      "import App from './App';\n\n" +
      "createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);\n",
  );
  copyFileSync(quickStart, join(app, 'src/App.tsx'));
}

let tarballs: string[] = [];

beforeAll(async () => {
  // Under turbo (TURBO_HASH kept) pack:local only packs: this workspace's ^build built the packages.
  await run('pnpm', ['pack:local', packed], { cwd: root });
  tarballs = readdirSync(packed)
    .filter((file) => file.endsWith('.tgz'))
    .map((file) => join(packed, file));
});

describe('pnpm pack:local', () => {
  it('packs every publishable package into one folder', () => {
    expect(tarballs.map((file) => file.slice(packed.length + 1)).sort()).toEqual([
      'sesame-bff-0.0.0.tgz',
      'sesame-core-0.0.0.tgz',
      'sesame-devtools-0.0.0.tgz',
      'sesame-react-0.0.0.tgz',
      'sesame-react-query-0.0.0.tgz',
      'sesame-react-router-0.0.0.tgz',
      'sesame-testing-0.0.0.tgz',
    ]);
  });

  it('rewrites workspace: ranges to real versions', async () => {
    for (const tarball of tarballs) {
      const manifest = await manifestOf(tarball);
      const ranges = ['dependencies', 'peerDependencies', 'optionalDependencies'].flatMap((field) =>
        Object.values(manifest[field] ?? {}),
      );
      expect(ranges.filter((range) => range.startsWith('workspace:'))).toEqual([]);
    }
    expect((await manifestOf(join(packed, 'sesame-react-0.0.0.tgz'))).dependencies).toEqual({
      '@sesame/core': '0.0.0',
    });
  });
});

describe('a fresh Vite + React app outside the workspace', () => {
  it('installs the tarballs with npm and builds the README quick start', async () => {
    writeFreshViteApp();
    // The README's line (the core and react tarballs, oidc-client-ts), plus what the app itself has.
    await run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--loglevel=error',
        join(packed, 'sesame-core-0.0.0.tgz'),
        join(packed, 'sesame-react-0.0.0.tgz'),
        'oidc-client-ts@^3.5.0',
        'react@^19.2.0',
        'react-dom@^19.2.0',
        'vite@^8.3.8',
        '@vitejs/plugin-react@^6.0.0',
      ],
      { cwd: app, env: shellEnv() },
    );
    // Real folders from the tarballs, not links back into the workspace.
    expect(lstatSync(join(app, 'node_modules/@sesame/core')).isDirectory()).toBe(true);
    expect(lstatSync(join(app, 'node_modules/@sesame/react')).isDirectory()).toBe(true);

    await run(join(app, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
      cwd: app,
      env: shellEnv(),
    });
    const assets = join(app, 'dist/assets');
    const js = readdirSync(assets)
      .filter((file) => file.endsWith('.js'))
      .map((file) => readFileSync(join(assets, file), 'utf8'))
      .join('\n');
    expect(readFileSync(join(app, 'dist/index.html'), 'utf8')).toContain('<script');
    // Core is in the bundle, in its production flavour (packages/core/package.json `exports`).
    expect(js).toContain('a development build says more');
    expect(js).not.toContain('must use https');
  });
});
