// @vitest-environment node
// `@sesame/core/bff` must hold none of oidc-client-ts: a BFF-mode app has no token to handle in the
// page, and its bundle should not pay for the library that would. This builds the entry exactly as
// `pnpm build` does (the production flavour of tsup.config.ts, into a temporary folder) and reads
// what came out: which sources went in, and whether anything still imports oidc-client-ts (it would
// stay an `import` in the output: the package is a peer dependency, never bundled into dist).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type Options } from 'tsup';
import config from '../tsup.config';

let outDir: string;
let code: string;
let minified: string;
let inputs: string[];

async function buildBff(options: Partial<Options>): Promise<string> {
  const builds = (Array.isArray(config) ? config : [config]) as Options[];
  const production = builds.find(
    (each) =>
      Array.isArray(each.entry) &&
      each.entry.includes('src/bff.ts') &&
      each.outDir === 'dist/production',
  );
  if (!production) throw new Error('tsup.config.ts has no production build of src/bff.ts');
  const dir = join(outDir, options.minify ? 'min' : 'plain');
  await build({
    ...production,
    ...options,
    entry: [fileURLToPath(new URL('./bff.ts', import.meta.url))],
    outDir: dir,
    clean: false,
    dts: false,
    sourcemap: false,
    silent: true,
    config: false,
  });
  return dir;
}

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'sesame-bff-bundle-'));
  const plain = await buildBff({ metafile: true });
  code = await readFile(join(plain, 'bff.js'), 'utf8');
  const meta = JSON.parse(await readFile(join(plain, 'metafile-esm.json'), 'utf8')) as {
    inputs: Record<string, unknown>;
  };
  inputs = Object.keys(meta.inputs).map((path) => path.replace(/^(.*\/)?src\//, ''));
  minified = await readFile(join(await buildBff({ minify: true }), 'bff.js'), 'utf8');
}, 60_000);
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('the built @sesame/core/bff', () => {
  it('imports nothing from oidc-client-ts (no banner, no module that needs it)', () => {
    expect(code).not.toMatch(/from\s*['"]oidc-client-ts['"]|import\s*['"]oidc-client-ts['"]/);
    expect(code).not.toContain('oidc-client-ts');
    // Self-contained: no import at all (a shared chunk of browser mode would be one).
    expect(code).not.toMatch(/^\s*import\s/m);
  });

  it("is made of the BFF client's modules and core's pure ones, never the browser-mode engine", () => {
    expect(inputs).toContain('bff-client.ts');
    expect(inputs).toContain('sign-in-policy.ts');
    expect(inputs).toContain('redirect-guard.ts');
    for (const browserOnly of [
      'client.ts',
      'oidc-adapter.ts',
      'storage.ts',
      'classify.ts',
      'fetch.ts',
      'lifecycle.ts',
      'dpop.ts',
    ]) {
      expect(inputs).not.toContain(browserOnly);
    }
  });

  it('drops developer messages in production and stays small', () => {
    expect(minified).not.toContain('Signed out after a period of inactivity');
    const gzip = gzipSync(minified, { level: 9 }).length;
    // Everything the entry exports, before an app's tree shaking (idleTimer included).
    expect(gzip).toBeLessThan(7000);
  });
});
