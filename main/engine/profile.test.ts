import { describe, expect, it } from 'vitest';
import { aggregateRuns, type ArmAggregate, type RunFacts } from './aggregates';
import { costQuantiles } from './cost-quantiles';
import { COST_HISTOGRAM_MAX_BUCKETS, QUANTILE_METHOD, buildProfile, costHistogram } from './profile';
import { run, seededRng } from './test-support';

const day = (d: number): number => Date.UTC(2025, 0, 6 + d); // 2025-01-06 is a Monday

function sample(): RunFacts[] {
  const rows: Array<[string, string, number, 'passed' | 'warning' | 'failed' | null, number, number]> = [
    // mode, strategy, cost, qa, rounds, day
    ['3loop', 'baseline', 0.8, 'passed', 2, 0],
    ['3loop', 'baseline', 0.82, 'passed', 2, 1],
    ['3loop', 'fast', 0.78, 'passed', 3, 8],
    ['3loop', 'fast', 0.85, 'warning', 3, 9],
    ['2loop', 'baseline', 1.1, 'passed', 3, 2],
    ['2loop', 'baseline', 1.2, 'failed', 3, 10],
    ['2loop', 'fast', 1.15, 'passed', 1, 15],
    ['2loop', 'fast', 1.3, null, 2, 16],
  ];
  return rows.map(([mode, strategy, cost, qa, rounds, d], i) =>
    run({ mode, prompt_strategy: strategy, model: i % 2 ? 'm-a' : 'm-b', prompt_version: 'v1', total_cost_usd: cost, qa_status: qa, rounds_completed: rounds, max_rounds: 3, duration_s: 60 + i, started_ms: day(d) }));
}

