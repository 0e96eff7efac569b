/**
 * The experiments surface reads the sums kept at ingest and gives the same output as the scan of
 * the runs (medians aside: sums cannot keep them), on the demo's experiment projects; it falls
 * back to the scan when the stored sums are not current. Real files, real SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGGREGATE_FOLD_VERSION } from '../engine/aggregates';
import type { Fixture } from '../ingest/test-helpers';
import { ingestedDemo } from '../test-helpers/demo-store';
import type { ExperimentResult } from '../../shared/experiments';
import { projectExperiments } from './experiments';
import { expectClose as close } from '../test-helpers/expect-close';

/** Numbers to 1e-9 relative (the sums were added in another order), everything else exactly, keys in order. */
const expectClose = (a: unknown, b: unknown, path = ''): void => close(a, b, path, { orderedKeys: true });

let fx: Fixture;
beforeAll(async () => {
  fx = await ingestedDemo();
});
afterAll(() => fx.cleanup());

type Other = ExperimentResult['variants'][number]['other'];
const blankOther = (o: Other) => Object.fromEntries(Object.entries(o).map(([k, m]) => [k, m && { ...m, median: null }])) as Other;

/** The experiments with the medians blanked (the stored path reads them off histograms; compared on their own below). */
function noCostMedians<T extends { experiments: ExperimentResult[] }>(x: T): T {
  return { ...x, experiments: x.experiments.map((e) => ({ ...e, variants: e.variants.map((v) => ({ ...v, cost_median: null, other: blankOther(v.other) })) })) };
}

describe('projectExperiments', () => {
  for (const p of ['regression_bench', 'support_bot']) {
    it(`${p}: the stored sums give the scan's output`, async () => {
      const stored = await projectExperiments(fx.store, p, null);
      const scan = await projectExperiments(fx.store, p, null, undefined, { source: 'scan', medians: false });
      expect(stored.source).toBe('stored');
      expect(scan.source).toBe('scan');
      expect(stored.experiments.length).toBeGreaterThan(0);
      // The demo's projects exercise pairing and strata on this path.
      const rows = stored.experiments.flatMap((e) => e.variants);
      if (p === 'regression_bench') expect(rows.some((v) => v.decision_basis === 'paired')).toBe(true);
      else expect(rows.some((v) => v.stratified != null)).toBe(true);
      expectClose(noCostMedians(stored), { ...scan, source: 'stored' });
    });
  }

  it('every demo project: same output both ways', async () => {
    for (const p of await fx.store.aggregates.projectIds()) {
      const stored = await projectExperiments(fx.store, p, null);
      const scan = await projectExperiments(fx.store, p, null, undefined, { source: 'scan', medians: false });
      expectClose(noCostMedians(stored).experiments, scan.experiments, p);
      expectClose(stored.evolution, scan.evolution, p);
    }
  });

  it('the stored path reads every median off histograms (within their 0.1 % bins of the scan medians)', async () => {
    let compared = 0;
    let recipes = 0;
    let others = 0;
    let whole = 0;
    for (const p of await fx.store.aggregates.projectIds()) {
      const scan = await projectExperiments(fx.store, p, null, undefined, { source: 'scan' });
      const stored = await projectExperiments(fx.store, p, null);
      expect(stored.experiments.map((e) => [e.factor, e.control, e.status, e.winner]), p).toEqual(scan.experiments.map((e) => [e.factor, e.control, e.status, e.winner]));
      stored.experiments.forEach((e, i) => e.variants.forEach((v, j) => {
        const want = scan.experiments[i].variants[j].cost_median;
        expect(want, `${p} ${e.factor}=${v.value}`).not.toBeNull();
        expect(Math.abs(v.cost_median! - want!), `${p} ${e.factor}=${v.value}: ${v.cost_median} vs ${want}`).toBeLessThanOrEqual(1e-3 * want!);
        compared++;
        if (e.factor === 'recipe') recipes++;
        for (const [k, m] of Object.entries(v.other)) {
          if (!m) continue;
          const w = scan.experiments[i].variants[j].other[k as keyof Other]!.median;
          // Off the fold's histograms (0.1 % bins): small whole numbers (retries, ratings) exactly.
          const tol = k === 'retries' || k === 'rating' ? 1e-12 : 1e-3;
          expect(Math.abs(m.median! - w!), `${p} ${e.factor}=${v.value} ${k}: ${m.median} vs ${w}`).toBeLessThanOrEqual(tol * Math.abs(w!));
          others++;
          if (k === 'retries' || k === 'rating') whole++;
        }
      }));
    }
    expect(compared).toBeGreaterThan(10);
    // recipe's histograms are the experiments' fold's own (the profile keeps none for it).
    expect(recipes).toBeGreaterThan(0);
    expect(others).toBeGreaterThan(10);
    expect(whole).toBeGreaterThan(0);
  });

  it('folds the runs into the same sums, batch by batch, when the stored ones were written by another fold version', async () => {
    const before = await projectExperiments(fx.store, 'support_bot', null);
    await fx.store.ingestUnit(async () => await fx.store.aggregates.setFoldVersion(AGGREGATE_FOLD_VERSION - 1));
    try {
      const after = await projectExperiments(fx.store, 'support_bot', null);
      expect(after.source).toBe('folded');
      // The answer the kept sums give, medians (off the same histograms) included.
      expectClose(after, { ...before, source: 'folded' });
    } finally {
      await fx.store.ingestUnit(async () => await fx.store.aggregates.setFoldVersion(AGGREGATE_FOLD_VERSION));
    }
  });
});
