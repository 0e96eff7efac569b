/**
 * Health's daily buckets kept at ingest (agg_health) against the fold of the whole history from
 * the runs (core/health.ts foldedDailyBuckets), and incremental against rebuild, after a source
 * file is deleted and another rewritten. Real files, real SQLite, the demo's projects.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { foldedDailyBuckets, healthDailyBuckets } from '../core/health';
import { generateDemo } from '../demo/generate-demo';
import { BUCKET_METRICS, type DailyBucket } from '../engine/health/daily-buckets';
import type { ScopedBuckets } from '../engine/health/types';
import type { Store } from '../store';
import { ingestFolder } from './ingest-folder';
import { rebuildAggregates } from './rebuild-aggregates';
import { countCalls } from '../test-helpers/count-calls';
import { fixture, type Fixture } from './test-helpers';

const DEMO_NOW = Date.parse('2026-11-20T12:00:00Z');
let fx: Fixture;
beforeEach(async () => {
  fx = fixture();
});
afterEach(() => fx.cleanup());

function close(a: number, b: number, what: string): void {
  if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))) throw new Error(`${what}: ${a} ≠ ${b}`);
}

function sameBucket(a: DailyBucket, b: DailyBucket, what: string): void {
  expect([a.day, a.n, a.qa_n, a.passes, a.errors], what).toEqual([b.day, b.n, b.qa_n, b.passes, b.errors]);
  for (const m of BUCKET_METRICS) {
    for (const k of ['n', 'log_n'] as const) expect(a[m][k], `${what} ${m}.${k}`).toBe(b[m][k]);
    for (const k of ['sum', 'sum2', 'sum_log', 'sum_log2'] as const) close(a[m][k], b[m][k], `${what} ${m}.${k}`);
    expect(a[m].bins, `${what} ${m} bins`).toEqual(b[m].bins);
  }
}

function sorted(l: readonly ScopedBuckets[]): ScopedBuckets[] {
  return [...l].sort((a, b) => `${a.scope}/${a.value}`.localeCompare(`${b.scope}/${b.value}`));
}

async function expectKeptEqualsFold(store: Store): Promise<number> {
  let n = 0;
  for (const p of await store.aggregates.projectIds()) {
    const kept = sorted(await healthDailyBuckets(store, p));
    const folded = sorted(await foldedDailyBuckets(store, p));
    expect(kept.map((s) => `${s.scope}/${s.value}`), p).toEqual(folded.map((s) => `${s.scope}/${s.value}`));
    kept.forEach((s, i) => {
      const f = folded[i];
      expect(s.buckets.map((b) => b.day), `${p} ${s.scope}/${s.value}`).toEqual(f.buckets.map((b) => b.day));
      s.buckets.forEach((b, j) => sameBucket(b, f.buckets[j], `${p} ${s.scope}/${s.value} ${b.day}`));
      sameBucket(s.total!, f.total!, `${p} ${s.scope}/${s.value} total`);
    });
    n++;
  }
  return n;
}

describe('health daily buckets kept at ingest', () => {
  it('a bulk load writes them once at its end, equal to the fold of the whole history', async () => {
    generateDemo(fx.root, { seed: 4, now: DEMO_NOW });
    const writes = countCalls(fx.store.health, 'writeBucket');
    const during: number[] = [];
    await ingestFolder(fx.store, fx.root, { now: DEMO_NOW, bulkRuns: 1, onProgress: (p) => p.runs_done > 0 && during.push(writes.count) });
    expect(during.length).toBeGreaterThan(2);
    expect(during.slice(0, -1).every((w) => w === 0)).toBe(true);
    expect(writes.count).toBeGreaterThan(0);
    expect(await expectKeptEqualsFold(fx.store)).toBeGreaterThan(3);
  });

  it('equal the fold of the whole history, incrementally, after a delete and a rewrite, and after a rebuild', async () => {
    generateDemo(fx.root, { seed: 4, now: DEMO_NOW });
    await ingestFolder(fx.store, fx.root, { now: DEMO_NOW });
    expect(await expectKeptEqualsFold(fx.store)).toBeGreaterThan(3);
    const files = (readdirSync(fx.root, { recursive: true }) as string[]).filter((f) => f.endsWith('.jsonl')).sort();
    const before = (await fx.store.counts()).runs;
    rmSync(join(fx.root, files[0]));
    const f1 = join(fx.root, files[1]);
    const lines = readFileSync(f1, 'utf8').split('\n').filter((l) => l.trim() !== '');
    writeFileSync(f1, lines.filter((_, i) => i % 3 !== 0).join('\n') + '\n');
    await ingestFolder(fx.store, fx.root, { now: DEMO_NOW });
    expect((await fx.store.counts()).runs).toBeLessThan(before);
    await expectKeptEqualsFold(fx.store);
    const p = (await fx.store.aggregates.projectIds())[0];
    const incremental = JSON.stringify(sorted(await healthDailyBuckets(fx.store, p)));
    await rebuildAggregates(fx.store);
    await expectKeptEqualsFold(fx.store);
    expect(JSON.parse(JSON.stringify(sorted(await healthDailyBuckets(fx.store, p)))).length).toBe(JSON.parse(incremental).length);
  });

  it('runs folded in parts before their unit ends (a long unit) keep the buckets equal to the whole fold', async () => {
    generateDemo(fx.root, { seed: 6, now: DEMO_NOW, projects: 2 });
    // Folded every 50 runs, mid-unit: the default (FOLD_QUEUE_RUNS) is reached only by units of big loads.
    await ingestFolder(fx.store, fx.root, { now: DEMO_NOW, foldQueueRuns: 50 });
    expect(await expectKeptEqualsFold(fx.store)).toBe(2);
  });

  it('a project whose runs all go loses its buckets', async () => {
    generateDemo(fx.root, { seed: 4, now: DEMO_NOW, projects: 1 });
    await ingestFolder(fx.store, fx.root, { now: DEMO_NOW });
    const p = (await fx.store.aggregates.projectIds())[0];
    expect((await fx.store.health.buckets(p)).length).toBeGreaterThan(0);
    for (const f of (readdirSync(fx.root, { recursive: true }) as string[]).filter((x) => /\.(jsonl|ndjson|json)$/.test(x) && !x.endsWith('project_config.json'))) rmSync(join(fx.root, f));
    await ingestFolder(fx.store, fx.root, { now: DEMO_NOW });
    expect((await fx.store.counts()).runs).toBe(0);
    expect(await fx.store.health.buckets(p)).toEqual([]);
    expect(await fx.store.experiments.cells(p)).toEqual([]);
  });
});