describe('buildProfile', () => {
  const agg = aggregateRuns('proj', sample());
  const p = buildProfile(agg, { min_runs_for_recommendations: 5 });

  it('fills the seed\'s fields', () => {
    expect(p.project_id).toBe('proj');
    expect(p.runs_count).toBe(8);
    expect(p.min_cost).toBe(0.78);
    expect(p.max_cost).toBe(1.3);
    expect(p.avg_cost).toBeCloseTo((0.8 + 0.82 + 0.78 + 0.85 + 1.1 + 1.2 + 1.15 + 1.3) / 8, 10);
    expect(p.median_cost).toBeCloseTo((0.85 + 1.1) / 2, 10);
    // numpy.quantile(costs, 0.95): position 6.65 between 1.2 and 1.3.
    expect(p.p95_cost).toBeCloseTo(1.2 + 0.65 * (1.3 - 1.2), 6);
    expect(p.avg_rounds_used).toBeCloseTo(19 / 8, 10);
    expect(p.max_rounds_completed).toBe(3);
    expect(p.rounds_distribution).toEqual({ 1: 1, 2: 3, 3: 4 });
    expect(p.hit_max_rounds_rate).toBe(0.5);
    expect(p.sufficient_data).toBe(true);
    expect(p.quantile_method).toBe(QUANTILE_METHOD);
    expect(p.first_run_at).toBe('2025-01-06T00:00:00.000Z');
    expect(p.last_run_at).toBe('2025-01-22T00:00:00.000Z');
  });

  it('counts only passed as a pass, shows warnings apart, with a Wilson interval', () => {
    expect([p.qa_passed, p.qa_warning, p.qa_failed, p.qa_unknown]).toEqual([5, 1, 1, 1]);
    expect(p.overall_qa_pass_rate).toBeCloseTo(5 / 7, 12);
    // Wilson 5/7 (scipy-checked formula): 0.3589–0.9178.
    expect(p.overall_qa_pass_rate_ci![0]).toBeCloseTo(0.35893, 4);
    expect(p.overall_qa_pass_rate_ci![1]).toBeCloseTo(0.91781, 4);
    const total = 0.8 + 0.82 + 0.78 + 0.85 + 1.1 + 1.2 + 1.15 + 1.3;
    // Both terms over the same runs: the run without a QA outcome ($1.30) is in neither (all runs'
    // cost over the passes, total / 5, would count its cost and not its chance to pass).
    expect(p.cost_per_passed_run).toBeCloseTo((total - 1.3) / 5, 10);
  });

  it('breaks down by mode, strategy, model and prompt version', () => {
    expect(Object.keys(p.modes).sort()).toEqual(['2loop', '3loop']);
    expect(p.modes['3loop'].mode).toBe('3loop');
    expect(p.modes['3loop'].qa_pass_rate).toBeCloseTo(3 / 4, 12);
    expect(p.modes['3loop'].qa_warning).toBe(1);
    expect(p.modes['2loop'].qa_unknown).toBe(1);
    expect(p.strategies.fast.strategy).toBe('fast');
    expect(p.models['m-a'].model).toBe('m-a');
    expect(p.prompt_versions.v1.runs_count).toBe(8);
    expect(p.modes['3loop'].geo_mean_cost).toBeCloseTo(Math.exp((Math.log(0.8) + Math.log(0.82) + Math.log(0.78) + Math.log(0.85)) / 4), 12);
    expect(p.modes['3loop'].avg_duration).toBeCloseTo((60 + 61 + 62 + 63) / 4, 10);
  });

  it('prefers by 0.7·QA + 0.3·(cheapest median / median), among arms with ≥ 3 runs', () => {
    const m3 = p.modes['3loop'];
    const m2 = p.modes['2loop'];
    expect(m3.score).toBeCloseTo(0.7 * 0.75 + 0.3, 12);
    expect(m2.score).toBeCloseTo(0.7 * (2 / 3) + 0.3 * (m3.median_cost! / m2.median_cost!), 12);
    expect(p.preferred_mode).toBe('3loop');
    const few = buildProfile(aggregateRuns('q', sample().slice(0, 2)), { min_runs_for_recommendations: 5 });
    expect(few.preferred_mode).toBeNull();
    expect(few.sufficient_data).toBe(false);
  });

  it('weekly trend is sorted by ISO week (Monday, UTC)', () => {
    expect(p.weekly_trend.map((w) => [w.week_start, w.runs])).toEqual([['2025-01-06', 3], ['2025-01-13', 3], ['2025-01-20', 2]]);
    expect(p.weekly_trend[2].qa_pass_rate).toBe(1);
    expect(p.weekly_trend[2].qa_pass_rate_ci![1]).toBe(1);
  });

  it('an empty project gives nulls, not NaN', () => {
    const e = buildProfile(aggregateRuns('e', []), { min_runs_for_recommendations: 5 });
    expect(e.runs_count).toBe(0);
    expect(e.median_cost).toBeNull();
    expect(e.overall_qa_pass_rate).toBeNull();
    expect(e.weekly_trend).toEqual([]);
    expect(JSON.stringify(e)).not.toContain('NaN');
  });
});

