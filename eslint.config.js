import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import runbrain from './scripts/lint/import-boundary.js';

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
    files: ['main/**/*.ts'],
    ignores: ['main/app/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron'] }] },
  },
);
