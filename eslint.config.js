import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import runbrain from './scripts/lint/import-boundary.js';

const SQLITE_PATHS = [{ name: 'better-sqlite3', message: 'Only main/store talks to SQLite: use the Store interfaces (main/store/index.ts).' }];
/** Anything under a store/ folder but its index (main/store/index.ts is the store's public face). */
const STORE_INTERNALS = [{
  group: ['**/store/*', '!**/store/index', '!**/store/index.js'],
  message: 'Import the store through main/store (its index): its other modules, the Db handle and SQL stay inside.',
}];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.electron-native/**', 'bench/.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks, runbrain },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The page talks to the app only through the bridge: no main/, preload/, Node or electron.
      'runbrain/import-boundary': ['error', { denyDirs: ['main', 'preload'], denyNodeBuiltins: true, denyPackages: ['electron'] }],
    },
  },
  {
    // The store's boundary is asynchronous (main/store/async-boundary.ts): a store call left
    // un-awaited would commit outside its unit or lose its error, and awaiting a plain value hides
    // a missing conversion. Type-aware, so on main/ only.
    files: ['main/**/*.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.node.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    // shared/ is loaded by every process: its own modules and zod only.
    files: ['shared/**/*.ts'],
    plugins: { runbrain },
    rules: {
      'runbrain/import-boundary': ['error', { allowDirs: ['shared'], allowPackages: ['zod'], testPackages: ['vitest'] }],
    },
  },
  {
    // The engine is pure analysis: shared types, its own modules and the stats packages.
    files: ['main/engine/**/*.ts'],
    plugins: { runbrain },
    rules: {
      'runbrain/import-boundary': ['error', { allowDirs: ['main/engine', 'shared'], allowPackages: ['@stdlib/*'], testPackages: ['vitest'] }],
    },
  },
  {
    // Only the Electron shell may load electron: requiring it elsewhere triggers its binary download.
    // Only main/store may load the SQLite driver or the store's own modules: the rest of the app
    // goes through the interfaces of main/store/index.ts (enforced with SQL text by main/store/boundary.test.ts).
    files: ['main/**/*.ts'],
    ignores: ['main/app/**', 'main/store/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron', ...SQLITE_PATHS], patterns: STORE_INTERNALS }] },
  },
  {
    files: ['main/app/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: SQLITE_PATHS, patterns: STORE_INTERNALS }] },
  },
  {
    // The store persists; it does no analysis: nothing from the engine (its tests may use it as a reference).
    files: ['main/store/**/*.ts'],
    ignores: ['main/store/**/*.test.ts'],
    plugins: { runbrain },
    rules: {
      'no-restricted-imports': ['error', { paths: ['electron'] }],
      'runbrain/import-boundary': ['error', { denyDirs: ['main/engine', 'main/ingest', 'main/core', 'main/config', 'main/cli', 'main/server', 'main/app'] }],
    },
  },
);
