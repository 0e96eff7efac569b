/**
 * The lint config for snippets linted at made-up paths (the boundary fixtures): they are not in
 * the TypeScript project, so the type-aware rules of eslint.config.js (floating promises) are off.
 */
import type { Linter } from 'eslint';

export const UNTYPED: Linter.Config = {
  languageOptions: { parserOptions: { project: null } },
  rules: {
    '@typescript-eslint/no-floating-promises': 'off',
    '@typescript-eslint/await-thenable': 'off',
    '@typescript-eslint/no-misused-promises': 'off',
  },
};
