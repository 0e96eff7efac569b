/**
 * The recommendations' judge reads the experiments' sums kept at ingest instead of scanning the
 * runs: on every demo project it gives the experiments the scan of the runs gave (cost medians to
 * their 0.1 % histogram bins, as are the other metrics' medians), and the same recommendations. Real files, real SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TUNING } from '../../shared/domain';
import { AGGREGATE_FOLD_VERSION } from '../engine/aggregates';
import { analyzeExperiments } from '../engine/experiments';
import { ARM_FACTORS } from '../engine/recommend';
import type { Fixture } from '../ingest/test-helpers';
import { ingestedDemo } from '../test-helpers/demo-store';
import { analyzeProject } from './analysis';
import { factorExperiments } from './experiments';
import { expectClose as close } from '../test-helpers/expect-close';

/** Numbers to 1e-9 relative (sums added in another order), cost medians to 1e-3; everything else exactly. */
const expectClose = (a: unknown, b: unknown, path = ''): void =>
  close(a, b, path, { tolerance: (p) => (p.endsWith('median') || p.endsWith('median_cost') ? 1e-3 : 1e-9) });

let fx: Fixture;
beforeAll(async () => {
  fx = await ingestedDemo();
});
afterAll(() => fx.cleanup());

const only = ARM_FACTORS.map((f) => f.factor);

describe('the recommendations read the kept sums', () => {
  it('same experiments as the scan of the runs on every demo project', async () => {
    for (const p of await fx.store.aggregates.projectIds()) {
      const a = await analyzeProject(fx.store, p, null, DEFAULT_TUNING);
      const controls = Object.fromEntries(Object.entries(a.recommendations.current_config).map(([k, v]) => [k, String(v)]).filter(([k]) => only.includes(k)));
      const runs = await fx.store.experiments.runs(p);
      const scan = analyzeExperiments(runs, { controls, only, factors: only });
      const stored = await factorExperiments(fx.store, p, controls, only);
      const byFactor = (xs: typeof scan) => new Map(xs.map((e) => [e.factor, e]));
      const s = byFactor(stored);
      expect([...s.keys()].sort(), p).toEqual(scan.map((e) => e.factor).sort());
      for (const e of scan) {
        const mine = s.get(e.factor)!;
        // Arms in first-seen order on both sides; the control row first.
        const vs = new Map(mine.variants.map((v) => [v.value, v]));
        const want = e;
        // Warnings by kind: a tie between two levels' imbalance is named by the first level, which the
        // kept sums order by name and a raw scan by first sight (the core's own scan orders them as the sums do).
        const kinds = (x: typeof e) => ({ ...x, warnings: x.warnings.map((w) => w.kind) });
        expectClose(kinds({ ...mine, variants: e.variants.map((v) => vs.get(v.value)!) }), kinds(want), `${p}.${e.factor}`);
      }
    }
  });

  it('the same recommendations whether the sums are current or the runs are scanned', async () => {
    for (const p of await fx.store.aggregates.projectIds()) {
      const fromSums = (await analyzeProject(fx.store, p, null, DEFAULT_TUNING)).recommendations;
      await fx.store.ingestUnit(async () => await fx.store.aggregates.setFoldVersion(AGGREGATE_FOLD_VERSION - 1));
      try {
        const fromRuns = (await analyzeProject(fx.store, p, null, DEFAULT_TUNING)).recommendations;
        expect(fromSums.recommendations.map((r) => [r.id, r.confidence, r.current_value, r.recommended_value]), p)
          .toEqual(fromRuns.recommendations.map((r) => [r.id, r.confidence, r.current_value, r.recommended_value]));
        expect((fromSums.considered ?? []).map((c) => [c.field, c.value, c.reason_kind]), p).toEqual((fromRuns.considered ?? []).map((c) => [c.field, c.value, c.reason_kind]));
        // Every figure of the cards too (evidence medians to their histogram bins).
        expectClose(fromSums.recommendations, fromRuns.recommendations, `${p} cards`);
      } finally {
        await fx.store.ingestUnit(async () => await fx.store.aggregates.setFoldVersion(AGGREGATE_FOLD_VERSION));
      }
    }
  });
});
