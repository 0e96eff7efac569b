// One benchmark phase per child process (`node --expose-gc --import tsx bench/phases.mjs <phase> <json>`),
// so each phase's peak RSS is its own. Prints one `@@RESULT {json}` line; never throws past main().
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { duckdbProfile } from './duckdb-peer.mjs';
import { floorFiles, floorJsonl } from './floor.mjs';
import { BIG_PROJECT } from './datasets.mjs';
import { HYGIENE_PHASES } from './hygiene.mjs';

const src = (p) => new URL(`../${p}`, import.meta.url).href;

/** Imports RunBrain's modules from source (tsx) and says which parts are missing. */
async function loadRunBrain(need) {
  const mods = {};
  const missing = [];
  const tryImport = async (key, path, names) => {
    try {
      const m = await import(src(path));
      for (const n of names) if (typeof m[n] !== 'function') missing.push(`${path} does not export ${n}()`);
      mods[key] = m;
    } catch (err) {
      missing.push(err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes(path) ? `${path} does not exist yet` : `${path}: ${String(err?.message ?? err).split('\n')[0]}`);
    }
  };
  if (need.includes('db')) await tryImport('db', 'main/store/index.ts', ['openStore']);
  if (need.includes('ingest')) await tryImport('ingest', 'main/ingest/index.ts', need.includes('watch') ? ['ingestFolder', 'watchFolder'] : ['ingestFolder']);
  if (need.includes('engine')) {
    await tryImport('profile', 'main/engine/profile.ts', ['buildProfile']);
    await tryImport('analysis', 'main/core/analysis.ts', ['analyzeProject']);
    await tryImport('domain', 'shared/domain.ts', []);
  }
  if (need.includes('demo')) await tryImport('demo', 'main/demo/generate-demo.ts', ['generateDemo']);
  return { mods, missing };
}

