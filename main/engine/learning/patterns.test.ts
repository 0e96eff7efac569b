import { describe, expect, it } from 'vitest';
import { bucketOf, calibration, calibrationOf } from './calibration';
import { fisherGreater } from './fisher';
import { gateFailureRates, gateRootCauses, NO_REASON } from './gate-root-causes';
import { handoffs } from './handoffs';
import { DEFAULT_LEARNING_OPTIONS } from './options';
import { overrides } from './overrides';
import { recipeSummary } from './recipes';
import { tokenEfficiency } from './token-efficiency';
import type { LearningDecision, LearningGate, LearningRun, LearningStep } from './types';
import { day, lrun, maskTemplate, passRuns } from './test-runs';

const P = DEFAULT_LEARNING_OPTIONS.patterns;
const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

describe('Fisher exact, one-sided (scipy.stats.fisher_exact alternative="greater")', () => {
  it.each([
    [8, 10, 3, 10, 0.03488925934746368],
    [45, 50, 40, 50, 0.1311697286766857],
    [5, 20, 10, 20, 0.9758139674713646],
    [0, 5, 0, 5, 1],
    [30, 40, 30, 40, 0.6016215158454867],
    [12, 12, 5, 13, 0.0011899313501144164],
  ])('%i/%i vs %i/%i', (s1, n1, s2, n2, p) => {
    expect(fisherGreater(s1, n1, s2, n2)).toBeCloseTo(p, 10);
  });
});

describe('pattern 1: gate-failure root causes', () => {
  const fail = (reason?: string, agent = 'architect'): LearningGate => ({ gate_id: 'api_contract_present', result: 'fail', reason, agent });
  const gates: LearningGate[] = [
    ...times(30, () => ({ gate_id: 'api_contract_present', result: 'pass' as const })),
    ...times(12, (i) => fail(`missing error codes for endpoint ${i + 1}`)),
    ...times(5, () => fail('File does not exist at api/openapi.yaml')),
    ...times(2, (i) => fail(`timeout after ${30 + i}s`, 'engineer')),
    fail(undefined),
    ...times(95, () => ({ gate_id: 'lint', result: 'pass' as const })),
    ...times(5, () => ({ gate_id: 'lint', result: 'fail' as const, reason: 'style' })),
    { gate_id: 'lint' }, // no result: not a check
  ];
  const runs = [lrun({ gates: gates.slice(0, 60) }), lrun({ gates: gates.slice(60) })];
  const rc = gateRootCauses(runs, maskTemplate, P);

  it('keeps gates failing more than 10 % of checks, with the Wilson interval', () => {
    expect(rc.map((g) => g.gate_id)).toEqual(['api_contract_present']);
    const g = rc[0];
    expect([g.checks, g.failures, g.failure_rate]).toEqual([50, 20, 0.4]);
    expect(g.failure_ci95![0]).toBeCloseTo(0.27608389730256544, 10);
    expect(g.failure_ci95![1]).toBeCloseTo(0.5381856225241064, 10);
    expect(g.agent).toBe('architect');
    expect(gateFailureRates(runs).get('lint')!.rate).toBeCloseTo(0.05, 12);
  });
  it('groups reasons by template and keeps the top 3 with counts and shares', () => {
    const r = rc[0].reasons;
    expect(r.map((x) => [x.template, x.count, x.share])).toEqual([
      ['missing error codes for endpoint <*>', 12, 0.6],
      ['File does not exist at api/openapi.yaml', 5, 0.25],
      ['timeout after <*>s', 2, 0.1],
    ]);
    expect(r[0].examples).toEqual(['missing error codes for endpoint 1', 'missing error codes for endpoint 2', 'missing error codes for endpoint 3']);
    expect(rc[0].other_failures).toBe(1);
    const all = gateRootCauses(runs, maskTemplate, { ...P, topReasons: 5 });
    expect(all[0].reasons.at(-1)!.template).toBe(NO_REASON);
  });
});

describe('pattern 3: handoffs', () => {
  const step = (agent: string, success: boolean, retries = 0): LearningStep => ({ agent, success, retries });
  const runs: LearningRun[] = [
    ...times(20, (i) => lrun({ steps: [step('architect', true), step('engineer', i < 19), step('qa', i < 10, 1)] })),
    ...times(10, (i) => lrun({ steps: [step('architect', true), step('architect', true), step('qa', i < 9, 0)] })),
  ];
  const h = handoffs(runs);
  it('counts B after A, skips A → A, and ranks by the lower Wilson bound', () => {
    expect(h.map((x) => [x.from, x.to, x.n, x.success_rate, x.avg_retries, x.rank])).toEqual([
      ['architect', 'engineer', 20, 0.95, 0, 1],
      ['architect', 'qa', 10, 0.9, 0, 2],
      ['engineer', 'qa', 20, 0.5, 1, 3],
    ]);
    expect(h[1].success_ci95![0]).toBeCloseTo(0.5958499732047615, 10);
    expect(h[2].success_ci95![1]).toBeCloseTo(0.7007019918017877, 10);
  });
});

