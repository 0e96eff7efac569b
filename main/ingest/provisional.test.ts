/**
 * The provisional fold of issue 7 §6: byte ranges that tile a JSONL file fold each line once,
 * and a first ingest with real worker threads publishes aggregates equal to the stored ones on
 * data without duplicates (and not equal when a duplicate is only resolved as the rows land).
 */
import { collect } from '../test-helpers/collect';
import { statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProjectAggregates } from '../../shared/aggregates';
import { aggregateRuns, mergeAggregates } from '../engine/aggregates';
import { buildProfile } from '../engine/profile';
import { ingestFolder, type ProvisionalAggregates } from './ingest-folder';
import { defaultFoldPlan } from './provisional-fold';
import { foldJsonlRange, splitRanges } from './range-fold';
import { fixture, NOW, runLine, type Fixture } from './test-helpers';
import { expectClose as close } from '../test-helpers/expect-close';

/** Numbers equal to 1e-9 relative (sums merged in another order), everything else exactly. */
const expectClose = (a: unknown, b: unknown, path = 'profile'): void => close(a, b, path);

let fx: Fixture;
beforeEach(async () => {
  fx = fixture();
});
afterEach(() => fx.cleanup());

const MODES = ['2loop', '3loop'];
const MODELS = ['m-a', 'm-b', 'm-c'];
const QA = ['passed', 'passed', 'warning', 'failed'];

function lines(project: string, n: number, from = 0): string[] {
  const out: string[] = [];
  for (let i = from; i < from + n; i++) {
    out.push(runLine({
      run_id: `${project}-${i}`, project_id: project, mode: MODES[i % 2], model: MODELS[i % 3], qa_status: QA[i % 4],
      total_cost_usd: Math.round(((i * 37) % 500) + 10) / 100, rounds_completed: 1 + (i % 5), max_rounds: 4,
      started_at: new Date(Date.parse('2025-06-01T00:00:00Z') + i * 3_600_000).toISOString(),
    }));
  }
  return out;
}

const profileOf = (agg: ProjectAggregates) => buildProfile(agg, { min_runs_for_recommendations: 5 });

describe('foldJsonlRange', () => {
  it('folds every line exactly once whatever the ranges (CRLF, a BOM, blank and bad lines, no final newline)', async () => {
    const body = lines('p', 40);
    const text = '\ufeff' + body.slice(0, 10).join('\r\n') + '\r\n\n{not json\n' + body.slice(10).join('\n');
    const path = fx.write('p/a.jsonl', text);
    const size = statSync(path).size;
    const whole = foldJsonlRange({ path, rel: 'p/a.jsonl', start: 0, end: size }, NOW, null);
    expect(whole.runs).toBe(40);
    for (const parts of [2, 3, 7, 40, 97, size]) {
      const ranges = splitRanges([{ path, rel: 'p/a.jsonl', size }], parts, 1);
      expect(ranges[ranges.length - 1].end).toBe(size);
      let runs = 0;
      let agg: ProjectAggregates | null = null;
      for (const r of ranges) {
        const f = foldJsonlRange(r, NOW, null);
        runs += f.runs;
        for (const a of f.aggregates) agg = agg ? mergeAggregates(agg, a) : a;
      }
      expect(runs, `${ranges.length} ranges`).toBe(40);
      expectClose(profileOf(agg!), profileOf(whole.aggregates[0]));
    }
  });
});

describe('provisional profile of a first ingest (worker threads)', () => {
  it('runs beside the ingest with three cores or more, before it with fewer', async () => {
    expect(defaultFoldPlan(1)).toEqual({ workers: 1, concurrent: false });
    expect(defaultFoldPlan(2)).toEqual({ workers: 2, concurrent: false });
    expect(defaultFoldPlan(4)).toEqual({ workers: 3, concurrent: true });
    expect(defaultFoldPlan(32)).toEqual({ workers: 8, concurrent: true });
  });

  it('is published before the ingest returns and equals the stored profile on data without duplicates', async () => {
    fx.write('alpha/runs-0.jsonl', lines('alpha', 1500).join('\n') + '\n');
    fx.write('alpha/runs-1.jsonl', lines('alpha', 1500, 1500).join('\n') + '\n');
    fx.write('beta/runs.jsonl', lines('beta', 800).join('\n') + '\n');
    const seen: ProvisionalAggregates[] = [];
    const progress: (number | null | undefined)[] = [];
    await ingestFolder(fx.store, fx.root, {
      now: NOW, onProvisional: (p) => seen.push(p), onProgress: (p) => progress.push(p.provisional_runs),
      provisional: { workers: 2, concurrent: true, minBytes: 0, wait: true },
    });
    expect(seen).toHaveLength(1);
    expect(seen[0].runs).toBe(3800);
    expect(seen[0].runs_stored).toBeLessThanOrEqual(3800);
    // Marked in the progress while it stands, cleared when the ingest is over.
    expect(progress).toContain(3800);
    expect(progress[progress.length - 1] ?? null).toBeNull();
    const byProject = new Map(seen[0].aggregates.map((a) => [a.project_id, a]));
    expect([...byProject.keys()].sort()).toEqual(['alpha', 'beta']);
    for (const p of ['alpha', 'beta']) {
      const stored = (await fx.store.aggregates.load(p))!;
      expect(byProject.get(p)!.overall.n).toBe(stored.overall.n);
      expectClose(profileOf(byProject.get(p)!), profileOf(stored), p);
      expectClose(profileOf(stored), profileOf(aggregateRuns(p, await collect(fx.store.runs.factsOfProject(p)))), `${p} stored`);
    }
  });

  it('counts a duplicate the rows then resolve (provisional means that), and does not start below minBytes or on a second scan', async () => {
    const body = lines('gamma', 300);
    fx.write('gamma/a.jsonl', body.join('\n') + '\n');
    fx.write('gamma/b.jsonl', body.slice(0, 1).join('\n') + '\n');
    const seen: ProvisionalAggregates[] = [];
    await ingestFolder(fx.store, fx.root, { now: NOW, onProvisional: (p) => seen.push(p), provisional: { workers: 2, minBytes: 0, wait: true } });
    expect(seen).toHaveLength(1);
    expect(seen[0].runs).toBe(301);
    expect((await fx.store.aggregates.load('gamma'))!.overall.n).toBe(300);

    fx.write('gamma/c.jsonl', lines('gamma', 50, 300).join('\n') + '\n');
    await ingestFolder(fx.store, fx.root, { now: NOW, onProvisional: (p) => seen.push(p), provisional: { workers: 2, minBytes: 0, wait: true } });
    expect(seen).toHaveLength(1);

    const other = fixture();
    try {
      other.write('g/a.jsonl', body.join('\n') + '\n');
      await ingestFolder(other.store, other.root, { now: NOW, onProvisional: (p) => seen.push(p), provisional: { workers: 2, wait: true } });
      expect(seen).toHaveLength(1); // far below the default 16 MiB
    } finally {
      other.cleanup();
    }
  });
});
