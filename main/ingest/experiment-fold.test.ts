/**
 * The experiments' sums kept at ingest (agg_exp) against the same sums built from a scan of the
 * runs by the engine's own code (buildAllFactorSums), and incremental against rebuild, after
 * deletes and rewrites of source files. Real files, real SQLite, the demo's experiment projects.
 */
import { mkdirSync, rmSync, writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateDemo } from '../demo/generate-demo';
import { armSumsOf, projectFactorSums } from '../engine/experiments/stored-factor-sums';
import { EXPERIMENT_FACTORS, type ProjectExperimentSums } from '../engine/experiments/stored-sums';
import { buildAllFactorSums, NO_VALUE, WEEK, type ArmSums, type FactorSums } from '../engine/experiments/sums';
import type { ExperimentRun } from '../engine/experiments/types';
import type { Store } from '../store';
import { AGGREGATE_FOLD_VERSION, aggregateRuns } from '../engine/aggregates';
import { collect } from '../test-helpers/collect';
import { DEFERRED_FOLD } from './aggregate-fold';
import { loadExperimentSums } from './experiment-fold';
import { ingestFolder } from './ingest-folder';
import { rebuildAggregates } from './rebuild-aggregates';
import { countCalls } from '../test-helpers/count-calls';
import { fixture, NOW, runLine, type Fixture } from './test-helpers';

const DEMO_NOW = Date.parse('2026-11-20T12:00:00Z');
let fx: Fixture;
beforeEach(async () => {
  fx = fixture();
});
afterEach(() => fx.cleanup());

const FIELDS = ['n', 'qa_n', 'passes', 'zero_cost', 'override_n', 'overrides'] as const;
const MOMENTS = ['cost', 'log_cost', 'duration', 'tokens', 'retries', 'rating'] as const;

function close(a: number, b: number, what: string): void {
  if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))) throw new Error(`${what}: ${a} ≠ ${b}`);
}

/** Equal sums (floats to 1e-9 relative: the order of additions differs); times only where `times`. */
function sameArm(a: ArmSums, b: ArmSums, what: string, times: boolean): void {
  for (const f of FIELDS) close(a[f], b[f], `${what}.${f}`);
  for (const m of MOMENTS) for (const k of ['n', 'sum', 'sum2'] as const) close(a[m][k], b[m][k], `${what}.${m}.${k}`);
  for (const k of ['n', 'sum_cost', 'sum_cost2', 'passes', 'sum_cost_pass'] as const) close(a.cp[k], b.cp[k], `${what}.cp.${k}`);
  if (times) expect([a.first_ms, a.last_ms], `${what} times`).toEqual([b.first_ms, b.last_ms]);
}

function sameNested(a: Map<string, Map<string, ArmSums>>, b: Map<string, Map<string, ArmSums>>, what: string): void {
  expect([...a.keys()].sort(), `${what} arms`).toEqual([...b.keys()].sort());
  for (const [arm, inner] of a) {
    const other = b.get(arm)!;
    expect([...inner.keys()].sort(), `${what} ${arm} levels`).toEqual([...other.keys()].sort());
    for (const [level, s] of inner) sameArm(s, (other.get(level))!, `${what} ${arm}/${level}`, false);
  }
}

/** The stored sums of one factor equal the engine's sums of the scanned runs. */
function sameFactor(stored: FactorSums, scanned: FactorSums, anyDated: boolean): void {
  const f = stored.factor;
  expect([...stored.arms.keys()].sort(), f).toEqual([...scanned.arms.keys()].sort());
  for (const [arm, s] of stored.arms) sameArm(s, scanned.arms.get(arm)!, `${f}=${arm}`, true);
  sameNested(stored.tasks, scanned.tasks, `${f} tasks`);
  expect(stored.runs_with_task, `${f} runs_with_task`).toBe(scanned.runs_with_task);
  const dims = [...stored.strata.keys()].filter((d) => anyDated || !d.split('×').includes(WEEK));
  expect(dims, `${f} strata`).toEqual([...scanned.strata.keys()]);
  for (const d of dims) sameNested(stored.strata.get(d)!, scanned.strata.get(d)!, `${f} by ${d}`);
}

