/**
 * End-to-end tests. Browser specs (e2e/*.spec.ts) drive `runbrain serve` in Debian's Chromium;
 * e2e/electron/** drives the desktop shell where an Electron binary exists (skipped otherwise).
 * `npm run build` must have run first: the fixtures start the built `bin/runbrain.js`.
 */
import { defineConfig } from '@playwright/test';
import { chromiumPath } from './e2e/chromium';

const CI = !!process.env.CI;

/** Flags that work as root in a container and keep Chromium off the (closed) network. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'e2e',
  // Fails in one sentence, with how to install it, when Chromium is missing.
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results',
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  // One worker: a parallel 100k ingest would distort the latency the specs report.
  workers: 1,
  fullyParallel: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // The whole e2e run must stay well inside CI's budget.
  globalTimeout: 5 * 60_000,
  reporter: CI ? [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]] : [['list']],
  use: {
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
  },
  projects: [
    {
      name: 'chromium',
      testMatch: '*.spec.ts',
      testIgnore: '**/electron/**',
      use: {
        browserName: 'chromium',
        headless: true,
        viewport: { width: 1440, height: 900 },
        launchOptions: {
          executablePath: chromiumPath(),
          args: CHROMIUM_ARGS,
        },
      },
    },
    {
      name: 'electron',
      testDir: 'e2e/electron',
      testMatch: '**/*.spec.ts',
    },
  ],
});
