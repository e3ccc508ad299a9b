// The import-cycle check of `pnpm lint` (issue 16): no cycle in any package's src, type-only imports
// included. ESLint's cycle rules (import-x/no-cycle and eslint-plugin-import's) skip `import type`,
// so a type cycle would pass them; dependency-cruiser follows TypeScript's own imports before
// compilation and counts them.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Move the shared type beside its implementation, or the shared helper into a leaf module that imports nothing back.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    // `import type` counts: a type-only cycle still ties the modules together.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    // Other packages are met through their built entry points: not followed into.
    doNotFollow: { path: ['node_modules', '/dist/'] },
    exclude: { path: ['/dist/'] },
  },
};
