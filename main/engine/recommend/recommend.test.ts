import { describe, expect, it } from 'vitest';
import { DEFAULT_TUNING, type TuningConfig } from '../../../shared/domain';
import type { TunableField } from '../../../shared/run-record';
import { aggregateRuns, type RunFacts } from '../aggregates';
import { buildProfile } from '../profile';
import { run } from '../test-support';
import { recommendationId } from './common';
import { generateRecommendations, insufficientData } from './index';

type Current = Partial<Record<TunableField, string | number>>;

function recommend(runs: RunFacts[], current: Current, tuning: Partial<TuningConfig> = {}) {
  const t = { ...DEFAULT_TUNING, ...tuning };
  const agg = aggregateRuns('proj', runs);
  const profile = buildProfile(agg, { min_runs_for_recommendations: t.min_runs_for_recommendations });
  return generateRecommendations({ project_id: 'proj', profile, agg, current, tuning: t });
}

/** Runs of one arm with the given costs; the first `passed` pass QA, the rest fail. */
function arm(factor: 'mode' | 'prompt_strategy' | 'model', value: string, costs: number[], passed: number): RunFacts[] {
  return costs.map((c, i) => run({ [factor]: value, total_cost_usd: c, qa_status: i < passed ? 'passed' : 'failed' }));
}

const byCat = (r: ReturnType<typeof recommend>, c: string) => r.recommendations.find((x) => x.category === c);

describe('minimum data', () => {
  it('says nothing below min_runs_for_recommendations, in the seed\'s words', () => {
    const r = recommend([run({ mode: 'a', total_cost_usd: 1 }), run({ mode: 'a', total_cost_usd: 2 })], { mode: 'a', max_cost_usd: 100 });
    expect(r.recommendations).toEqual([]);
    expect(r.insufficient).toEqual({ needed: 5, have: 2, message: 'Need 5 runs, currently have 2 runs.' });
    expect(insufficientData(5, 1).message).toBe('Need 5 runs, currently have 1 run.');
  });
});