async function scanned(store: Store, p: string): Promise<{ sums: Map<string, FactorSums>; anyDated: boolean; runs: ExperimentRun[] }> {
  const runs = (await store.experiments.runs(p)) as ExperimentRun[];
  return { sums: buildAllFactorSums([...EXPERIMENT_FACTORS], runs, [...EXPERIMENT_FACTORS]), anyDated: runs.some((r) => r.started_ms != null), runs };
}

async function expectStoredEqualsScan(store: Store): Promise<number> {
  let checked = 0;
  for (const p of await store.aggregates.projectIds()) {
    const ps = await loadExperimentSums(store.experiments, p);
    const sc = await scanned(store, p);
    expect(ps.overall[0], p).toBe(sc.runs.length);
    expect(ps.dated[0], p).toBe(sc.runs.filter((r) => r.started_ms != null).length);
    const fs = projectFactorSums(ps);
    for (const f of EXPERIMENT_FACTORS) sameFactor(fs.get(f)!, sc.sums.get(f)!, sc.anyDated);
    checked++;
  }
  return checked;
}

async function snapshot(store: Store): Promise<Map<string, ProjectExperimentSums>> {
  const out = new Map<string, ProjectExperimentSums>();
  for (const p of await store.aggregates.projectIds()) out.set(p, await loadExperimentSums(store.experiments, p));
  return out;
}

function expectSameSnapshots(a: Map<string, ProjectExperimentSums>, b: Map<string, ProjectExperimentSums>): void {
  expect([...a.keys()]).toEqual([...b.keys()]);
  for (const [p, x] of a) {
    const y = b.get(p)!;
    sameArm(armSumsOf(x.overall), armSumsOf(y.overall), `${p} overall`, true);
    sameArm(armSumsOf(x.dated), armSumsOf(y.dated), `${p} dated`, true);
    const fx2 = projectFactorSums(x);
    const fy2 = projectFactorSums(y);
    for (const f of EXPERIMENT_FACTORS) sameFactor(fx2.get(f)!, fy2.get(f)!, true);
  }
}

/** Aggregates as plain data with sorted map keys and sums to 12 significant digits (their order of additions differs). */
function comparable(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? v : Number(v.toPrecision(12));
  if (v instanceof Map) return [...v].map(([k, x]) => [k, comparable(x)]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  if (Array.isArray(v)) return v.map(comparable);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, comparable(x)]));
  return v;
}

