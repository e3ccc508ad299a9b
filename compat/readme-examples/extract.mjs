// Writes the first ts/tsx code block of each published package's README to
// generated/<package>.tsx, where `tsc` checks it against the built packages' declarations, as an
// app would see them.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const packages = new URL('../../packages/', import.meta.url).pathname;
const out = new URL('./generated/', import.meta.url).pathname;
rmSync(out, { recursive: true, force: true });
mkdirSync(out);

let count = 0;
for (const name of readdirSync(packages)) {
  const readme = join(packages, name, 'README.md');
  if (!existsSync(readme)) continue;
  // A private package (@sesame/test-stack) is nobody's dependency outside this repository.
  const manifest = join(packages, name, 'package.json');
  if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).private) continue;
  const block = /```tsx?\n([\s\S]*?)```/.exec(readFileSync(readme, 'utf8'))?.[1];
  if (!block) {
    console.error(`packages/${name}/README.md has no ts/tsx example.`);
    process.exit(1);
  }
  // Each example is its own module, so top-level names do not collide.
  writeFileSync(join(out, `${name}.tsx`), `${block}\nexport {};\n`);
  count++;
}
console.log(`${count} README examples extracted`);
