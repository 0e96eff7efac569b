import { describe, expect, it } from 'vitest';
import { DEFAULT_TUNING } from '../../shared/domain';
import { aggregateRuns, costQuantile, type RunFacts } from './aggregates';
import { costQuantiles } from './cost-quantiles';
import { QUANTILE_METHOD, buildProfile } from './profile';
import { generateRecommendations } from './recommend';
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
    expect(p.cost_per_passed_run).toBeCloseTo(total / 5, 10);
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

describe('speed', () => {
  it('profile + recommendations take < 5 ms on aggregates with thousands of cost bins per arm', () => {
    const rng = seededRng(11);
    const runs: RunFacts[] = [];
    const modes = ['2loop', '3loop'];
    const strategies = ['baseline', 'fast', 'aggressive'];
    const models = ['m1', 'm2', 'm3'];
    for (let i = 0; i < 60_000; i++) {
      const mode = modes[i % 2];
      // Unrounded lognormal costs: every run lands in its own bin until bins fill up.
      runs.push(run({
        mode, prompt_strategy: strategies[i % 3], model: models[i % 3], prompt_version: `v${i % 4}`,
        total_cost_usd: (mode === '3loop' ? 0.8 : 1) * Math.exp(0.5 * rng.normal()),
        qa_status: rng.next() < 0.9 ? 'passed' : 'failed', rounds_completed: 1 + (i % 4), max_rounds: 5, started_ms: day(i % 700),
      }));
    }
    const agg = aggregateRuns('big', runs);
    expect(agg.overall.cost_bins.size).toBeGreaterThan(3000);
    const current = { mode: '2loop', prompt_strategy: 'baseline', model: 'm1', max_rounds: 9, max_cost_usd: 50 };
    const once = (): number => {
      const t = performance.now();
      const profile = buildProfile(agg, { min_runs_for_recommendations: 5 });
      generateRecommendations({ project_id: 'big', profile, agg, current, tuning: DEFAULT_TUNING });
      return performance.now() - t;
    };
    for (let i = 0; i < 5; i++) once(); // warm
    const best = Math.min(...Array.from({ length: 15 }, once));
    console.info(`profile + recommendations: best of 15 = ${best.toFixed(2)} ms, bins overall = ${agg.overall.cost_bins.size}`);
    expect(best).toBeLessThan(5);
  });
});