describe('mode / strategy / model (arm comparison)', () => {
  it('the seed\'s example: 3loop cheaper with better QA → 2loop → 3loop, high or medium', () => {
    const runs = [
      ...arm('mode', '3loop', [0.78, 0.82, 0.8, 0.79, 0.81], 5),
      ...arm('mode', '2loop', [1.15, 1.22, 1.18, 1.25, 1.2], 4),
    ];
    const r = recommend(runs, { mode: '2loop' });
    const rec = byCat(r, 'mode')!;
    expect(rec).toBeDefined();
    expect(rec.current_value).toBe('2loop');
    expect(rec.recommended_value).toBe('3loop');
    expect(rec.field).toBe('mode');
    expect(['high', 'medium']).toContain(rec.confidence);
    expect(rec.explanation).toMatch(/3loop costs 3\d% less than 2loop/);
    expect(rec.estimated_impact).toMatch(/savings per run \(95% CI .*\); ~\$\d+\.\d\d less per 100 runs/);
    expect(rec.impact!.cost_per_run_usd!).toBeLessThan(0);
    expect(rec.impact!.ci_low!).toBeLessThanOrEqual(rec.impact!.cost_per_run_usd!);
    expect(rec.impact!.ci_high!).toBeGreaterThanOrEqual(rec.impact!.cost_per_run_usd!);
    const ev = rec.evidence;
    expect(ev.arms!.map((a) => [a.arm, a.n])).toEqual([['2loop', 5], ['3loop', 5]]);
    expect(ev.p_value!).toBeLessThan(0.001);
    expect(ev.arms_compared).toBe(1);
    expect(ev.cost_ratio!.estimate).toBeCloseTo(Math.exp(
      [0.78, 0.82, 0.8, 0.79, 0.81].reduce((s, c) => s + Math.log(c), 0) / 5 - [1.15, 1.22, 1.18, 1.25, 1.2].reduce((s, c) => s + Math.log(c), 0) / 5,
    ), 10);
    expect(ev.qa_diff!.estimate).toBeCloseTo(0.2, 10);
    expect(ev.p_qa_worse!).toBeLessThan(0.2);
    expect(ev.qa_blocked).toBe(false);
    expect(rec.confidence).toBe('high');
  });

  it('high needs p < 0.001, ≥ 20 % savings, ≥ 5 runs per arm and QA difference ≥ −2 points', () => {
    const cheap = [0.6, 0.62, 0.58, 0.61, 0.59, 0.6];
    const dear = [1.0, 1.02, 0.98, 1.01, 0.99, 1.0];
    expect(byCat(recommend([...arm('mode', 'b', cheap, 6), ...arm('mode', 'a', dear, 6)], { mode: 'a' }), 'mode')!.confidence).toBe('high');
    // Same costs, 4 runs per arm: still p < 0.001 but too few runs for high.
    const four = recommend([...arm('mode', 'b', cheap.slice(0, 4), 4), ...arm('mode', 'a', dear.slice(0, 4), 4)], { mode: 'a' }, { min_runs_for_recommendations: 5 });
    expect(byCat(four, 'mode')!.confidence).toBe('medium');
    // QA 5/6 vs 6/6: observed difference −17 points, not blocked with 6 runs, but not high.
    const qa = recommend([...arm('mode', 'b', cheap, 5), ...arm('mode', 'a', dear, 6)], { mode: 'a' });
    const rec = byCat(qa, 'mode')!;
    expect(rec.evidence.p_qa_worse!).toBeLessThan(0.8);
    expect(rec.confidence).toBe('medium');
    expect(rec.explanation).toMatch(/not clearly worse/);
    // 17 % savings: medium at most.
    const small = recommend([...arm('mode', 'b', dear.map((c) => c * 0.83), 6), ...arm('mode', 'a', dear, 6)], { mode: 'a' });
    expect(byCat(small, 'mode')!.confidence).toBe('medium');
  });

  it('low when the seed\'s point thresholds hold but the test does not, with the runs that would settle it', () => {
    const runs = [...arm('prompt_strategy', 'fast', [0.5, 1.1, 0.7], 3), ...arm('prompt_strategy', 'base', [0.9, 1.3, 0.8], 3)];
    const r = recommend(runs, { prompt_strategy: 'base' });
    const rec = byCat(r, 'strategy')!;
    expect(rec.field).toBe('prompt_strategy');
    expect(rec.confidence).toBe('low');
    expect(rec.evidence.p_value_adjusted!).toBeGreaterThanOrEqual(0.01);
    expect(rec.evidence.power!.more_runs_per_arm).toBeGreaterThan(0);
    expect(rec.explanation).toContain(`about ${rec.evidence.power!.more_runs_per_arm} more runs per arm would settle it`);
  });

  it('no recommendation under 15 % savings, or when the current arm is unknown or too small', () => {
    const runs = [...arm('model', 'm1', [0.9, 0.92, 0.91, 0.9], 4), ...arm('model', 'm2', [1, 1.01, 0.99, 1], 4)];
    expect(byCat(recommend(runs, { model: 'm2' }), 'model')).toBeUndefined();
    const big = [...arm('model', 'm1', [0.5, 0.52, 0.51], 3), ...arm('model', 'm2', [1, 1.01, 0.99], 3)];
    expect(byCat(recommend(big, { model: 'm2' }, { min_runs_for_recommendations: 5 }), 'model')).toBeDefined();
    expect(byCat(recommend(big, { model: 'other' }), 'model')).toBeUndefined();
    expect(byCat(recommend(big, {}), 'model')).toBeUndefined();
    const tiny = [...big, ...arm('model', 'm3', [2, 2.1], 2)];
    expect(byCat(recommend(tiny, { model: 'm3' }), 'model')).toBeUndefined();
  });

  it('a cheaper arm that is probably worse on QA is never recommended', () => {
    const cheap = Array.from({ length: 20 }, (_, i) => 0.5 + (i % 5) * 0.01);
    const dear = Array.from({ length: 20 }, (_, i) => 1 + (i % 5) * 0.01);
    // 12/20 vs 19/20: P(worse by > 5 points) ≈ 1 → blocked, at every tier.
    expect(byCat(recommend([...arm('mode', 'b', cheap, 12), ...arm('mode', 'a', dear, 19)], { mode: 'a' }), 'mode')).toBeUndefined();
  });

  it('Holm-adjusts across all alternatives and picks the best tier', () => {
    const runs = [
      ...arm('mode', 'cur', [1, 1.05, 0.95, 1.02, 0.98, 1], 6),
      ...arm('mode', 'x', [0.6, 0.63, 0.57, 0.61, 0.59, 0.6], 6),
      ...arm('mode', 'y', [0.8, 1.2, 0.6, 1.1, 0.7, 0.9], 6),
      ...arm('mode', 'z', [1.1, 1.2, 1.15, 1.2, 1.1, 1.2], 6),
    ];
    const rec = byCat(recommend(runs, { mode: 'cur' }), 'mode')!;
    expect(rec.recommended_value).toBe('x');
    expect(rec.evidence.arms_compared).toBe(3);
    expect(rec.evidence.p_value_adjusted!).toBeGreaterThan(rec.evidence.p_value!);
    expect(rec.evidence.p_value_adjusted!).toBeLessThanOrEqual(3 * rec.evidence.p_value!);
    expect(rec.explanation).toContain('Holm-adjusted over 3 alternatives');
  });
});

