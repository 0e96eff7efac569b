import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TUNING } from '../../shared/domain';
import { aggregateRuns } from './aggregates';
import { ledgerOutcome, predictedOutcome, realisedOutcome, type RealisedStats } from './outcome';
import { buildProfile } from './profile';
import { generateRecommendations } from './recommend';
import { experimentsOf } from './recommend/test-helpers';
import { run } from './test-support';

function realised(costs: number[], passed: number, qaN: number): RealisedStats {
  const logs = costs.map(Math.log);
  return {
    runs: costs.length,
    sum_cost: costs.reduce((s, c) => s + c, 0),
    cost_n: costs.length,
    sum_log_cost: logs.reduce((s, l) => s + l, 0),
    sum_log_cost2: logs.reduce((s, l) => s + l * l, 0),
    sum_cost2: costs.reduce((s, c) => s + c * c, 0),
    qa_passed: passed,
    qa_n: qaN,
  };
}

describe('outcome', () => {
  const runs = [
    ...[0.78, 0.82, 0.8, 0.79, 0.81].map((c) => run({ mode: '3loop', total_cost_usd: c, qa_status: 'passed' })),
    ...[1.15, 1.22, 1.18, 1.25, 1.2].map((c, i) => run({ mode: '2loop', total_cost_usd: c, qa_status: i < 4 ? 'passed' : 'failed' })),
  ];
  const agg = aggregateRuns('p', runs);
  const profile = buildProfile(agg, { min_runs_for_recommendations: 5 });
  const rec = generateRecommendations({ project_id: 'p', profile, agg, current: { mode: '2loop', max_cost_usd: 5 }, tuning: DEFAULT_TUNING, experiments: experimentsOf(runs, { mode: '2loop' }) })
    .recommendations;
  const modeRec = rec.find((r) => r.category === 'mode')!;
  const costRec = rec.find((r) => r.category === 'cost')!;

  it('predicts the recommended arm\'s dollars per run with its t-interval and its QA rate', () => {
    const p = predictedOutcome(modeRec)!;
    const xs = [0.78, 0.82, 0.8, 0.79, 0.81];
    const mean = xs.reduce((s, l) => s + l, 0) / 5;
    const sd = Math.sqrt(xs.reduce((s, l) => s + (l - mean) ** 2, 0) / 4);
    const half = tQuantile(0.975, 4) * sd / Math.sqrt(5);
    expect(p.runs).toBe(5);
    expect(p.cost_per_run).toBeCloseTo(mean, 12);
    expect(p.cost_ci![0]).toBeCloseTo(mean - half, 10);
    expect(p.cost_ci![1]).toBeCloseTo(mean + half, 10);
    expect(p.qa_pass_rate).toBe(1);
    expect(p.qa_ci![1]).toBe(1);
  });

  it('a cost-limit change predicts no change: all runs so far', () => {
    const p = predictedOutcome(costRec)!;
    expect(p.runs).toBe(10);
    expect(p.qa_pass_rate).toBeCloseTo(0.9, 12);
  });

  it('realised: same definitions from the running sums', () => {
    const r = realisedOutcome(realised([0.7, 0.9, 0.8], 2, 3));
    expect(r.cost_per_run).toBeCloseTo(0.8, 12);
    // scipy.stats.t.interval(0.95, 2, loc=0.8, scale=0.1/sqrt(3)) = (0.55159, 1.04841)
    expect(r.cost_ci![0]).toBeCloseTo(0.551586, 5);
    expect(r.cost_ci![1]).toBeCloseTo(1.048414, 5);
    expect(r.qa_pass_rate).toBeCloseTo(2 / 3, 12);
    expect(r.qa_ci![0]).toBeCloseTo(0.2076, 3); // Wilson 2/3
    const one = realisedOutcome(realised([0.7], 0, 0));
    expect(one.cost_ci).toBeNull();
    expect(one.qa_pass_rate).toBeNull();
  });

  it('ledger outcome is ready once min_runs ran under the new setting', () => {
    expect(ledgerOutcome(modeRec, realised([0.7, 0.8], 2, 2), 5)).toMatchObject({ min_runs: 5, runs_since: 2, ready: false });
    const ready = ledgerOutcome(modeRec, realised([0.7, 0.8, 0.75, 0.9, 0.85], 5, 5), 5);
    expect(ready.ready).toBe(true);
    expect(ready.predicted!.cost_per_run).toBeCloseTo(modeRec.evidence.arms![1].avg_cost!, 12);
    expect(ready.realised!.runs).toBe(5);
    expect(ledgerOutcome(null, realised([], 0, 0), 5)).toMatchObject({ predicted: null, realised: null, ready: false });
  });
});