describe('pattern 4: human overrides', () => {
  const dec = (type: string, agent: string, aligned: boolean, options?: string[]): LearningDecision => (
    { decision_type: type, agent, agent_recommendation: 'A', human_decision: aligned ? 'A' : 'B', options });
  const runs = [lrun({
    decisions: [
      ...times(12, (i) => dec('feature_priority', 'engineer', i >= 8)),
      ...times(12, (i) => dec('tech_stack', 'architect', i >= 3)),
      ...times(6, (i) => dec('risk_acceptance', 'security', i >= 4, ['A', 'B'])),
      { decision_type: 'tech_stack', agent: 'architect' }, // alignment unknown
    ],
  })];
  const rows = overrides(runs, P);
  it('rates per decision type × agent, flags > 50 % with ≥ 10 decisions', () => {
    expect(rows.map((r) => [r.decision_type, r.agent, r.n, r.overrides, r.flagged])).toEqual([
      ['feature_priority', 'engineer', 12, 8, true],
      ['risk_acceptance', 'security', 6, 4, false],
      ['tech_stack', 'architect', 12, 3, false],
    ]);
    expect(rows[0].override_ci95![0]).toBeCloseTo(0.39062208887279953, 10);
    expect(rows[0].examples).toEqual(['recommended "A", human chose "B"']);
    expect(rows[1].with_options).toBe(6);
  });
});

describe('pattern 5: token efficiency', () => {
  const v = (version: string, from: number, n: number, passes: number, tokens: number) =>
    passRuns(n, passes, { prompt_version: version, tokens_in: tokens / 2, tokens_out: tokens / 2 }).map((r, i) => ({ ...r, started_at: day(from + i / 10) }));
  const runs = [
    ...v('v1', 0, 20, 16, 1000), // 1250 per pass: the best
    ...v('v2', 10, 20, 16, 1500), // 1875: +50 % vs v1, same quality → flagged vs previous
    ...v('v3', 20, 30, 30, 1700), // 1700: +36 % vs best but better quality (Fisher p = 0.021) → not flagged
    ...v('v4', 30, 20, 17, 1600), // 1882: +10.7 % vs v3, +50.6 % vs best, not better → flagged vs best
    lrun({ prompt_version: 'v4', qa_status: 'passed', started_at: day(31) }), // no tokens: left out
  ];
  const rows = Object.fromEntries(tokenEfficiency(runs, P).map((r) => [r.prompt_version, r]));
  it('computes tokens per success and the comparisons', () => {
    expect(rows.v1.tokens_per_success).toBe(1250);
    expect(rows.v1.flagged).toBe(false);
    expect(rows.v2.vs_previous).toBeCloseTo(0.5, 12);
    expect(rows.v2.quality_p).toBeCloseTo(0.6526176526176526, 10);
    expect([rows.v2.flagged, rows.v2.flagged_against]).toEqual([true, 'previous']);
    expect(rows.v3.vs_best).toBeCloseTo(1700 / 1250 - 1, 12);
    expect(rows.v3.quality_p).toBeCloseTo(0.021037776812852804, 10);
    expect(rows.v3.flagged).toBe(false);
    expect(rows.v4.runs).toBe(20);
    expect(rows.v4.vs_previous).toBeCloseTo((32000 / 17) / 1700 - 1, 12);
    expect(rows.v4.quality_p).toBeCloseTo(0.5, 10);
    expect([rows.v4.flagged, rows.v4.flagged_against, rows.v4.best_version]).toEqual([true, 'best', 'v1']);
  });
});

describe('pattern 5: intervals by the delta method (numpy reference)', () => {
  it('tokens per success and the ratio to the previous version', () => {
    const runs = [
      ...Array.from({ length: 20 }, (_, i) => lrun({ prompt_version: 'v1', started_at: day(i / 10), tokens_in: 800 + 20 * i, qa_status: i % 5 ? 'passed' : 'failed' })),
      ...Array.from({ length: 20 }, (_, i) => lrun({ prompt_version: 'v2', started_at: day(5 + i / 10), tokens_in: 1500 + 30 * i, qa_status: i % 4 ? 'passed' : 'failed' })),
    ];
    const [v1, v2] = tokenEfficiency(runs, P);
    expect(v1.tokens_per_success).toBeCloseTo(1237.5, 10);
    expect(v1.tokens_per_success_ci95![0]).toBeCloseTo(991.309994853197, 8);
    expect(v1.tokens_per_success_ci95![1]).toBeCloseTo(1544.8308379325738, 8);
    expect(v2.vs_previous).toBeCloseTo(0.9232323232323232, 12);
    expect(v2.vs_previous_ci95![0]).toBeCloseTo(0.3699086393038671, 10);
    expect(v2.vs_previous_ci95![1]).toBeCloseTo(1.7000505457102548, 10);
    expect(v1.vs_previous_ci95).toBeNull();
  });
});

