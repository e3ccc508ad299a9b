#!/usr/bin/env node
// Run first by an example's build, dev and e2e scripts (`node ../../scripts/build-dependencies.mjs
// && vite build`): builds the workspace packages the current package depends on, so that
// `pnpm --filter <example> <script>` works from a fresh clone, where no package has a dist yet.
// Turbo reuses what is already built (about a second when nothing changed). Under turbo itself
// (`pnpm build`, `pnpm test:all`) the task graph has built them already (`dependsOn: ["^build"]`),
// and a nested turbo would rewrite outputs other tasks may be reading: it does nothing then.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

if (process.env.TURBO_HASH) process.exit(0);

const { name } = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8'));
const root = new URL('..', import.meta.url).pathname;
try {
  execFileSync(
    'pnpm',
    ['exec', 'turbo', 'run', 'build', `--filter=${name}^...`, '--output-logs=errors-only'],
    { cwd: root, stdio: 'inherit' },
  );
} catch {
  console.error(`Building the packages ${name} depends on failed (see above).`);
  process.exit(1);
}
