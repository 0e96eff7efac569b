import { describe, expect, it } from 'vitest';
import type { RunRecord, RunStep } from '../../../shared/run-record';
import { bestAgents, bestModels, probabilityBest } from './agent-best';
import { stepFacts } from './agent-steps';
import { agentTaskStats } from './agents';
import { agentsReport } from './agents-report';
import { meanWithInterval, retryHotspots } from './retries';
import { recoveryStrategies } from './recovery';

// Reference values: scipy 1.17 (integrate.quad for P(best), binomtest(...).proportion_ci('wilson'),
// t.interval, numpy.percentile).
const T0 = Date.UTC(2026, 9, 1);
const at = (i: number) => new Date(T0 + i * 3_600_000).toISOString();

/** One run per step, so steps carry their run's time. */
function runsOf(steps: RunStep[]): RunRecord[] {
  return steps.map((s, i) => ({ run_id: `r${i}`, project_id: 'p', started_at: at(i), model: 'run-model', steps: [s] }));
}
/** `n` steps of which the first `s` succeed (order then shuffled deterministically). */
function outcomes(agent: string, task_type: string, s: number, n: number, extra: Partial<RunStep> = {}): RunStep[] {
  return Array.from({ length: n }, (_, i) => ({ agent, task_type, success: (i * 7) % n < s, ...extra }));
}

describe('step facts', () => {
  it('takes the run model and time as defaults, and a bare error as a failure', () => {
    const [a, b, c] = stepFacts([{ run_id: 'r', project_id: 'p', started_at: at(0), model: 'm', steps: [
      { agent: 'qa', error: { message: 'boom' } },
      { task_type: 'test', model: 'x', started_at: at(5), success: true },
      { agent: 'qa', error: { type: 'Timeout' }, recovery: { strategy: 'retry' } },
    ] }]);
    expect(a).toMatchObject({ agent: 'qa', task_type: null, model: 'm', success: false, at: T0, error_message: 'boom' });
    expect(b).toMatchObject({ agent: null, model: 'x', success: true, at: T0 + 5 * 3_600_000, error_message: null });
    expect(c).toMatchObject({ error_message: 'Timeout', success: false, recovery: { strategy: 'retry', success: null } });
  });
});

describe('agents × task types', () => {
  it('success rate with Wilson interval, duration p50/p95, cost, retries, error rate', () => {
    const steps: RunStep[] = Array.from({ length: 50 }, (_, i) => ({
      agent: 'builder', task_type: 'build', success: i >= 5, duration_s: i + 1, cost_usd: 0.1, retries: i % 2 ? 2 : 0,
      error: i < 5 ? { message: 'x' } : null,
    }));
    steps.push({ agent: 'builder', task_type: 'deploy', success: true }, { task_type: 'deploy', success: false }, { agent: 'builder', success: false });
    const rows = agentTaskStats(stepFacts(runsOf(steps)));
    // The step without an agent is in no row; the agent's step without a task type has its own.
    expect(rows.map((r) => [r.agent, r.task_type, r.runs])).toEqual([['builder', 'build', 50], ['builder', 'deploy', 1], ['builder', null, 1]]);
    const [build, deploy] = rows;
    expect(build).toMatchObject({ agent: 'builder', task_type: 'build', runs: 50, outcomes: 50, successes: 45, success_rate: 0.9, duration_p50: 25.5, avg_retries: 1, error_rate: 0.1 });
    expect(build.duration_p95).toBeCloseTo(47.55, 12);
    expect(build.success_ci95![0]).toBeCloseTo(0.7863976856252034, 9);
    expect(build.success_ci95![1]).toBeCloseTo(0.9565242350681095, 9);
    expect(build.cost_usd).toBeCloseTo(5, 12);
    expect(build.avg_cost_usd).toBeCloseTo(0.1, 12);
    expect(deploy).toMatchObject({ task_type: 'deploy', runs: 1, duration_p50: null, avg_retries: null, avg_cost_usd: null });
  });
});