describe('cost_histogram', () => {
  const check = (h: ReturnType<typeof costHistogram>, costN: number) => {
    expect(h.reduce((s, b) => s + b.count, 0)).toBe(costN);
    h.forEach((b, i) => {
      expect(b.hi).toBeGreaterThanOrEqual(b.lo);
      if (i > 0) expect(b.lo).toBe(h[i - 1].hi);
      if (!b.overflow) expect(b.hi).toBeGreaterThan(b.lo);
    });
    const regular = h.filter((b) => !b.overflow);
    expect(regular.length).toBeLessThanOrEqual(COST_HISTOGRAM_MAX_BUCKETS);
    // Equal widths (to float noise) below the overflow bucket; only the last bucket may overflow.
    regular.forEach((b) => expect(b.hi - b.lo).toBeCloseTo(regular[0].hi - regular[0].lo, 9));
    h.slice(0, -1).forEach((b) => expect(b.overflow).toBeUndefined());
  };

  it('counts every run with a cost exactly, cents-rounded costs on bucket edges included', () => {
    const p = buildProfile(aggregateRuns('proj', sample()), { min_runs_for_recommendations: 5 });
    expect(p.cost_histogram.reduce((s, b) => s + b.count, 0)).toBe(8);
    check(p.cost_histogram, 8);
    // 0.78 … 1.30 in steps of 0.02: each run in the bucket [lo, lo + 0.02) that holds it.
    const costs = [0.8, 0.82, 0.78, 0.85, 1.1, 1.2, 1.15, 1.3];
    for (const c of costs) {
      const b = p.cost_histogram.find((x) => x.lo <= c && c < x.hi)!;
      expect(b, `bucket of ${c}`).toBeDefined();
    }
    const at = (lo: number) => p.cost_histogram.find((b) => b.lo === lo)?.count;
    expect(p.cost_histogram[0].lo).toBe(0.78);
    expect(at(0.8)).toBe(1);
    expect(at(0.82)).toBe(1);
    expect(at(1.3)).toBe(1);
  });

  it('exact counts against a direct count of 20 000 cents-rounded costs, with an overflow bucket', () => {
    const rng = seededRng(5);
    const costs = Array.from({ length: 20_000 }, (_, i) => (i % 500 === 0 ? 40 + i / 1000 : Math.round(100 * Math.exp(-1 + 0.5 * rng.normal())) / 100));
    const runs = costs.map((c) => run({ total_cost_usd: c }));
    runs.push(run({ total_cost_usd: null }));
    const agg = aggregateRuns('h', runs);
    const h = buildProfile(agg, { min_runs_for_recommendations: 5 }).cost_histogram;
    check(h, 20_000);
    const last = h[h.length - 1];
    expect(last.overflow).toBe(true);
    expect(last.hi).toBe(Math.max(...costs));
    expect(h.length).toBeGreaterThanOrEqual(15);
    for (const b of h) {
      const direct = costs.filter((c) => c >= b.lo && (b.overflow || c < b.hi)).length;
      expect(b.count, `[${b.lo}, ${b.hi})`).toBe(direct);
    }
  });

  it('lognormal unrounded costs: counts sum to cost_n, edges monotone, no overflow without outliers', () => {
    const rng = seededRng(8);
    const runs = Array.from({ length: 5000 }, () => run({ total_cost_usd: 0.5 * Math.exp(0.2 * rng.normal()) }));
    const arm = aggregateRuns('l', runs).overall;
    const h = costHistogram(arm);
    check(h, arm.cost_n);
    expect(h.some((b) => b.overflow)).toBe(false);
    expect(h[0].lo).toBeLessThanOrEqual(arm.min_cost!);
    expect(h[h.length - 1].hi).toBeGreaterThan(arm.max_cost!);
  });

  it('free runs, a single cost, and no cost at all', () => {
    const zero = costHistogram(aggregateRuns('z', [0, 0, 0.5, 1].map((c) => run({ total_cost_usd: c }))).overall);
    check(zero, 4);
    expect(zero[0]).toMatchObject({ lo: 0, count: 2 });
    expect(costHistogram(aggregateRuns('o', [run({ total_cost_usd: 0.3 }), run({ total_cost_usd: 0.3 })]).overall)).toEqual([{ lo: 0.3, hi: 0.3, count: 2 }]);
    expect(buildProfile(aggregateRuns('e', []), { min_runs_for_recommendations: 5 }).cost_histogram).toEqual([]);
  });
});

/**
 * Reference for costQuantiles, one q at a time (the app's former costQuantile): the q-quantile (0..1) of the costs in an arm, with linear interpolation between order
 * statistics (pandas' and numpy's default), each order statistic read as its bin's mean.
 */
function costQuantile(arm: ArmAggregate, q: number): number | null {
  if (arm.cost_n <= 0) return null;
  const bins = [...arm.cost_bins.entries()].sort((a, b) => a[0] - b[0]);
  const pos = q * (arm.cost_n - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const at = (rank: number): number => {
    let seen = 0;
    for (const [, [n, sum]] of bins) {
      seen += n;
      if (rank < seen) return sum / n;
    }
    const last = bins[bins.length - 1][1];
    return last[1] / last[0];
  };
  const a = at(lo);
  return lo === hi ? a : a + (pos - lo) * (at(hi) - a);
}

describe('costQuantiles', () => {
  it('agrees with costQuantile for every q, from one sort', () => {
    const rng = seededRng(3);
    const runs = Array.from({ length: 3000 }, () => run({ total_cost_usd: Math.exp(rng.normal() * 1.2) * (rng.next() < 0.05 ? 0 : 1) }));
    const arm = aggregateRuns('p', runs).overall;
    const qs = [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1];
    const many = costQuantiles(arm, qs);
    qs.forEach((q, i) => expect(many[i]).toBeCloseTo(costQuantile(arm, q)!, 12));
  });
});