describe('pattern 6: recipes', () => {
  it('summarises per recipe × domain and warns when models differ', () => {
    const runs = [
      ...passRuns(10, 8, { recipe: 'gis', domain: 'fintech', model: 'm1', duration_s: 100, total_cost_usd: 2 }),
      ...passRuns(4, 1, { recipe: 'web', model: 'm2', total_cost_usd: 1 }),
      lrun({ recipe: 'web', model: 'm2', duration_s: 50, total_cost_usd: 4 }),
    ];
    const s = recipeSummary(runs, DEFAULT_LEARNING_OPTIONS.labels);
    expect(s.rows.map((r) => [r.recipe, r.domain, r.runs, r.success.successes, r.success.n, r.median_duration_s, r.mean_cost_usd])).toEqual([
      ['gis', 'fintech', 10, 8, 10, 100, 2],
      ['web', null, 5, 1, 4, 50, 1.6],
    ]);
    expect(s.warnings[0]).toMatch(/different models.*gis × fintech: mostly m1 \(100 %\); web: mostly m2/);
    expect(recipeSummary(passRuns(3, 1, { recipe: 'x', model: 'm' }), DEFAULT_LEARNING_OPTIONS.labels).warnings).toEqual([]);
  });
});

describe('pattern 7: confidence calibration', () => {
  it('buckets [0, 0.2) … [0.8, 1.0]', () => {
    expect([0, 0.19999, 0.2, 0.6, 0.79999, 0.8, 1].map(bucketOf)).toEqual([0, 0, 1, 3, 3, 4, 4]);
  });
  it('ECE and Brier match numpy on a five-bucket example', () => {
    const ps = [0.1, 0.3, 0.5, 0.75, 1.0];
    const ys = [[1, 9], [3, 7], [5, 5], [6, 4], [10, 0]];
    const pairs = ps.flatMap((p, b) => [...times(ys[b][0], () => ({ p, y: true })), ...times(ys[b][1], () => ({ p, y: false }))]);
    const c = calibrationOf(pairs)!;
    expect(c.ece).toBeCloseTo(0.030000000000000016, 12);
    expect(c.brier).toBeCloseTo(0.1625, 12);
    expect(c.buckets.map((b) => [b.from, b.to, b.n, b.actual])).toEqual([[0, 0.2, 10, 0.1], [0.2, 0.4, 10, 0.3], [0.4, 0.6, 10, 0.5], [0.6, 0.8, 10, 0.6], [0.8, 1, 10, 1]]);
  });
  it('per agent: reads 0–100 as percent and flags the overconfident agent', () => {
    const runs = [lrun({
      decisions: [
        ...times(50, (i) => ({ agent: 'architect', agent_confidence: 0.9, aligned: i < 45 })),
        ...times(40, (i) => ({ agent: 'engineer', agent_confidence: 70, aligned: i < 22 })),
        ...times(12, (i) => ({ agent: 'pm', agent_confidence: 0.1, aligned: i < 10 })),
      ],
      steps: times(5, (i) => ({ agent: 'qa', confidence: 80, success: i < 4 })),
    })];
    const rows = Object.fromEntries(calibration(runs, P).map((r) => [`${r.source}:${r.agent}`, r]));
    expect(rows['decision:architect'].ece).toBeCloseTo(0, 12);
    expect(rows['decision:architect'].brier).toBeCloseTo(0.09, 12);
    expect(rows['decision:architect'].flag).toBeNull();
    expect(rows['decision:engineer'].ece).toBeCloseTo(0.15, 12);
    expect(rows['decision:engineer'].brier).toBeCloseTo(0.27, 12);
    // Wilson upper bound of 22/40 is 0.6929 < 0.70 stated
    expect(rows['decision:engineer'].actual_ci95![1]).toBeCloseTo(0.6929469218909508, 10);
    expect(rows['decision:engineer'].flag).toBe('overconfident');
    expect(rows['decision:pm'].flag).toBe('underconfident');
    expect(rows['step:qa'].buckets[4]).toMatchObject({ n: 5, stated: 0.8, actual: 0.8 });
    expect(rows['step:qa'].flag).toBeNull(); // 5 < 10 samples
  });
});
