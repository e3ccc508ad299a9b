// ESLint rule: a relative import stays inside the importing file's own package (the nearest folder
// with a package.json). `../../core/src/...` reaches past another package's exports map and build, and
// ties two packages' files together where only their names should: import the package by its name
// (shared test harnesses: @sesame/test-stack). Checks imports, re-exports and dynamic `import()`.
import { existsSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';

function packageRoot(file) {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(resolve(dir, 'package.json'))) return dir;
  }
  return undefined;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid relative imports that leave the importing file’s package' },
    schema: [],
    messages: {
      leaves:
        "'{{source}}' leaves this package: import the other package by its name (test harnesses: @sesame/test-stack).",
    },
  },
  create(context) {
    const root = packageRoot(context.filename);
    if (root === undefined) return {};
    const check = (node) => {
      const source = node.source?.type === 'Literal' ? node.source.value : undefined;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = resolve(dirname(context.filename), source);
      if (target !== root && !target.startsWith(root + sep)) {
        context.report({ node: node.source, messageId: 'leaves', data: { source } });
      }
    };
    return {
      ImportDeclaration: check,
      ExportAllDeclaration: check,
      ExportNamedDeclaration: check,
      ImportExpression: check,
    };
  },
};