describe('rounds', () => {
  const roundsRuns = (dist: Record<number, number>, maxRounds: number, qaPass = true): RunFacts[] =>
    Object.entries(dist).flatMap(([r, n]) =>
      Array.from({ length: n }, () => run({ rounds_completed: Number(r), max_rounds: maxRounds, qa_status: qaPass ? 'passed' : 'failed', total_cost_usd: 1 })));

  it('lower: the seed\'s "95 % of runs complete by round 3" → 3', () => {
    const runs = roundsRuns({ 1: 2, 2: 10, 3: 8 }, 8);
    const rec = byCat(recommend(runs, { max_rounds: 8 }), 'rounds')!;
    expect(rec.recommended_value).toBe(3);
    expect(rec.current_value).toBe(8);
    expect(rec.field).toBe('max_rounds');
    expect(rec.confidence).toBe('high');
    expect(rec.explanation).toMatch(/^100% of runs complete by round 3/);
    expect(rec.evidence.values!.finished_before_limit_rate).toBe(1);
  });

  it('lower: smallest limit covering ≥ 95 % (one long run of 20 is allowed to exceed it)', () => {
    const runs = roundsRuns({ 2: 12, 3: 7, 6: 1 }, 10);
    expect(byCat(recommend(runs, { max_rounds: 10 }), 'rounds')!.recommended_value).toBe(3);
  });

  it('lower needs QA > 80 % and a limit > average + 2', () => {
    expect(byCat(recommend(roundsRuns({ 2: 10, 3: 10 }, 8, false), { max_rounds: 8 }), 'rounds')).toBeUndefined();
    expect(byCat(recommend(roundsRuns({ 2: 10, 3: 10 }, 4), { max_rounds: 4 }), 'rounds')).toBeUndefined();
  });

  it('higher: ≥ 20 % of runs hit the limit → +50 % (at least +1), explained as a choice', () => {
    const runs = roundsRuns({ 2: 6, 3: 2, 4: 2 }, 4);
    const rec = byCat(recommend(runs, { max_rounds: 4 }), 'rounds')!;
    expect(rec.recommended_value).toBe(6);
    expect(rec.explanation).toMatch(/20% of runs \(2 of 10\) hit the limit of 4 rounds/);
    expect(rec.explanation).toMatch(/cannot be read from the data/);
    expect(rec.confidence).toBe('high');
  });

  it('higher: runs made under a higher limit can ask for more', () => {
    const runs = [...roundsRuns({ 2: 4, 3: 4 }, 3), ...roundsRuns({ 7: 4, 9: 1 }, 12)];
    expect(byCat(recommend(runs, { max_rounds: 3 }), 'rounds')!.recommended_value).toBe(9);
  });

  it('confidence by runs: medium 5–9, low < 5 (when the minimum is lowered)', () => {
    expect(byCat(recommend(roundsRuns({ 2: 4, 3: 3 }, 8), { max_rounds: 8 }), 'rounds')!.confidence).toBe('medium');
    expect(byCat(recommend(roundsRuns({ 2: 2, 3: 1 }, 8), { max_rounds: 8 }, { min_runs_for_recommendations: 3 }), 'rounds')!.confidence).toBe('low');
  });
});

