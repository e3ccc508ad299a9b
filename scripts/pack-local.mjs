#!/usr/bin/env node
// `pnpm pack:local [folder]`: until the packages are on the registry, builds every publishable
// package and packs it into one folder (default `.packed/`, git-ignored), the way `pnpm publish`
// would ship it: `workspace:` ranges become real versions. Prints the `npm install` line for
// another project. Exit code 1 when a build or a pack fails.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { publishablePackages } from './publishable-packages.mjs';

const root = new URL('..', import.meta.url).pathname;
const out = resolve(process.cwd(), process.argv[2] ?? join(root, '.packed'));
const packages = publishablePackages(root);

const run = (file, args, cwd) =>
  execFileSync(file, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

// Turbo builds each package after its dependencies, and reuses what is already built. Inside a
// turbo task (compat/packed-install's test) the task graph built them already, and a nested turbo
// would rewrite outputs that other tasks may be reading at that moment.
if (!process.env.TURBO_HASH) {
  run(
    'pnpm',
    [
      'exec',
      'turbo',
      'run',
      'build',
      '--output-logs=errors-only',
      ...packages.map(({ pkg }) => `--filter=${pkg.name}`),
    ],
    root,
  );
}

mkdirSync(out, { recursive: true });
for (const file of readdirSync(out)) if (file.endsWith('.tgz')) rmSync(join(out, file));
const tarballs = new Map(
  packages.map(({ dir, pkg }) => [
    pkg.name,
    run('pnpm', ['pack', '--pack-destination', out], dir).trim().split('\n').at(-1),
  ]),
);

console.log(`Packed ${tarballs.size} packages into ${out}:`);
for (const tarball of tarballs.values()) console.log(`  ${tarball}`);
// The others name @sesame/core (and @sesame/react) as dependencies or peers: their tarballs must
// be in the same install, or npm looks for them on the registry, where they are not yet.
const quickStart = ['@sesame/core', '@sesame/react'].map((name) => tarballs.get(name));
console.log('\nIn a React app, the quick start (add the other tarballs you use to the same line):');
console.log(`  npm install ${quickStart.join(' ')} oidc-client-ts`);