describe('best agent per task type', () => {
  it('P(best) by quadrature matches scipy to 1e-8', () => {
    const P = (arms: [number, number][]) => probabilityBest(arms.map(([s, n]) => ({ a: 1 + s, b: 1 + n - s })));
    const cases: [[number, number][], number[]][] = [
      [[[45, 50], [38, 50], [30, 50]], [0.9663998354, 0.0334768518, 0.0001233128]],
      [[[8, 10], [7, 10]], [0.6824413976, 0.3175586024]],
      [[[18, 20], [180, 200], [5, 10]], [0.3739715598, 0.6256739684, 0.0003544719]],
      [[[10, 10], [0, 10]], [0.9999985824, 0.0000014176]],
      // A narrow posterior beside a wide one: the panel edges at its bends matter here.
      [[[9000, 10000], [8950, 10000], [17, 20]], [0.7459410438, 0.10263488, 0.1514240762]],
    ];
    for (const [arms, want] of cases) P(arms).forEach((p, i) => expect(p).toBeCloseTo(want[i], 8));
  });

  it('picks the planted best agent and model, with confidence, and skips task types without a contest', () => {
    const steps = [
      ...outcomes('coder', 'build', 45, 50, { model: 'claude' }),
      ...outcomes('builder', 'build', 38, 50, { model: 'gpt' }),
      ...outcomes('intern', 'build', 30, 50, { model: 'small' }),
      ...outcomes('fast', 'build', 5, 5), // below minRuns: not a candidate
      ...outcomes('qa', 'test', 7, 10),
      ...outcomes('tester', 'test', 8, 10),
      ...outcomes('solo', 'deploy', 20, 20),
    ];
    const facts = stepFacts(runsOf(steps));
    const best = bestAgents(facts);
    expect(best.map((b) => [b.task_type, b.agent, b.runner_up, b.candidates, b.decided])).toEqual([
      ['build', 'coder', 'builder', 3, false], // 0.966 < 0.975: likely, not decided
      ['test', 'tester', 'qa', 2, false],
    ]);
    expect(best[0].confidence).toBeCloseTo(0.9663998354, 8);
    expect(best[0].runner_up_confidence).toBeCloseTo(0.0334768518, 8);
    expect(best[0].success_rate).toBe(0.9);
    expect(best[1].confidence).toBeCloseTo(0.6824413976, 8);
    const models = bestModels(facts);
    // build: claude 45/50 vs gpt 38/50 vs small 30/50 vs run-model 5/5 (too few).
    expect(models[0]).toMatchObject({ task_type: 'build', model: 'claude', runner_up: 'gpt', candidates: 3 });
    expect(models[0].confidence).toBeCloseTo(0.9663998354, 8);
    expect(bestAgents(facts, { minRuns: 60 })).toEqual([]);
    expect(bestAgents(facts, { decideAt: 0.95 })[0].decided).toBe(true);
  });
});

describe('retry hotspots', () => {
  it('lists agents and task types averaging > 1 retry, with a t interval', () => {
    const retries = [...[1, 2].flatMap((r) => Array(10).fill(r)), 3];
    const steps: RunStep[] = [
      ...retries.map((r) => ({ agent: 'qa', task_type: 'e2e', retries: r })),
      ...[0, 1, 2, 3, 4, 5].map((r) => ({ agent: 'builder', task_type: 'build', retries: r })),
      ...Array.from({ length: 30 }, () => ({ agent: 'planner', task_type: 'plan', retries: 1 })), // exactly 1.0: not a hotspot
      { agent: 'planner', task_type: 'plan' }, // no retries field: left out
    ];
    const spots = retryHotspots(stepFacts(runsOf(steps)));
    // Each role works on one task type here, so no role × task rows (they would repeat these).
    expect(spots.map((s) => [s.role, s.task_type, s.runs, s.total_retries, s.significant])).toEqual([
      ['builder', null, 6, 15, false],
      [null, 'build', 6, 15, false],
      ['qa', null, 21, 33, true],
      [null, 'e2e', 21, 33, true],
    ]);
    const qa = spots[2];
    expect(qa.avg_retries).toBeCloseTo(1.5714285714285714, 12);
    expect(qa.avg_retries_ci95![0]).toBeCloseTo(1.2993978013812495, 9);
    expect(qa.avg_retries_ci95![1]).toBeCloseTo(1.8434593414758933, 9);
    expect(spots[0].avg_retries_ci95![0]).toBeCloseTo(0.536685693019676, 9);
    expect(meanWithInterval([4]).ci95).toBeNull();
  });

  it('lists a role on one task type when that is where the retries are', () => {
    const steps: RunStep[] = [
      { agent: 'fixer', task_type: 'lint', retries: 3 }, { agent: 'fixer', task_type: 'lint', retries: 3 },
      { agent: 'fixer', task_type: 'test', retries: 0 }, { agent: 'fixer', task_type: 'test', retries: 0 },
      { agent: 'qa', task_type: 'lint', retries: 0 }, { agent: 'qa', task_type: 'lint', retries: 0 },
      { retries: 9 }, // neither role nor task type: counted nowhere
    ];
    expect(retryHotspots(stepFacts(runsOf(steps))).map((s) => [s.role, s.task_type, s.avg_retries])).toEqual([
      ['fixer', 'lint', 3],
      ['fixer', null, 1.5],
      [null, 'lint', 1.5],
    ]);
  });
});