function freshDbFile(file) {
  mkdirSync(resolve(file, '..'), { recursive: true });
  for (const s of ['', '-wal', '-shm']) rmSync(file + s, { force: true });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function ingestPhase(args) {
  const { mods, missing } = await loadRunBrain(['db', 'ingest']);
  if (missing.length) return { available: false, reason: missing.join('; ') };
  freshDbFile(args.db);
  const store = mods.db.openStore(args.db);
  let progressCalls = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await mods.ingest.ingestFolder(store, args.root, { now: Date.now(), onProgress: () => progressCalls++ });
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const { runs, quarantined } = await store.counts();
  await store.close();
  return { available: true, seconds, cpu_s: (c.user + c.system) / 1e6, runs, quarantined, progress_calls: progressCalls };
}

/**
 * Issue 7 §6: a cold first ingest with the provisional fold on (worker threads folding the JSONL
 * byte ranges while the ingest stores the rows): time to the provisional profile (built from the
 * merged aggregates), the ingest's total, and the provisional numbers against the stored ones.
 */
async function firstProfilePhase(args) {
  const { mods, missing } = await loadRunBrain(['db', 'ingest', 'engine']);
  if (missing.length) return { available: false, reason: missing.join('; ') };
  // The app starts the built worker (out/main); from sources it would boot tsx in every worker first.
  const built = resolve(new URL('..', import.meta.url).pathname, 'out', 'main', 'range-fold-worker.js');
  const builtWorker = existsSync(built);
  if (builtWorker) process.env.RUNBRAIN_RANGE_FOLD_WORKER = built;
  freshDbFile(args.db);
  const store = mods.db.openStore(args.db);
  const opts = { min_runs_for_recommendations: 5 };
  let first = null;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await mods.ingest.ingestFolder(store, args.root, {
    now: Date.now(),
    onProvisional: (p) => {
      const agg = p.aggregates.find((a) => a.project_id === BIG_PROJECT);
      const profile = agg ? mods.profile.buildProfile(agg, opts) : null;
      const c = process.cpuUsage(c0);
      first = { seconds: (performance.now() - t0) / 1000, cpu_s: (c.user + c.system) / 1e6, runs: p.runs, runs_stored: p.runs_stored, profile };
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const stored = (await store.aggregates.load(BIG_PROJECT));
  const final = stored ? mods.profile.buildProfile(stored, opts) : null;
  const { runs } = await store.counts();
  await store.close();
  if (!first) return { available: false, reason: `no provisional profile before the ingest finished (${seconds.toFixed(2)} s)` };
  const rel = (a, b) => (a == null || b == null ? null : Math.abs(a - b) / Math.max(1e-12, Math.abs(b)));
  const keys = ['avg_cost', 'median_cost', 'p95_cost', 'overall_qa_pass_rate', 'cost_per_passed_run'];
  const diffs = keys.map((k) => rel(first.profile?.[k], final?.[k])).filter((d) => d != null);
  return {
    available: true, built_worker: builtWorker, ...(await import(src('main/ingest/provisional-fold.ts'))).defaultFoldPlan(), first_s: first.seconds, first_cpu_s: first.cpu_s, provisional_runs: first.runs, runs_stored_then: first.runs_stored,
    ingest_s: seconds, ingest_cpu_s: (c.user + c.system) / 1e6, runs, same_count: first.profile?.runs_count === final?.runs_count, max_rel_diff: diffs.length ? Math.max(...diffs) : null,
  };
}

async function rescanPhase(args) {
  const { mods, missing } = await loadRunBrain(['db', 'ingest']);
  if (missing.length) return { available: false, reason: missing.join('; ') };
  const store = mods.db.openStore(args.db);
  const before = (await store.counts()).runs;
  if (!before) return { available: false, reason: 'the 100k-file database is empty (ingest-files phase failed?)' };
  const times = [];
  const cpu = [];
  for (let i = 0; i < 5; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await mods.ingest.ingestFolder(store, args.root, { now: Date.now(), onProgress: () => {} });
    times.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
  }
  const after = (await store.counts()).runs;
  await store.close();
  return {
    available: true, first_s: times[0], first_cpu_s: cpu[0], median_s: median(times), median_cpu_s: median(cpu), times_s: times,
    runs_before: before, runs_after: after,
  };
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function watchPhase(args) {
  const { mods, missing } = await loadRunBrain(['db', 'ingest', 'watch', 'demo']);
  if (missing.length) return { available: false, reason: missing.join('; ') };
  const folder = args.folder;
  rmSync(folder, { recursive: true, force: true });
  mods.demo.generateDemo(folder, { seed: 5, projects: 2, runsPerProject: 200, now: Date.parse('2025-11-01T00:00:00Z') });
  freshDbFile(args.db);
  const store = mods.db.openStore(args.db);
  await mods.ingest.ingestFolder(store, folder, { now: Date.now() });

  let waiter = null;
  const stored = { get: async (project, runId) => (await store.runs.get(project, runId)) != null };
  // Default settle/debounce timings: the latency the app really has. `now` is left to the wall clock.
  const watcher = await mods.ingest.watchFolder(store, folder, {
    onChange: (result) => {
      const w = waiter;
      if (w && (result?.changedProjects ?? []).includes(w.project)) void stored.get(w.project, w.runId).then((ok) => ok && w.done(performance.now()));
    },
  });
  const t0 = performance.now();
  await watcher.ready;
  const readyS = (performance.now() - t0) / 1000;

  const latencies = [];
  let timeouts = 0;
  const dir = join(folder, 'watch_live', '2025-11');
  mkdirSync(dir, { recursive: true });
  const template = { project_id: 'watch_live', mode: '3loop', prompt_strategy: 'baseline', model: 'gpt-4o', max_rounds: 5, rounds_completed: 2, max_cost_usd: 3, total_cost_usd: 0.91, qa_status: 'passed', status: 'completed' };
  for (let i = 0; i < args.files; i++) {
    const runId = `live-${String(i).padStart(4, '0')}`;
    const body = JSON.stringify({ ...template, run_id: runId, started_at: new Date(Date.now() - 60_000).toISOString() }, null, 2);
    const done = new Promise((res) => {
      const timer = setTimeout(() => res(null), 5000);
      waiter = { project: 'watch_live', runId, done: (t) => { clearTimeout(timer); res(t); } };
    });
    const start = performance.now();
    writeFileSync(join(dir, `run_${runId}.json`), body);
    const end = await done;
    waiter = null;
    if (end == null) timeouts++;
    else latencies.push(end - start);
    await new Promise((r) => setTimeout(r, 15));
  }
  await watcher.close();
  const runs = (await store.runs.list({ project_id: 'watch_live', limit: 1 })).total;
  await store.close();
  rmSync(folder, { recursive: true, force: true });
  return { available: true, ready_s: readyS, samples: latencies.length, timeouts, p50_ms: pct(latencies, 50), p95_ms: pct(latencies, 95), max_ms: Math.max(...latencies), stored: runs };
}

async function profilePhase(args) {
  const tImport = performance.now();
  const { mods, missing } = await loadRunBrain(['db', 'engine']);
  if (missing.length) return { available: false, reason: missing.join('; ') };
  const importS = (performance.now() - tImport) / 1000;
  const tuning = { ...(mods.domain.DEFAULT_TUNING ?? { enabled: false, apply_safely: true, min_runs_for_recommendations: 5, confidence_threshold: 'medium' }) };
  // The app's path: profile, the experiments from the sums kept at ingest, and the recommendations
  // (no config linked: the latest run's values are the current ones).
  const analyse = async (store) => {
    const a = await mods.analysis.analyzeProject(store, BIG_PROJECT, null, tuning);
    return { profile: a.profile, recs: a.recommendations };
  };

  // Cold: first open of the database and first analysis in this fresh process.
  const c0 = process.cpuUsage();
  let t0 = performance.now();
  const store = mods.db.openStore(args.db);
  const first = await analyse(store);
  const coldS = (performance.now() - t0) / 1000;
  const cc = process.cpuUsage(c0);
  const runsCount = first.profile.runs_count;

  const warm = [];
  const warmCpu = [];
  for (let i = 0; i < 15; i++) {
    const w0 = process.cpuUsage();
    t0 = performance.now();
    await analyse(store);
    warm.push(performance.now() - t0);
    const w = process.cpuUsage(w0);
    warmCpu.push((w.user + w.system) / 1000);
  }

  await store.close();
  // The SQL floor on the same data: one GROUP BY over the project's runs (the bench's own connection).
  const db = new Database(args.db, { readonly: true });
  const groupBy = db.prepare('SELECT project_id, mode, COUNT(*), AVG(total_cost_usd), MIN(total_cost_usd), MAX(total_cost_usd), AVG(rounds_completed) FROM runs WHERE project_id = ? GROUP BY project_id, mode');
  const sql = [];
  for (let i = 0; i < 3; i++) {
    t0 = performance.now();
    groupBy.all(BIG_PROJECT);
    sql.push(performance.now() - t0);
  }
  db.close();
  return {
    available: true, runs: runsCount, import_s: importS, cold_s: coldS, cold_cpu_s: (cc.user + cc.system) / 1e6, warm_ms: pct(warm, 50), warm_cpu_ms: pct(warmCpu, 50), warm_max_ms: Math.max(...warm),
    groupby_first_ms: sql[0], groupby_ms: pct(sql, 50), recommendations: first.recs.recommendations?.map((r) => `${r.category}:${r.current_value}→${r.recommended_value}`) ?? [],
  };
}

/** Times `fn` once cold (fresh process, first call) and `n` times warm; medians of wall and CPU. */
async function timed(fn, n) {
  const c0 = process.cpuUsage();
  let t0 = performance.now();
  const first = await fn();
  const coldMs = performance.now() - t0;
  const cc = process.cpuUsage(c0);
  const warm = [];
  const warmCpu = [];
  for (let i = 0; i < n; i++) {
    const w0 = process.cpuUsage();
    t0 = performance.now();
    await fn();
    warm.push(performance.now() - t0);
    const w = process.cpuUsage(w0);
    warmCpu.push((w.user + w.system) / 1000);
  }
  return { first, cold_ms: coldMs, cold_cpu_ms: (cc.user + cc.system) / 1000, warm_ms: pct(warm, 50), warm_cpu_ms: pct(warmCpu, 50), warm_max_ms: Math.max(...warm) };
}

/** All experiments of the big project from the sums kept at ingest, beside the scan of its runs. */
async function experimentsPhase(args) {
  let core;
  let db;
  try {
    core = await import(src('main/core/experiments.ts'));
    db = await import(src('main/store/index.ts'));
  } catch (err) {
    return { available: false, reason: String(err?.message ?? err).split('\n')[0] };
  }
  const store = db.openStore(args.db);
  const run = () => core.projectExperiments(store, BIG_PROJECT, null);
  const stored = await timed(run, 5);
  if (stored.first.source !== 'stored') return { available: false, reason: `the sums were not kept (source ${stored.first.source})` };
  // While a bulk load defers the kept sums, the app folds the runs into sums batch by batch.
  const folded = await timed(() => core.projectExperiments(store, BIG_PROJECT, null, undefined, { source: 'folded' }), 0);
  // The app's paths end here: their peak, before the reference scan that reads every run whole.
  const appRss = process.resourceUsage().maxRSS / 1024;
  const scan = await timed(() => core.projectExperiments(store, BIG_PROJECT, null, undefined, { source: 'scan' }), 1);
  const e = stored.first.experiments;
  const rows = e.flatMap((x) => x.variants);
  const runs = (await store.aggregates.load(BIG_PROJECT))?.overall.n ?? 0;
  await store.close();
  return {
    available: true, runs, experiments: e.length,
    paired_variants: rows.filter((v) => (v.paired_n ?? 0) > 0).length, stratified_variants: rows.filter((v) => v.stratified != null).length,
    cold_ms: stored.cold_ms, warm_ms: stored.warm_ms, warm_cpu_ms: stored.warm_cpu_ms, warm_max_ms: stored.warm_max_ms,
    scan_ms: scan.cold_ms, scan_warm_ms: scan.warm_ms, folded_ms: folded.cold_ms, folded_cpu_ms: folded.cold_cpu_ms, app_max_rss_mb: appRss,
  };
}

/** Health of the big project from the daily buckets kept at ingest, beside the fold of its whole history. */
async function healthPhase(args) {
  let core;
  let db;
  let records;
  try {
    core = await import(src('main/core/health.ts'));
    db = await import(src('main/store/index.ts'));
    records = await import(src('main/core/recent-records.ts'));
  } catch (err) {
    return { available: false, reason: String(err?.message ?? err).split('\n')[0] };
  }
  const store = db.openStore(args.db);
  const now = Date.parse('2025-11-01T00:00:00Z');
  const kept = await timed(() => core.projectHealth(store, BIG_PROJECT, now), 5);
  const buckets = await timed(() => core.healthDailyBuckets(store, BIG_PROJECT), 5);
  // The part of a recompute that reads the recent runs' records back (error patterns, agents).
  const recs = await timed(() => records.recentRecords(store, BIG_PROJECT, 2000), 3);
  // The app's path ends here: its peak, before the reference fold of the whole history (not the app's path).
  const appRss = process.resourceUsage().maxRSS / 1024;
  const fold = await timed(() => core.foldedDailyBuckets(store, BIG_PROJECT), 0);
  const runs = (await store.aggregates.load(BIG_PROJECT))?.overall.n ?? 0;
  await store.close();
  return {
    available: true, runs, cold_ms: kept.cold_ms, warm_ms: kept.warm_ms, warm_cpu_ms: kept.warm_cpu_ms, warm_max_ms: kept.warm_max_ms,
    buckets_warm_ms: buckets.warm_ms, records_warm_ms: recs.warm_ms, fold_ms: fold.cold_ms, app_max_rss_mb: appRss,
  };
}

const PHASES = {
  experiments: experimentsPhase,
  health: healthPhase,
  'floor-jsonl': (a) => ({ available: true, ...floorJsonl(a.root, a.db, BIG_PROJECT) }),
  'floor-files': (a) => ({ available: true, ...floorFiles(a.root, a.db) }),
  'ingest-jsonl': ingestPhase,
  'ingest-files': ingestPhase,
  'first-profile': firstProfilePhase,
  rescan: rescanPhase,
  watch: watchPhase,
  profile: profilePhase,
  duckdb: (a) => duckdbProfile(a.root, (s) => process.stderr.write(`[bench] ${s}\n`)),
  ...HYGIENE_PHASES,
};

async function main() {
  const [phase, json] = process.argv.slice(2);
  const args = JSON.parse(json ?? '{}');
  let result;
  const load0 = loadavg()[0];
  try {
    if (!PHASES[phase]) throw new Error(`unknown phase ${phase}`);
    result = await PHASES[phase](args);
  } catch (err) {
    result = { available: false, reason: `failed: ${String(err?.stack ?? err).split('\n').slice(0, 3).join(' | ')}` };
  }
  // Other processes on this shared machine distort wall times: record how busy it was.
  result.loadavg = [load0, loadavg()[0]];
  // maxRSS is in KiB: this process's peak, unpolluted by the other phases.
  result.max_rss_mb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`@@RESULT ${JSON.stringify(result)}\n`);
  // Watchers or worker threads left behind must not keep the phase alive.
  process.exit(0);
}

await main();
