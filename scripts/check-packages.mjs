#!/usr/bin/env node
// Checks every publishable package the way a registry user would meet it: packs it with pnpm (so
// `workspace:` ranges are rewritten), then runs publint (package.json and files) and
// @arethetypeswrong/cli with the ESM-only profile (types resolve for bundlers and Node's ESM), and
// looks inside the tarball for test code (harnesses live in the private @sesame/test-stack).
// Run after `pnpm build`. Exit code 1 when any package fails.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { publishablePackages } from './publishable-packages.mjs';

const root = new URL('..', import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), 'sesame-packs-'));

const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (file, args, cwd) =>
  execFileSync(file, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const publishable = publishablePackages(root);

/** Rules publint and attw do not cover, from DESIGN.md's conventions. */
function conventions(pkg) {
  const problems = [];
  if (pkg.type !== 'module') problems.push('"type" must be "module"');
  if (pkg.sideEffects !== false) problems.push('"sideEffects" must be false');
  const main = pkg.exports?.['.'];
  if (!main?.types || !main?.default) problems.push('exports["."] needs "types" and "default"');
  if (!pkg.files?.includes('CHANGELOG.md')) problems.push('"files" must include CHANGELOG.md');
  for (const [name, range] of Object.entries(pkg.dependencies ?? {})) {
    if (
      ['react', 'react-dom', 'oidc-client-ts', '@tanstack/react-query', 'react-router'].includes(
        name,
      )
    ) {
      problems.push(`${name} (${range}) must be a peer dependency, not a dependency`);
    }
  }
  return problems;
}

/** Test harnesses and tests by their names (see packages/test-stack and eslint.config.js). */
const TEST_CODE =
  /(^|\/)(testing|test-support|test-utils|real-stack|fake-idp|node-realm)(\/|\.|$)|\.test\.[^/]*$/;

/**
 * Test code in a packed tarball: a file whose path names a harness or a test, or a source map whose
 * sources do (a harness bundled into the build). Unpacks into `dir`.
 */
function testCodeIn(tarball, dir) {
  mkdirSync(dir);
  run('tar', ['-xzf', tarball, '-C', dir], root);
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
  const found = files.filter((file) => TEST_CODE.test(file));
  for (const map of files.filter((file) => file.endsWith('.map'))) {
    const { sources = [] } = JSON.parse(readFileSync(join(dir, map), 'utf8'));
    found.push(...sources.filter((source) => TEST_CODE.test(source)).map((s) => `${map} ← ${s}`));
  }
  return found;
}

let failed = 0;
try {
  for (const { dir, pkg } of publishable) {
    const problems = conventions(pkg);
    if (!existsSync(join(dir, 'CHANGELOG.md'))) problems.push('CHANGELOG.md is missing');
    try {
      run(bin('publint'), ['--strict', '--pack', 'pnpm'], dir);
    } catch (error) {
      problems.push(`publint:\n${error.stdout}${error.stderr}`);
    }
    const tarball = run('pnpm', ['pack', '--pack-destination', out], dir).trim().split('\n').at(-1);
    try {
      run(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii'], dir);
    } catch (error) {
      problems.push(`attw:\n${error.stdout}${error.stderr}`);
    }
    const testCode = testCodeIn(tarball, join(out, basename(tarball, '.tgz')));
    if (testCode.length) problems.push(`test code in the tarball:\n    ${testCode.join('\n    ')}`);
    if (problems.length) {
      failed++;
      console.log(`✗ ${pkg.name}\n  ${problems.join('\n  ')}`);
    } else {
      console.log(
        `✓ ${pkg.name}: publint --strict, attw (esm-only), exports/sideEffects/peers, no test code`,
      );
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
if (!publishable.length) {
  console.log('No publishable packages found.');
  failed = 1;
}
process.exit(failed ? 1 : 0);
