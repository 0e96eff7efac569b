// Benchmark data sets, generated once into bench/.data/ (gitignored) and reused while the
// manifest matches: N runs as JSONL (~435-byte canonical records with a task key and five factors) and M per-run JSON files.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

const DATA_VERSION = 4;
const DAY_MS = 86_400_000;
const END_MS = Date.parse('2025-11-01T00:00:00Z');
/** The JSONL runs all belong to one project: issue 3 §7 needs a 1,000,000-run project on the same data. */
export const BIG_PROJECT = 'bench_big';
export const FILE_PROJECTS = ['files_alpha', 'files_beta', 'files_gamma', 'files_delta'];
const JSONL_FILES = 8;

/** Small deterministic PRNG (mulberry32), so every machine benchmarks the same bytes. */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODES = ['2loop', '3loop'];
const STRATEGIES = ['baseline', 'baseline', 'aggressive_refactor', 'fast_iter'];
const MODELS = ['claude-3-5-sonnet', 'claude-3-5-sonnet', 'gpt-4o'];
const VERSIONS = ['v1.0', 'v1.1', 'v1.2'];
const RECIPES = ['saas_crud_v1', 'payment_flow_v2', 'etl_pipeline_v1'];

const iso = (ms) => new Date(ms - (ms % 1000)).toISOString().replace('.000Z', 'Z');

/** Task keys of the benchmark: every task runs under every arm, so experiments pair by task. */
const TASKS = 500;

/** One canonical run (scalar fields, a task key and test counts; ~435 bytes as a JSON line). */
export function benchRun(rand, project, i, span) {
  const started = END_MS - Math.floor(rand() * span * DAY_MS);
  const mode = MODES[(rand() * 2) | 0];
  const rounds = 1 + ((rand() * rand() * 6) | 0);
  const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const cost = Math.round(1e4 * (mode === '3loop' ? 0.8 : 1.05) * (0.55 + 0.15 * rounds) * Math.exp(0.35 * z)) / 1e4;
  const duration = Math.round(200 + rounds * 180 * (0.5 + rand())) + 0.5;
  const u = rand();
  const qa = u < 0.86 ? 'passed' : u < 0.92 ? 'warning' : 'failed';
  const tokensIn = Math.round(cost * 74000);
  return {
    run_id: `${project.slice(0, 3)}-${String(i).padStart(7, '0')}`,
    project_id: project,
    started_at: iso(started),
    duration_s: duration,
    mode,
    prompt_strategy: STRATEGIES[(rand() * 4) | 0],
    prompt_version: VERSIONS[(rand() * 3) | 0],
    model: MODELS[(rand() * 3) | 0],
    recipe: RECIPES[(rand() * 3) | 0],
    task_id: `task-${String((rand() * TASKS) | 0).padStart(3, '0')}`,
    max_rounds: 6,
    rounds_completed: rounds,
    max_cost_usd: 5,
    total_cost_usd: cost,
    tokens_in: tokensIn,
    tokens_out: Math.round(tokensIn * 0.27),
    qa_status: qa,
    status: qa === 'failed' && rand() < 0.3 ? 'failed' : 'completed',
    tests: { passed: 20 + ((rand() * 120) | 0), failed: qa === 'passed' ? 0 : 1 + ((rand() * 6) | 0) },
  };
}

function writeJsonl(root, runs) {
  const dir = join(root, BIG_PROJECT);
  mkdirSync(dir, { recursive: true });
  const rand = rng(1);
  const perFile = Math.ceil(runs / JSONL_FILES);
  let bytes = 0;
  let i = 0;
  for (let f = 0; f < JSONL_FILES && i < runs; f++) {
    const fd = openSync(join(dir, `runs-${f}.jsonl`), 'w');
    let chunk = '';
    for (let k = 0; k < perFile && i < runs; k++, i++) {
      chunk += JSON.stringify(benchRun(rand, BIG_PROJECT, i, 365)) + '\n';
      if (chunk.length > 4 << 20) {
        bytes += writeSync(fd, chunk);
        chunk = '';
      }
    }
    bytes += writeSync(fd, chunk);
    closeSync(fd);
  }
  return { runs, files: Math.min(JSONL_FILES, runs), bytes };
}

function writeFiles(root, count) {
  const rand = rng(2);
  const made = new Set();
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const project = FILE_PROJECTS[i % FILE_PROJECTS.length];
    const run = benchRun(rand, project, i, 180);
    const dir = join(root, project, run.started_at.slice(0, 7));
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    const text = JSON.stringify(run, null, 2) + '\n';
    writeFileSync(join(dir, `run_${run.run_id}.json`), text);
    bytes += Buffer.byteLength(text);
  }
  return { runs: count, files: count, bytes };
}

/** Makes sure both data sets exist under `base` at the requested sizes; returns their manifest. */
export function ensureDatasets(base, { jsonlRuns, fileRuns }, log) {
  const manifestPath = join(base, 'manifest.json');
  let manifest = null;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch {
    manifest = null;
  }
  const jsonlRoot = join(base, 'jsonl');
  const filesRoot = join(base, 'files');
  const ok = (m, key, runs, root) => m && m.version === DATA_VERSION && m[key]?.runs === runs && existsSync(root);
  const next = { version: DATA_VERSION, jsonl: manifest?.jsonl, files: manifest?.files };
  if (!ok(manifest, 'jsonl', jsonlRuns, jsonlRoot)) {
    log(`generating ${jsonlRuns.toLocaleString('en-US')} JSONL runs into ${jsonlRoot} …`);
    rmSync(jsonlRoot, { recursive: true, force: true });
    const t0 = performance.now();
    next.jsonl = { ...writeJsonl(jsonlRoot, jsonlRuns), seconds: (performance.now() - t0) / 1000 };
    writeFileSync(manifestPath, JSON.stringify(next, null, 2));
  }
  if (!ok(manifest, 'files', fileRuns, filesRoot)) {
    log(`generating ${fileRuns.toLocaleString('en-US')} per-run JSON files into ${filesRoot} …`);
    rmSync(filesRoot, { recursive: true, force: true });
    const t0 = performance.now();
    next.files = { ...writeFiles(filesRoot, fileRuns), seconds: (performance.now() - t0) / 1000 };
    writeFileSync(manifestPath, JSON.stringify(next, null, 2));
  }
  return { jsonlRoot, filesRoot, manifest: next };
}
