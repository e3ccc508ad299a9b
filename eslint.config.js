// One lint setup for the whole repository; packages run `eslint .` and find this file.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import noImportOutOfPackage from './scripts/eslint/no-import-out-of-package.js';

// Package boundaries (see packages/test-stack/README.md). Apps meet over HTTP: no library or app
// source imports an app; tests reach the apps through @sesame/test-stack, which only tests import.
const sources = ['packages/*/src/**/*.{ts,tsx}', 'apps/*/src/**/*.{ts,tsx}'];
const testFiles = [
  '**/*.test.{ts,tsx}',
  '**/test-support.{ts,tsx}',
  '**/test-support/**',
  '**/test-utils.{ts,tsx}',
  '**/src/testing/**',
];
// One exception: @sesame/bank-api/resource-server, the bank API's token checks as a library entry, which
// the investments API imports so that both resource servers apply one copy of the rules.
const noApps = {
  regex: '^@sesame/((idp|bank-dashboard|invest-api)(/|$)|bank-api(?!/resource-server$)(/|$))',
  message:
    'An app is never imported: tests start it through @sesame/test-stack, code meets it over HTTP.',
};
const noTestCode = [
  {
    regex: '^@sesame/test-stack(/|$)',
    message: '@sesame/test-stack is for tests (*.test.ts[x]) and their helpers.',
  },
  {
    regex: '^\\.{1,2}/(.*/)?(testing|test-support|test-utils)(/|\\.|$)',
    message: 'A test helper is for tests only; shipped code must not import it.',
  },
];
/** The same bans for dynamic `import()`, which no-restricted-imports does not see. */
const noDynamicImport = (patterns) =>
  patterns.map(({ regex, message }) => ({
    // esquery's regex literals cannot hold a slash: spell it \x2F.
    selector: `ImportExpression > Literal[value=/${regex.replaceAll('/', '\\x2F')}/]`,
    message,
  }));

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/coverage/**',
      '**/.turbo/**',
      '**/test-results/**',
      '**/playwright-report/**',
      'e2e/artifacts/**',
      'docs/api/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Command-line entries, scripts, benchmarks and tests print on purpose.
    files: [
      '**/cli.ts',
      '**/bin/**',
      'scripts/**',
      'bench/**',
      '**/*.test.ts',
      '**/*.test.tsx',
      'e2e/**',
      'interop/*/harness/**',
      'interop/*/tests/**',
    ],
    rules: { 'no-console': 'off' },
  },
  {
    // Playwright fixtures call a function named `use`, which is not React's hook.
    files: ['e2e/**', 'interop/*/harness/**', 'interop/*/tests/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off', 'no-empty-pattern': 'off' },
  },
  {
    files: sources,
    plugins: { sesame: { rules: { 'no-import-out-of-package': noImportOutOfPackage } } },
    rules: { 'sesame/no-import-out-of-package': 'error' },
  },
  {
    // The harness package is the one place that starts the apps.
    files: sources,
    ignores: ['packages/test-stack/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noApps] }],
      'no-restricted-syntax': ['error', ...noDynamicImport([noApps])],
    },
  },
  {
    files: sources,
    ignores: ['packages/test-stack/**', ...testFiles],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noApps, ...noTestCode] }],
      'no-restricted-syntax': ['error', ...noDynamicImport([noApps, ...noTestCode])],
    },
  },
);
