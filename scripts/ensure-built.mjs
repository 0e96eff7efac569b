// Builds the app (electron-vite build) when out/ is missing or older than the sources, so
// `npm run serve` and `npm run demo-data` work straight after `npm install`.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const outputs = ['out/main/cli.js', 'out/main/core-worker.js', 'out/renderer/index.html'].map((p) => join(root, p));

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) t = Math.max(t, newest(p));
    else t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

const builtAt = outputs.every(existsSync) ? Math.min(...outputs.map((p) => statSync(p).mtimeMs)) : 0;
const sourcesAt = Math.max(...['main', 'shared', 'renderer', 'preload'].map((d) => newest(join(root, d))));
if (builtAt < sourcesAt) {
  process.stderr.write('runbrain: building (electron-vite build)…\n');
  execFileSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
