import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{main,shared,preload,renderer}/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts', 'e2e/*.test.ts'],
    environment: 'node',
    globalSetup: ['scripts/test-temp-root.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