describe('recovery strategies', () => {
  it('ranks strategies per error category by success rate, with Wilson intervals', () => {
    const rate = { message: '429 Too Many Requests' };
    const steps: RunStep[] = [
      ...Array.from({ length: 20 }, (_, i) => ({ agent: 'a', error: rate, recovery: { strategy: 'exponential_backoff', success: i < 18 } })),
      ...Array.from({ length: 20 }, (_, i) => ({ agent: 'a', error: rate, recovery: { strategy: 'fallback_model', success: i < 7 } })),
      ...Array.from({ length: 4 }, (_, i) => ({ agent: 'a', error: { message: 'Request timed out after 30s' }, recovery: { strategy: 'retry', success: i < 3 } })),
      { agent: 'a', error: rate, recovery: { strategy: 'exponential_backoff' } }, // outcome unknown: not an attempt
    ];
    const runs = runsOf(steps);
    runs.push({ run_id: 'g', project_id: 'p', gates: [
      { gate_id: 'lint', result: 'fail', reason: "SyntaxError: Unexpected token '}'", auto_fix_strategy: 'reformat', auto_fix_success: true },
      { gate_id: 'lint', result: 'fail', reason: 'SyntaxError: Unexpected token', auto_fix_strategy: 'reformat', auto_fix_success: true },
      { gate_id: 'lint', result: 'fail', reason: 'x', auto_fix_strategy: 'reformat', auto_fix_success: null },
    ] });
    const rows = recoveryStrategies(runs);
    expect(rows.map((r) => [r.category, r.strategy, r.attempts, r.successes, r.rank])).toEqual([
      ['rate_limit', 'exponential_backoff', 20, 18, 1],
      ['rate_limit', 'fallback_model', 20, 7, 2],
      ['syntax', 'reformat', 2, 2, 1],
      ['timeout', 'retry', 4, 3, 1],
    ]);
    const ci = (i: number) => rows[i].success_ci95!;
    expect(ci(0)[0]).toBeCloseTo(0.6989663547715128, 9);
    expect(ci(0)[1]).toBeCloseTo(0.9721335187862319, 9);
    expect(ci(1)[0]).toBeCloseTo(0.1811918241010821, 9);
    expect(ci(1)[1]).toBeCloseTo(0.5671457233147637, 9);
    expect(ci(2)[0]).toBeCloseTo(0.34238022750665303, 9);
    expect(ci(3)[0]).toBeCloseTo(0.30064184258240184, 9);
  });
});

describe('agents report', () => {
  it('puts the sections together from runs', () => {
    const report = agentsReport(runsOf([...outcomes('a', 't', 9, 10, { retries: 2 }), ...outcomes('b', 't', 5, 10)]));
    expect(Object.keys(report)).toEqual(['agents', 'best_agents', 'best_models', 'retry_hotspots', 'recovery_strategies', 'agent_health']);
    expect(report.best_agents[0]).toMatchObject({ task_type: 't', agent: 'a' });
    expect(report.retry_hotspots.map((h) => [h.role, h.task_type])).toEqual([['a', null], [null, 't']]);
    expect(report.agent_health.map((h) => [h.agent, h.state])).toEqual([['b', 'half_open'], ['a', 'closed']]);
  });
});
