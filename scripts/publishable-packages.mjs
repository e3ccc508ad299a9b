// The packages a registry user installs: every packages/* with a package.json that is not private.
// Shared by `pnpm check:packages` and `pnpm pack:local`, so both always cover the same set.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @param {string} root the repository's root folder
 * @returns {{ dir: string, pkg: Record<string, any> }[]} sorted by folder name
 */
export function publishablePackages(root) {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir)
    .sort()
    .map((name) => join(packagesDir, name))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ pkg }) => !pkg.private);
}
