/**
 * Electron main-process entry (out/main/index.js). Paths are resolved here, in the entry chunk,
 * so they are right whatever chunks the bundler splits the rest into.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp } from './bootstrap';

const outMain = fileURLToPath(new URL('.', import.meta.url));

void startApp({
  preloadPath: resolve(outMain, '../preload/index.cjs'),
  rendererIndex: resolve(outMain, '../renderer/index.html'),
}).catch((error: unknown) => {
  console.error('RunBrain failed to start', error);
  process.exit(1);
});