describe('cost limit', () => {
  const costs = (xs: number[]): RunFacts[] => xs.map((c) => run({ total_cost_usd: c, qa_status: 'passed' }));
  const ten = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.62, 0.66, 0.95];

  it('lower: the seed\'s example, max $0.95 with a $2.00 limit → $1.14', () => {
    const rec = byCat(recommend(costs(ten), { max_cost_usd: 2 }), 'cost')!;
    expect(rec.recommended_value).toBe(1.14);
    expect(rec.field).toBe('max_cost_usd');
    expect(rec.explanation).toMatch(/^Historical max cost is \$0\.95\. Current limit is 111% higher than needed/);
    expect(rec.confidence).toBe('high');
  });

  it('raise: historical max above the limit → max × 1.2 rounded to cents', () => {
    const rec = byCat(recommend(costs([...ten.slice(0, 9), 1.337]), { max_cost_usd: 0.9 }), 'cost')!;
    expect(rec.recommended_value).toBe(1.6);
    expect(rec.explanation).toMatch(/1 of 10 runs \(10%\) cost more than the limit/);
  });

  it('nothing when the limit is within (max, 1.3 × max]; confidence medium with 5–9 runs', () => {
    expect(byCat(recommend(costs(ten), { max_cost_usd: 1.2 }), 'cost')).toBeUndefined();
    expect(byCat(recommend(costs(ten.slice(0, 6)), { max_cost_usd: 5 }), 'cost')!.confidence).toBe('medium');
    expect(byCat(recommend(costs(ten), {}), 'cost')).toBeUndefined();
  });
});

describe('ids and order', () => {
  it('ids are stable and depend on project, category and value', () => {
    expect(recommendationId('p', 'mode', '3loop')).toBe(recommendationId('p', 'mode', '3loop'));
    expect(recommendationId('p', 'mode', '3loop')).not.toBe(recommendationId('p', 'mode', '2loop'));
    expect(recommendationId('p', 'mode', '3loop')).not.toBe(recommendationId('q', 'mode', '3loop'));
    expect(recommendationId('p', 'cost', 1.14)).toMatch(/^rec_[0-9a-f]{16}$/);
  });
  it('sorts by confidence, then the seed\'s category order', () => {
    const runs = [
      ...arm('mode', '3loop', [0.78, 0.82, 0.8, 0.79, 0.81], 5).map((r) => ({ ...r, rounds_completed: 2, max_rounds: 8 })),
      ...arm('mode', '2loop', [1.15, 1.22, 1.18, 1.25, 1.2], 5).map((r) => ({ ...r, rounds_completed: 3, max_rounds: 8 })),
    ];
    const r = recommend(runs, { mode: '2loop', max_rounds: 8, max_cost_usd: 5 });
    expect(r.recommendations.map((x) => x.category)).toEqual(['mode', 'rounds', 'cost']);
    expect(new Set(r.recommendations.map((x) => x.id)).size).toBe(3);
  });
  it('within a tier, the card that saves more dollars per 100 runs comes first', () => {
    // Mode saves 30 % of the cost, strategy 60 %: both high, strategy first despite the seed's category order.
    const runs: RunFacts[] = [];
    for (let i = 0; i < 120; i++) {
      const mode = i % 2 ? '3loop' : '2loop';
      const strategy = (i >> 1) % 2 ? 'lean' : 'base';
      const cost = (1 + 0.05 * Math.sin(i * 7.3)) * (mode === '3loop' ? 0.7 : 1) * (strategy === 'lean' ? 0.4 : 1);
      runs.push(run({ mode, prompt_strategy: strategy, total_cost_usd: cost, qa_status: 'passed', rounds_completed: 3, max_rounds: 4 }));
    }
    const r = recommend(runs, { mode: '2loop', prompt_strategy: 'base', max_rounds: 4, max_cost_usd: 1.3 });
    const arms = r.recommendations.filter((x) => x.category === 'mode' || x.category === 'strategy');
    expect(arms.map((x) => x.confidence)).toEqual(['high', 'high']);
    expect(arms.map((x) => x.category)).toEqual(['strategy', 'mode']);
  });
});
