// `npm run bench`: RunBrain's ingest, watcher and analysis speed beside the floors, on this machine.
// Prints numbers and ratios and a PASS/MISS summary; not a test. Each phase runs in its own child
// process so its peak RSS is its own. Options:
//   --scale F     data set size factor (default 1: 1,000,000 JSONL runs and 100,000 files)
//   --only a,b    run only these phases (floor-jsonl, ingest-jsonl, first-profile, floor-files, ingest-files,
//                 rescan, watch, profile, experiments, health, duckdb, huge-line, core-close)
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureDatasets } from './datasets.mjs';
import { HYGIENE_PHASES, hygieneArgs } from './hygiene.mjs';
import { printReport } from './report.mjs';

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..');
const ALL_PHASES = ['floor-jsonl', 'ingest-jsonl', 'first-profile', 'floor-files', 'ingest-files', 'rescan', 'watch', 'profile', 'experiments', 'health', 'duckdb', ...Object.keys(HYGIENE_PHASES)];
const PHASE_TIMEOUT_MS = 40 * 60_000;

const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' }, only: { type: 'string' } } });
const scale = Number(values.scale);
if (!(scale > 0 && scale <= 1)) {
  process.stderr.write('bench: --scale must be a number in (0, 1].\n');
  process.exit(2);
}
const phases = values.only ? values.only.split(',') : ALL_PHASES;
const unknown = phases.filter((p) => !ALL_PHASES.includes(p));
if (unknown.length) {
  process.stderr.write(`bench: unknown phase ${unknown.join(', ')}; phases are ${ALL_PHASES.join(', ')}.\n`);
  process.exit(2);
}

const log = (s) => process.stderr.write(`[bench] ${s}\n`);
const base = join(ROOT, 'bench', '.data', scale === 1 ? 'full' : `scale-${scale}`);
const tmp = join(base, 'tmp');
mkdirSync(tmp, { recursive: true });
const sizes = { jsonlRuns: Math.round(1_000_000 * scale), fileRuns: Math.round(100_000 * scale) };
const data = ensureDatasets(base, sizes, log);

const dbs = { floor: join(tmp, 'floor.db'), jsonl: join(tmp, 'ingest-jsonl.db'), files: join(tmp, 'ingest-files.db'), watch: join(tmp, 'watch.db') };
const ARGS = {
  'floor-jsonl': { root: data.jsonlRoot, db: dbs.floor },
  'ingest-jsonl': { root: data.jsonlRoot, db: dbs.jsonl },
  'first-profile': { root: data.jsonlRoot, db: join(tmp, 'first-profile.db') },
  'floor-files': { root: data.filesRoot, db: dbs.floor },
  'ingest-files': { root: data.filesRoot, db: dbs.files },
  rescan: { root: data.filesRoot, db: dbs.files },
  watch: { folder: join(tmp, 'watch-folder'), db: dbs.watch, files: 200 },
  profile: { db: dbs.jsonl },
  experiments: { db: dbs.jsonl },
  health: { db: dbs.jsonl },
  duckdb: { root: data.jsonlRoot },
  ...hygieneArgs(tmp),
};

/** Runs one phase in a fresh Node process (TypeScript sources loaded through tsx). */
function runPhase(phase) {
  return new Promise((done) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(ROOT, 'bench', 'phases.mjs'), phase, JSON.stringify(ARGS[phase])], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), PHASE_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('@@RESULT '));
      const wall = (performance.now() - t0) / 1000;
      if (!line) return done({ available: false, reason: `phase process ended (${signal ?? `exit ${code}`}) without a result`, wall_s: wall });
      done({ ...JSON.parse(line.slice('@@RESULT '.length)), wall_s: wall });
    });
  });
}

const results = {};
for (const phase of phases) {
  log(`${phase} …`);
  results[phase] = await runPhase(phase);
  const r = results[phase];
  log(`${phase}: ${r.available ? 'done' : `not available: ${r.reason}`} (${r.wall_s.toFixed(1)} s, peak RSS ${r.max_rss_mb?.toFixed(0) ?? '?'} MB)`);
}

const meta = {
  at: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length, scale,
  data: data.manifest,
};
writeFileSync(join(base, 'results.json'), JSON.stringify({ meta, results }, null, 2));
printReport(meta, results, (s) => process.stdout.write(s + '\n'));
log(`raw results: ${join(base, 'results.json')}`);