describe('experiment sums kept at ingest', () => {
  it('equal the engine sums of the scanned runs on the demo (regression_bench, support_bot and the rest), and the rebuild', async () => {
    generateDemo(fx.root, { seed: 3, now: DEMO_NOW });
    await ingestFolder(fx.store, fx.root, { now: DEMO_NOW });
    const projects = await fx.store.aggregates.projectIds();
    expect(projects).toEqual(expect.arrayContaining(['regression_bench', 'support_bot']));
    // Pairing and strata are exercised: task cells exist.
    const rb = projectFactorSums(await loadExperimentSums(fx.store.experiments, 'regression_bench'));
    expect([...rb.values()].some((fs) => fs.tasks.size > 0)).toBe(true);
    expect(await expectStoredEqualsScan(fx.store)).toBe(projects.length);
    const incremental = await snapshot(fx.store);
    await rebuildAggregates(fx.store);
    expectSameSnapshots(incremental, await snapshot(fx.store));
  });

  it('a bulk load writes them once at its end, equal to the scan; meanwhile the stored fold version says deferred', async () => {
    generateDemo(fx.root, { seed: 3, now: DEMO_NOW });
    const writes = countCalls(fx.store.experiments, 'writeCell');
    const during: [number | null, number][] = [];
    // bulkRuns 1: the demo is a bulk load; each progress event comes between units.
    await ingestFolder(fx.store, fx.root, { now: DEMO_NOW, bulkRuns: 1, onProgress: (p) => void (p.runs_done > 0 && fx.store.aggregates.foldVersion().then((v) => during.push([v, writes.count]))) });
    expect(during.length).toBeGreaterThan(2);
    // Between units: the version says deferred and no cell is written yet.
    expect(during.slice(0, -1).every(([v, w]) => v === DEFERRED_FOLD && w === 0)).toBe(true);
    expect(await fx.store.aggregates.foldVersion()).toBe(AGGREGATE_FOLD_VERSION);
    // Then each cell once, in the last unit.
    let cells = 0;
    for (const p of await fx.store.aggregates.projectIds()) cells += (await fx.store.experiments.cells(p)).length;
    expect(writes.count).toBe(cells);
    expect(await expectStoredEqualsScan(fx.store)).toBe((await fx.store.aggregates.projectIds()).length);
  });

  it('two bulk loads at once into one store: the version says deferred until the last one ends', async () => {
    generateDemo(fx.root, { seed: 3, now: DEMO_NOW });
    const small = join(fx.dir, 'small_logs');
    mkdirSync(join(small, 'tiny'), { recursive: true });
    writeFileSync(join(small, 'tiny', 'a.jsonl'), [1, 2, 3].map((i) => runLine({ run_id: `t${i}`, project_id: 'tiny', model: 'm1' })).join('\n') + '\n');
    let bigDone = false;
    // Both are bulk loads (each starts with at most a few runs stored); read as the small one ends
    // (synchronously after its last unit), while the big one still defers.
    const atEnd: [number | null, boolean][] = [];
    const first = ingestFolder(fx.store, small, { now: DEMO_NOW, bulkRuns: 1, onProgress: async (p) => p.phase === 'idle' && atEnd.push([await fx.store.aggregates.foldVersion(), bigDone]) });
    const big = ingestFolder(fx.store, fx.root, { now: DEMO_NOW, bulkRuns: 1 }).then(() => (bigDone = true));
    await first;
    expect(atEnd).toEqual([[DEFERRED_FOLD, false]]);
    expect((await fx.store.experiments.cells('tiny')).length).toBeGreaterThan(0);
    await big;
    expect(await fx.store.aggregates.foldVersion()).toBe(AGGREGATE_FOLD_VERSION);
    expect(await expectStoredEqualsScan(fx.store)).toBe((await fx.store.aggregates.projectIds()).length);
  });

  it('stay equal after a source file is deleted and another rewritten (removals, emptied arms, lost first/last times)', async () => {
    generateDemo(fx.root, { seed: 5, now: DEMO_NOW, projects: 99 });
    await ingestFolder(fx.store, fx.root, { now: DEMO_NOW });
    const before = (await fx.store.counts()).runs;
    expect(before).toBeGreaterThan(1000);
    const files = (readdirSync(join(fx.root), { recursive: true }) as string[]).filter((f) => f.endsWith('.jsonl')).sort();
    expect(files.length).toBeGreaterThan(2);
    rmSync(join(fx.root, files[0]));
    // Rewrite: keep every other line of another file (its earliest and latest runs may go).
    const f1 = join(fx.root, files[1]);
    const lines = readFileSync(f1, 'utf8').split('\n').filter((l) => l.trim() !== '');
    writeFileSync(f1, lines.filter((_, i) => i % 2 === 1).join('\n') + '\n');
    await ingestFolder(fx.store, fx.root, { now: DEMO_NOW });
    expect((await fx.store.counts()).runs).toBeLessThan(before);
    expect(await expectStoredEqualsScan(fx.store)).toBeGreaterThan(1);
    const incremental = await snapshot(fx.store);
    await rebuildAggregates(fx.store);
    expectSameSnapshots(incremental, await snapshot(fx.store));
  });

  it('runs folded in parts before their unit ends (a long unit) keep the sums and the profile aggregates exact', async () => {
    generateDemo(fx.root, { seed: 6, now: DEMO_NOW, projects: 2 });
    // Folded every 50 runs, mid-unit: the default (FOLD_QUEUE_RUNS) is reached only by units of big loads.
    await ingestFolder(fx.store, fx.root, { now: DEMO_NOW, foldQueueRuns: 50 });
    const check = async () => {
      for (const p of await fx.store.aggregates.projectIds()) {
        expect(comparable(await fx.store.aggregates.load(p)), p).toEqual(comparable(aggregateRuns(p, await collect(fx.store.runs.factsOfProject(p)))));
      }
      return await expectStoredEqualsScan(fx.store);
    };
    expect(await check()).toBe(2);
    // Removals queue beside insertions in one unit: every other line of each file rewritten away.
    for (const f of (readdirSync(fx.root, { recursive: true }) as string[]).filter((x) => x.endsWith('.jsonl'))) {
      const lines = readFileSync(join(fx.root, f), 'utf8').split('\n').filter((l) => l.trim() !== '');
      writeFileSync(join(fx.root, f), lines.filter((_, i) => i % 2 === 0).join('\n') + '\n');
    }
    await ingestFolder(fx.store, fx.root, { now: DEMO_NOW, foldQueueRuns: 50 });
    expect(await check()).toBe(2);
  });

  it('an arm emptied by a removal disappears; one run re-added gives its exact sums back; undated-only projects keep no week', async () => {
    fx.write('p/a.jsonl', [
      runLine({ run_id: 'a1', project_id: 'p', model: 'm1', task_id: 't1', total_cost_usd: 2, started_at: '2025-10-01T10:00:00Z' }),
      runLine({ run_id: 'a2', project_id: 'p', model: 'm2', task_id: 't1', total_cost_usd: 3, started_at: '2025-10-09T10:00:00Z' }),
    ].join('\n') + '\n');
    fx.write('p/b.jsonl', runLine({ run_id: 'b1', project_id: 'p', model: 'm3', task_id: 't2', total_cost_usd: 4, started_at: '2025-10-20T10:00:00Z' }) + '\n');
    fx.write('q/c.jsonl', JSON.stringify({ run_id: 'c1', project_id: 'q', model: 'x', total_cost_usd: 1 }) + '\n');
    await ingestFolder(fx.store, fx.root, { now: NOW });
    let ps = await loadExperimentSums(fx.store.experiments, 'p');
    expect([...projectFactorSums(ps).get('model')!.arms.keys()].sort()).toEqual(['m1', 'm2', 'm3']);
    expect(armSumsOf(ps.dated).last_ms).toBe(Date.parse('2025-10-20T10:00:00Z'));
    rmSync(join(fx.root, 'p/b.jsonl'));
    await ingestFolder(fx.store, fx.root, { now: NOW });
    ps = await loadExperimentSums(fx.store.experiments, 'p');
    const model = projectFactorSums(ps).get('model')!;
    expect([...model.arms.keys()].sort()).toEqual(['m1', 'm2']);
    expect(model.tasks.get('m3')).toBeUndefined();
    expect([...model.strata.get('week')!.keys()].sort()).toEqual(['m1', 'm2']);
    // The latest run went: the project's last start is the one left, from the runs.
    expect(armSumsOf(ps.dated).last_ms).toBe(Date.parse('2025-10-09T10:00:00Z'));
    expect(armSumsOf(ps.overall).cost.sum).toBe(5);
    await expectStoredEqualsScan(fx.store);
    const q = await loadExperimentSums(fx.store.experiments, 'q');
    expect(q.dated[0]).toBe(0);
    expect(projectFactorSums(q).get('model')!.strata.get(WEEK)!.get('x')!.get(NO_VALUE)!.n).toBe(1);
  });

  it('a stale fold version is rebuilt on the next ingest, the experiments sums with it', async () => {
    fx.write('p/a.jsonl', runLine({ run_id: 'a1', project_id: 'p', model: 'm1' }) + '\n');
    await ingestFolder(fx.store, fx.root, { now: NOW });
    await fx.store.ingestUnit(async () => {
      await fx.store.experiments.deleteAll();
      await fx.store.aggregates.setFoldVersion(1);
    });
    expect(await fx.store.experiments.cells('p')).toEqual([]);
    await ingestFolder(fx.store, fx.root, { now: NOW });
    expect((await loadExperimentSums(fx.store.experiments, 'p')).overall[0]).toBe(1);
  });
});
