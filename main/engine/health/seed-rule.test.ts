import { describe, expect, it } from 'vitest';
import { bucketsFromRuns } from './bucket-fold';
import { SEED_RULE, seedRuleAlerts, seedRuleChecks } from './seed-rule';
import type { HealthRun } from './types';

const DAY = 86_400_000;
const LATEST = Date.parse('2026-06-30T18:00:00Z');

function run(i: number, at: number, passed: boolean, cost: number): HealthRun {
  return {
    run_id: `r${i}`, started_ms: at, qa_status: passed ? 'passed' : 'failed', status: 'completed', error_count: 0,
    cost_usd: cost, duration_s: 100, tokens: null, retries: null, steps: null, rating: null,
    model: null, prompt_version: null, prompt_strategy: null, mode: null, recipe: null, step_list: [],
  };
}

/** Baseline: 40 runs in the 30 days before the last week (36 passed); recent: `recentN` runs. */
function runs(recentN = 35): HealthRun[] {
  const out: HealthRun[] = [];
  for (let i = 0; i < 40; i++) out.push(run(i, LATEST - 8 * DAY - (i % 28) * DAY, i < 36, 0.3 + 0.05 * (i % 10)));
  for (let i = 0; i < recentN; i++) out.push(run(100 + i, LATEST - (i % 7) * DAY, i < 20, 0.36 + 0.1 * (i % 7)));
  return out.sort((a, b) => a.started_ms - b.started_ms);
}

describe("the seeds' 7-vs-30-day rule", () => {
  // By day (batched runs): scipy 1.10 ttest_ind(recent day means, baseline day means, equal_var=True):
  // cost P(recent higher) = 0.9859976324169114, pass rate P(recent lower) = 0.9999939354079525.
  it('batched runs: each day is one observation (pooled t on the days\' means, cluster-robust intervals)', () => {
    const buckets = bucketsFromRuns(runs()).find((b) => b.scope === 'project')!.buckets;
    const byRun = seedRuleChecks(buckets, LATEST);
    const byDay = seedRuleChecks(buckets, LATEST, true);
    const cost = byDay.find((c) => c.metric === 'cost_per_run')!;
    expect(cost.certainty).toBeCloseTo(0.9859976324169114, 10);
    expect(cost.recent.value).toBeCloseTo(byRun.find((c) => c.metric === 'cost_per_run')!.recent.value!, 12);
    // Seven days are seven observations: the interval is wider than the 35 runs' one, and below the alert bar.
    const runCi = byRun.find((c) => c.metric === 'cost_per_run')!.recent.ci95!;
    expect(cost.recent.ci95![1] - cost.recent.ci95![0]).toBeGreaterThan(runCi[1] - runCi[0]);
    expect(cost.alert).toBe(false);
    expect(byDay.find((c) => c.metric === 'qa_pass_rate')!.certainty).toBeCloseTo(0.9999939354079525, 10);
  });

  // References (scipy 1.17): Wilson(36, 40) = (0.769482247724777, 0.9604204713173937);
  // Wilson(20, 35) = (0.4085741114397492, 0.7201543182281931); P(Beta(21,16) < Beta(37,5)) by quad
  // = 0.9994298584830741; costs: means 0.525 / 0.66, t-intervals (0.47848487418, 0.57151512582) /
  // (0.59029458840, 0.72970541160), ttest_ind(recent, base, equal_var=False, alternative='less')
  // .pvalue = P(recent mean higher) = 0.9991105985988916.
  it('checks pass rate and cost with sample sizes, intervals and certainty', () => {
    const buckets = bucketsFromRuns(runs()).find((b) => b.scope === 'project')!.buckets;
    const checks = seedRuleChecks(buckets, LATEST);
    const pass = checks.find((c) => c.metric === 'qa_pass_rate')!;
    expect(pass.recent_days).toEqual(['2026-06-24', '2026-06-30']);
    expect(pass.baseline_days).toEqual(['2026-05-25', '2026-06-23']);
    expect(pass.baseline).toMatchObject({ value: 0.9, n: 40 });
    expect(pass.baseline.ci95![0]).toBeCloseTo(0.769482247724777, 10);
    expect(pass.recent.ci95![1]).toBeCloseTo(0.7201543182281931, 10);
    expect(pass.relative_change).toBeCloseTo(20 / 35 / 0.9 - 1, 12);
    expect(pass.certainty).toBeCloseTo(0.9994298584830741, 6);
    expect(pass).toMatchObject({ triggered: true, alert: true });
    const cost = checks.find((c) => c.metric === 'cost_per_run')!;
    expect(cost.baseline.value).toBeCloseTo(0.525, 12);
    expect(cost.recent.value).toBeCloseTo(0.66, 12);
    expect(cost.baseline.ci95![0]).toBeCloseTo(0.4784848741836476, 9);
    expect(cost.recent.ci95![1]).toBeCloseTo(0.7297054116023243, 9);
    expect(cost.certainty).toBeCloseTo(0.9991105985988916, 9);
    expect(cost).toMatchObject({ triggered: true, alert: true });
    const duration = checks.find((c) => c.metric === 'duration_s')!;
    expect(duration).toMatchObject({ triggered: false, alert: false, relative_change: 0 });
    const alerts = seedRuleAlerts(checks, LATEST);
    expect(alerts.map((a) => [a.metric, a.severity])).toEqual([['qa_pass_rate', 'critical'], ['cost_per_run', 'warning']]);
    expect(alerts[0]).toMatchObject({ method: 'seed_rule_7d_vs_30d', change_at: '2026-06-24T00:00:00.000Z', detected_at: '2026-06-30T18:00:00.000Z' });
  });

  it('stays silent with fewer than 30 runs in a window', () => {
    const buckets = bucketsFromRuns(runs(SEED_RULE.minRuns - 1)).find((b) => b.scope === 'project')!.buckets;
    expect(seedRuleChecks(buckets, LATEST)).toEqual([]);
  });
});
