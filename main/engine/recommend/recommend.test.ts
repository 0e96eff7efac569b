import { describe, expect, it } from 'vitest';
import type { RunFacts } from '../aggregates';
import { run } from '../test-support';
import type { TuningConfig } from '../../../shared/domain';
import { recommendationId } from './common';
import type { LimitChange, RoundsOutcome } from './rounds';
import { insufficientData } from './index';
import { recommend, type TestRun } from './test-helpers';

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

describe('mode / strategy / model / prompt_version / recipe (on the experiments engine)', () => {
  const seedRuns = (): RunFacts[] => [
    ...arm('mode', '3loop', [0.78, 0.82, 0.8, 0.79, 0.81], 5),
    ...arm('mode', '2loop', [1.15, 1.22, 1.18, 1.25, 1.2], 4),
  ];

  it('the seed\'s example: 3loop cheaper with better QA → 2loop → 3loop, medium or high, cost and QA confidence apart', () => {
    const r = recommend(seedRuns(), { mode: '2loop' });
    const rec = byCat(r, 'mode')!;
    expect(rec).toBeDefined();
    expect(rec.kind).toBe('cheaper');
    expect(rec.source_experiment).toBe('mode');
    expect(rec.current_value).toBe('2loop');
    expect(rec.recommended_value).toBe('3loop');
    expect(rec.field).toBe('mode');
    expect(['high', 'medium']).toContain(rec.confidence);
    expect(rec.confidence_cost).toBe('high');
    // 5/5 vs 4/5: P(worse by > 5 pts) = 0.157 (scipy: Beta(6,1) vs Beta(5,2)), P(> 10 pts) = 0.106 → medium.
    expect(rec.confidence_qa).toBe('medium');
    expect(rec.confidence).toBe('medium');
    expect(rec.explanation).toMatch(/^Mode 3loop costs 33% less per run than 2loop in dollars \(mean \$0\.80 vs \$1\.20/);
    expect(rec.explanation).toContain('16% chance QA drops by more than 5 points');
    expect(rec.explanation).toMatch(/Rule: cheaper — cost confidence high .* QA confidence medium/);
    expect(rec.estimated_impact).toMatch(/savings per run \(95% CI .*\); ~\$\d+\.\d\d less per 100 runs/);
    expect(rec.impact!.cost_per_run_usd!).toBeCloseTo(-0.4, 10);
    expect(rec.impact!.ci_low!).toBeLessThanOrEqual(rec.impact!.cost_per_run_usd!);
    expect(rec.impact!.ci_high!).toBeGreaterThanOrEqual(rec.impact!.cost_per_run_usd!);
    const ev = rec.evidence;
    expect(ev.arms!.map((a) => [a.arm, a.n])).toEqual([['2loop', 5], ['3loop', 5]]);
    expect(ev.p_value_adjusted!).toBeLessThan(0.001);
    expect(ev.arms_compared).toBe(1);
    // Dollars, not geometric means: 0.80 / 1.20.
    expect(ev.cost_ratio!.estimate).toBeCloseTo(2 / 3, 10);
    expect(ev.qa_diff!.estimate).toBeCloseTo(0.2, 10);
    expect(ev.p_qa_worse!).toBeCloseTo(0.156962, 5);
    expect(ev.values!.p_qa_worse_twice_margin as number).toBeCloseTo(0.106065, 5);
    expect(r.considered).toEqual([]);
  });

  it('a cheaper arm whose QA is probably worse goes to "considered" as qa_risk, with P in words', () => {
    const cheap = Array.from({ length: 20 }, (_, i) => 0.5 + (i % 5) * 0.01);
    const dear = Array.from({ length: 20 }, (_, i) => 1 + (i % 5) * 0.01);
    // 12/20 vs 19/20: P(worse by > 5 points) ≈ 1 → not recommended at any tier.
    const r = recommend([...arm('mode', 'b', cheap, 12), ...arm('mode', 'a', dear, 19)], { mode: 'a' });
    expect(byCat(r, 'mode')).toBeUndefined();
    const c = r.considered.find((x) => x.value === 'b')!;
    expect(c).toMatchObject({ category: 'mode', field: 'mode', reason_kind: 'qa_risk' });
    expect(c.reason).toMatch(/QA may be worse by more than 5 points: P = 0\.9\d/);
    expect(c.evidence.p_qa_worse as number).toBeGreaterThan(0.9);
    expect(c.evidence.saving as number).toBeCloseTo(1 - 0.52 / 1.02, 10);
  });

  it('low when only the point conditions hold (≥ 3 per arm, ≥ 15 % cheaper), with the runs that would settle it', () => {
    const runs = [...arm('prompt_strategy', 'fast', [0.5, 1.1, 0.7], 3), ...arm('prompt_strategy', 'base', [0.9, 1.3, 0.8], 3)];
    const rec = byCat(recommend(runs, { prompt_strategy: 'base' }), 'strategy')!;
    expect(rec.field).toBe('prompt_strategy');
    expect(rec.confidence_cost).toBe('low');
    expect(rec.confidence).toBe('low');
    expect(rec.evidence.p_value_adjusted!).toBeGreaterThanOrEqual(0.05);
    expect(rec.explanation).toMatch(/cost confidence low \(point conditions only/);
    expect(rec.explanation).toMatch(/About \d+ runs per arm would settle the cost gap\./);
  });

  it('reasons for arms not recommended: not_cheaper, too_few_runs, no_current_value, zero_variance', () => {
    const runs = [
      ...arm('model', 'm1', [0.9, 0.92, 0.91, 0.9], 4), ...arm('model', 'm2', [1, 1.01, 0.99, 1], 4), ...arm('model', 'm3', [0.4, 0.41], 2),
    ];
    const r = recommend(runs, { model: 'm2' });
    expect(byCat(r, 'model')).toBeUndefined();
    const by = Object.fromEntries(r.considered.map((c) => [c.value, c]));
    expect(by.m1.reason_kind).toBe('not_cheaper');
    expect(by.m1.reason).toMatch(/m1 costs only 9% less per run \(the rule needs ≥ 15 %\) than m2/);
    expect(by.m3.reason_kind).toBe('too_few_runs');
    expect(by.m3.reason).toMatch(/Too few runs to compare: 2 vs 4/);
    const none = recommend(runs, {});
    expect(none.considered.map((c) => c.reason_kind)).toEqual(['no_current_value', 'no_current_value', 'no_current_value']);
    const flat = [...arm('mode', 'x', [0.5, 0.5, 0.5, 0.5], 4), ...arm('mode', 'y', [1, 1, 1, 1], 4)];
    const z = recommend(flat, { mode: 'y' });
    expect(byCat(z, 'mode')).toBeUndefined();
    expect(z.considered).toMatchObject([{ value: 'x', reason_kind: 'zero_variance' }]);
    expect(z.considered[0].reason).toBe('Every run of x costs the same, and every run of y too (no spread), so no cost test is possible.');
  });

  it('confounded: an arm that only ran with another model is listed as confounded, never recommended', () => {
    const runs: RunFacts[] = [];
    for (let i = 0; i < 30; i++) {
      runs.push(run({ mode: 'fast', model: 'mini', total_cost_usd: 0.3 + (i % 5) * 0.01, qa_status: 'passed' }));
      runs.push(run({ mode: 'base', model: 'big', total_cost_usd: 1 + (i % 5) * 0.01, qa_status: 'passed' }));
    }
    const r = recommend(runs, { mode: 'base', model: 'big' });
    expect(byCat(r, 'mode')).toBeUndefined();
    const c = r.considered.find((x) => x.category === 'mode')!;
    expect(c.reason_kind).toBe('confounded');
    expect(c.reason).toMatch(/fully confounded with model/);
  });

  it('better quality at a price: an option with its price, a recommendation within the willingness to pay', () => {
    const runs: RunFacts[] = [];
    for (let i = 0; i < 80; i++) {
      runs.push(run({ model: 'big', total_cost_usd: 1.4 + (i % 7) * 0.02, qa_status: i % 20 === 0 ? 'failed' : 'passed' }));
      runs.push(run({ model: 'mini', total_cost_usd: 1 + (i % 7) * 0.02, qa_status: i % 10 < 3 ? 'failed' : 'passed' }));
    }
    const r = recommend(runs, { model: 'mini' });
    expect(byCat(r, 'model')).toBeUndefined();
    const opt = r.considered.find((x) => x.value === 'big')!;
    expect(opt.reason_kind).toBe('better_quality_at_price');
    // +25 pts (95 % vs 70 %) for $0.40 more per run: $1.60 per extra passed run.
    expect(opt.reason).toMatch(/\+25 pts for \$0\.40 more per run: \$1\.60 per extra passed run/);
    const paid = recommend(runs, { model: 'mini' }, {}, { settings: { willingness_to_pay_usd: 2 } });
    const rec = byCat(paid, 'model')!;
    expect(rec.kind).toBe('better_quality');
    expect(rec.recommended_value).toBe('big');
    expect(rec.explanation).toMatch(/within the willingness to pay of \$2\.00 per extra passed run/);
    expect(rec.confidence_qa).toBe('high');
    expect(rec.impact!.per_100_runs_usd!).toBeCloseTo(40, 6);
    const stingy = recommend(runs, { model: 'mini' }, {}, { settings: { willingness_to_pay_usd: 1 } });
    expect(byCat(stingy, 'model')).toBeUndefined();
  });

  it('better quality and cheaper per passed run: recommended without a willingness to pay', () => {
    const runs: TestRun[] = [];
    for (let i = 0; i < 60; i++) {
      runs.push({ ...run({ total_cost_usd: 1.1 + (i % 5) * 0.02, qa_status: i % 20 === 0 ? 'failed' : 'passed' }), recipe: 'r2' });
      runs.push({ ...run({ total_cost_usd: 1 + (i % 5) * 0.02, qa_status: i % 2 === 0 ? 'failed' : 'passed' }), recipe: 'r1' });
    }
    const rec = byCat(recommend(runs, { recipe: 'r1' }), 'recipe')!;
    expect(rec).toMatchObject({ kind: 'better_quality', field: 'recipe', recommended_value: 'r2' });
    expect(rec.explanation).toMatch(/cost per passed run does not get worse/);
  });

  it('Holm-adjusts across all alternatives and picks the best tier', () => {
    const runs = [
      ...arm('mode', 'cur', [1, 1.05, 0.95, 1.02, 0.98, 1], 6),
      ...arm('mode', 'x', [0.6, 0.63, 0.57, 0.61, 0.59, 0.6], 6),
      ...arm('mode', 'y', [0.8, 1.2, 0.6, 1.1, 0.7, 0.9], 6),
      ...arm('mode', 'z', [1.1, 1.2, 1.15, 1.2, 1.1, 1.2], 6),
    ];
    const r = recommend(runs, { mode: 'cur' });
    const rec = byCat(r, 'mode')!;
    expect(rec.recommended_value).toBe('x');
    expect(rec.evidence.arms_compared).toBe(3);
    expect(rec.explanation).toContain('Holm-adjusted over 3 alternatives');
    expect(r.considered.map((c) => c.value).sort()).toEqual(['y', 'z']);
    expect(r.considered.find((c) => c.value === 'z')!.reason).toMatch(/costs \d+% more per run/);
  });
});

describe('rounds (censoring-aware)', () => {
  type Ended = { status?: 'completed' | 'aborted' | 'timeout' | 'failed' | null; qa?: 'passed' | 'failed' | null; stop?: string | null };
  /** Outcome rows for the rule: `dist` rounds → count, all under `maxRounds`, ended as `ended(rounds)` says. */
  const outcomes = (dist: Record<number, number>, maxRounds: number, ended: (r: number) => Ended = () => ({ status: 'completed', qa: 'passed' })): RoundsOutcome[] =>
    Object.entries(dist).map(([r, n]) => {
      const e = ended(Number(r));
      return {
        rounds: Number(r), max_rounds: maxRounds, status: e.status ?? null, qa_status: e.qa ?? null,
        stop_reason_limit: e.stop == null ? null : /round|limit/i.test(e.stop), n,
      };
    });
  /** Runs for the profile (avg rounds, QA) matching the outcome rows. */
  const runsOf = (rows: RoundsOutcome[]): RunFacts[] => rows.flatMap((o) =>
    Array.from({ length: o.n }, () => run({ rounds_completed: o.rounds, max_rounds: o.max_rounds, qa_status: (o.qa_status as 'passed' | 'failed' | null) ?? 'passed', total_cost_usd: 1 })));
  const rounds = (rows: RoundsOutcome[], current: number, changes: LimitChange[] = [], tuning: Partial<TuningConfig> = {}) =>
    byCat(recommend(runsOf(rows), { max_rounds: current }, tuning, { limits: { rounds: rows, changes } }), 'rounds');

  it('lower: the seed\'s "95 % of runs complete by round 3" → 3, confidence from the Kaplan–Meier lower bound', () => {
    const rec = rounds(outcomes({ 1: 2, 2: 10, 3: 8 }, 8), 8)!;
    expect(rec).toMatchObject({ recommended_value: 3, current_value: 8, field: 'max_rounds', kind: 'limit' });
    // 20 of 20 finished within 3: one-sided 95 % Clopper–Pearson lower bound 0.05^(1/20) = 0.860892 → medium.
    expect(rec.evidence.values!.km_lower_bound_at_target as number).toBeCloseTo(0.8608916593, 8);
    expect(rec.confidence).toBe('medium');
    expect(rec.explanation).toMatch(/^100% of runs finish within 3 rounds \(Kaplan–Meier over 20 runs/);
  });

  it('lower: smallest limit with KM ≥ 95 % (one long run of 20 is allowed to exceed it); 19/20 gives bound 0.784 → low', () => {
    const rec = rounds(outcomes({ 2: 12, 3: 7, 6: 1 }, 10), 10)!;
    expect(rec.recommended_value).toBe(3);
    expect(rec.evidence.values!.km_lower_bound_at_target as number).toBeCloseTo(0.7838938358, 6); // scipy beta.ppf(0.05, 19, 2)
    expect(rec.confidence).toBe('low');
  });

  it('lower needs QA > 80 % and a limit > average + 2', () => {
    expect(rounds(outcomes({ 2: 10, 3: 10 }, 8, () => ({ status: 'completed', qa: 'failed' })), 8)).toBeUndefined();
    expect(rounds(outcomes({ 2: 10, 3: 10 }, 4), 4)).toBeUndefined();
  });

  it('a run that finished in its last allowed round did not hit the limit; one the limit stopped did', () => {
    // 4 of 10 runs used all 4 rounds, but completed with QA passed: nothing to raise.
    expect(rounds(outcomes({ 2: 6, 3: 2, 4: 2 }, 4), 4)).toBeUndefined();
    // The same runs, aborted at the limit: 20 % stopped → +50 %.
    const aborted = outcomes({ 2: 6, 3: 2, 4: 2 }, 4, (r) => (r === 4 ? { status: 'aborted' } : { status: 'completed', qa: 'passed' }));
    const rec = rounds(aborted, 4)!;
    expect(rec.recommended_value).toBe(6);
    expect(rec.explanation).toMatch(/20% of runs \(2 of 10\) were stopped by the limit of 4 rounds/);
    expect(rec.explanation).toMatch(/one step of \+50%/);
    expect(rec.confidence).toBe('medium');
    // A stop_reason naming the limit, or QA not passed at the limit, count as stopped too.
    expect(rounds(outcomes({ 2: 6, 3: 2, 4: 2 }, 4, (r) => (r === 4 ? { status: 'completed', stop: 'max_rounds reached' } : {})), 4)?.recommended_value).toBe(6);
    expect(rounds(outcomes({ 2: 6, 3: 2, 4: 2 }, 4, (r) => (r === 4 ? { status: null, qa: 'failed' } : { qa: 'passed' })), 4)?.recommended_value).toBe(6);
  });

  it('with neither status nor QA the seed\'s literal rule applies, and the card says so', () => {
    const rec = rounds(outcomes({ 2: 6, 3: 2, 4: 2 }, 4, () => ({})), 4)!;
    expect(rec.recommended_value).toBe(6);
    expect(rec.evidence.values!.runs_judged_by_seed_rule).toBe(2);
    expect(rec.evidence.notes!.join(' ')).toMatch(/2 of 10 runs reached their limit with neither a status nor a QA outcome: counted as stopped by the limit \(the seed's literal rule\)/);
  });

  it('raise: runs under a higher limit show where 95 % finish (Kaplan–Meier with the stopped runs censored)', () => {
    const rows = [
      ...outcomes({ 2: 4 }, 3), ...outcomes({ 3: 4 }, 3, () => ({ status: 'timeout' })), ...outcomes({ 7: 4, 9: 1 }, 12),
    ];
    const rec = rounds(rows, 3)!;
    expect(rec.recommended_value).toBe(9);
    // KM reaches 1 at 9; censored runs leave 9 of 13 at risk: bound 0.05^(1/9) = 0.716871 → low.
    expect(rec.confidence).toBe('low');
    expect(rec.explanation).toMatch(/Runs made under higher limits show 100% finishing within 9 rounds/);
  });

  it('hysteresis: a proposal undoing the ledger\'s change stands only when runs under the new value say so', () => {
    // Old runs under 7 were often stopped at 7; the ledger then lowered the limit 7 → 3.
    const old = outcomes({ 2: 10, 7: 5 }, 7, (r) => (r === 7 ? { status: 'aborted' } : { status: 'completed', qa: 'passed' }));
    const under3 = outcomes({ 1: 6, 2: 10 }, 3);
    const change: LimitChange = { before: 7, after: 3, applied_ms: 1 };
    // Without the ledger, 10 of 36 runs stopped (28 %) ask for a raise; with it, the runs under 3 alone do not.
    const heavy = outcomes({ 2: 10, 7: 10 }, 7, (r) => (r === 7 ? { status: 'aborted' } : { status: 'completed', qa: 'passed' }));
    // Stopped runs never show their need and no run finished past 7: the +50 % step, 3 → 5.
    expect(rounds([...heavy, ...under3], 3)?.recommended_value).toBe(5);
    expect(rounds([...heavy, ...under3], 3, [change])).toBeUndefined();
    // Runs made under 3 that are themselves stopped do justify going back up.
    const stopped3 = outcomes({ 3: 8 }, 3, () => ({ status: 'aborted' }));
    const back = rounds([...old, ...under3, ...stopped3], 3, [change])!;
    expect(back.recommended_value).toBeGreaterThan(3);
    expect(back.evidence.notes!.join(' ')).toMatch(/rests on the 24 runs made under 3 alone/);
  });

  it('replays the 7 → 3 → 5 → 3 → 5 cycle of the old rule and shows the new one stops', () => {
    // Planted: rounds needed 1: 20 %, 2: 45 %, 3: 30 %, 4: 2.5 %, 5: 2.5 % (40 runs per step, exact shares).
    const need: Record<number, number> = { 1: 8, 2: 18, 3: 12, 4: 1, 5: 1 };
    const batch = (limit: number): RoundsOutcome[] => {
      const rows: RoundsOutcome[] = [];
      for (const [r, n] of Object.entries(need)) {
        const k = Number(r);
        rows.push(k <= limit
          ? { rounds: k, max_rounds: limit, status: 'completed', qa_status: 'passed', stop_reason_limit: null, n }
          : { rounds: limit, max_rounds: limit, status: 'aborted', qa_status: 'failed', stop_reason_limit: true, n });
      }
      return rows;
    };
    /** The old rule: a run "hit" the limit when rounds ≥ the limit, however it ended. */
    const oldRule = (rows: RoundsOutcome[], limit: number): number | null => {
      const total = rows.reduce((s, o) => s + o.n, 0);
      const hits = rows.filter((o) => o.rounds >= limit).reduce((s, o) => s + o.n, 0);
      const avg = rows.reduce((s, o) => s + o.rounds * o.n, 0) / total;
      let cum = 0;
      let p95 = 0;
      for (const o of [...rows].sort((a, b) => a.rounds - b.rounds)) {
        cum += o.n;
        if (cum / total >= 0.95) { p95 = o.rounds; break; }
      }
      if (1 - hits / total >= 0.95 && limit > avg + 2) return p95 < limit ? p95 : null;
      if (hits / total >= 0.2) return Math.max(Math.max(limit + 1, Math.ceil(limit * 1.5)), p95);
      return null;
    };
    const replay = (decide: (window: RoundsOutcome[], all: RoundsOutcome[], limit: number, changes: LimitChange[]) => number | null): number[] => {
      let limit = 7;
      const seq = [limit];
      const all: RoundsOutcome[] = [];
      const changes: LimitChange[] = [];
      for (let step = 0; step < 6; step++) {
        const window = batch(limit);
        all.push(...window);
        const next = decide(window, all, limit, changes);
        if (next == null || next === limit) continue;
        changes.push({ before: limit, after: next, applied_ms: step });
        limit = next;
        seq.push(limit);
      }
      return seq;
    };
    const old = replay((window, _all, limit) => oldRule(window, limit));
    const fresh = replay((window, _all, limit, changes) => Number(rounds(window, limit, changes)?.recommended_value ?? limit));
    const cumulative = replay((_w, all, limit, changes) => Number(rounds(all, limit, changes)?.recommended_value ?? limit));
    console.info('rounds cycle — old rule:', old.join(' → '), '; new rule on each step\'s runs:', fresh.join(' → '), '; on all runs with the ledger:', cumulative.join(' → '));
    expect(old.slice(0, 5)).toEqual([7, 3, 5, 3, 5]);
    expect(fresh).toEqual([7, 3]);
    expect(cumulative).toEqual([7, 3]);
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
  it('sorts by tier; within a tier, cards with a dollar impact before limits without one', () => {
    const runs = [
      ...arm('mode', '3loop', [0.78, 0.82, 0.8, 0.79, 0.81], 5).map((r) => ({ ...r, rounds_completed: 2, max_rounds: 8 })),
      ...arm('mode', '2loop', [1.15, 1.22, 1.18, 1.25, 1.2], 5).map((r) => ({ ...r, rounds_completed: 3, max_rounds: 8 })),
    ];
    const r = recommend(runs, { mode: '2loop', max_rounds: 8, max_cost_usd: 5 });
    expect(r.recommendations.map((x) => [x.category, x.confidence])).toEqual([['cost', 'high'], ['mode', 'low'], ['rounds', 'low']]);
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
