/** Builds one realistic canonical run (steps, gates, decisions, feedback) for a demo scenario. */
import type { RunRecord } from '../../shared/run-record';
import { addLearningSignals } from './learning-signals';
import { round, type Rng } from './random';
import { MODELS, MODES, STRATEGIES, promptVersionAt, versionEffect, type ArmEffect, type Scenario } from './scenarios';

const DAY_MS = 86_400_000;

/** A demo run: the canonical record plus fields real logs carry that RunBrain keeps as extras. */
export type DemoRun = Omit<RunRecord, 'extra'> & { task_type: string; branch: string };

const TASK_TYPES = [
  ['feature', 45],
  ['bugfix', 30],
  ['refactor', 15],
  ['tests', 10],
] as const;

const STEP_ERRORS: Record<string, readonly (readonly [string, string])[]> = {
  planner: [
    ['context_overflow', 'Prompt exceeded the context window (212k tokens); trimmed history'],
    ['ambiguous_requirements', 'Acceptance criteria missing for 2 of 5 tasks'],
  ],
  coder: [
    ['syntax_error', 'SyntaxError: Unexpected token } in src/handlers/orders.ts:118'],
    ['rate_limit', '429 Too Many Requests from model provider'],
    ['tool_error', 'apply_patch failed: hunk 3 does not apply'],
    ['timeout', 'Model call timed out after 120 s'],
  ],
  tester: [
    ['test_failure', '3 tests failed in tests/api/orders.test.ts'],
    ['flaky_test', 'test_checkout_retry passed on rerun'],
    ['timeout', 'Test suite exceeded 600 s'],
  ],
  reviewer: [
    ['review_rejected', 'Reviewer found a missing null check in the payment handler'],
    ['rate_limit', '429 Too Many Requests from model provider'],
  ],
};
const RECOVERY: Record<string, string> = {
  context_overflow: 'reduce_context',
  ambiguous_requirements: 'ask_human',
  syntax_error: 'auto_fix',
  rate_limit: 'backoff_retry',
  tool_error: 'regenerate_patch',
  timeout: 'retry',
  test_failure: 'coder_fixes_tests',
  flaky_test: 'rerun',
  review_rejected: 'coder_revises',
};
const STEP_WEIGHT: Record<string, number> = { planner: 0.15, coder: 0.5, tester: 0.2, reviewer: 0.15 };
const STEP_TASK: Record<string, string> = { planner: 'planning', tester: 'testing', reviewer: 'review' };
const DECISIONS = [
  ['architecture_choice', 'event-sourced orders table', 'plain orders table'],
  ['feature_priority', 'ship CSV export first', 'ship SSO first'],
  ['tech_stack', 'use zod for validation', 'hand-written validators'],
  ['risk_acceptance', 'skip load test for this change', 'run load test'],
] as const;

function weightedArm<K extends string>(rng: Rng, arms: Record<K, ArmEffect>): K {
  return rng.weighted((Object.keys(arms) as K[]).map((k) => [k, arms[k].share] as const));
}

const iso = (ms: number): string => new Date(Math.round(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export interface RunContext {
  rng: Rng;
  startedMs: number;
  now: number;
  seq: number;
}

/** One run of `scenario` started at `ctx.startedMs`. */
export function buildRun(sc: Scenario, ctx: RunContext): DemoRun {
  const { rng, startedMs, now } = ctx;
  const daysAgo = (now - startedMs) / DAY_MS;
  const ep = sc.degradation && daysAgo <= sc.degradation.fromDaysAgo && daysAgo > sc.degradation.toDaysAgo ? sc.degradation : undefined;

  const mode = weightedArm(rng, sc.modes);
  const strategy = weightedArm(rng, sc.strategies);
  const model = weightedArm(rng, sc.models);
  const version = ep ? ep.promptVersion : promptVersionAt(daysAgo, rng.next());
  const ve = versionEffect(version);
  const recipe = rng.weighted(sc.recipes.map((r, i) => [r, i === 0 ? 0.65 : 0.35] as const));
  const rounds = rng.weighted(sc.roundsWeights.map((w, i) => [i + 1, w] as const));
  const hitMax = rounds >= sc.maxRounds;

  const costFactor = sc.modes[mode].cost * sc.strategies[strategy].cost * sc.models[model].cost * ve.cost * (ep?.cost ?? 1);
  // Cost grows with the rounds a run needed; 3 rounds is the reference.
  let cost = rng.lognormal(sc.baseCost * costFactor * (0.55 + 0.15 * rounds), sc.sigma);
  let status: DemoRun['status'] = 'completed';
  if (cost >= sc.maxCostUsd) {
    // The orchestrator stops a run at its cost limit.
    cost = sc.maxCostUsd;
    status = 'aborted';
  }
  cost = round(cost, 4);

  const pPass = Math.min(0.99, Math.max(0.02,
    sc.qaPass + sc.modes[mode].qa + sc.strategies[strategy].qa + sc.models[model].qa + ve.qa + (ep?.qa ?? 0) - (hitMax ? 0.12 : 0)));
  const u = rng.next();
  const qa: DemoRun['qa_status'] = u < pPass ? 'passed' : u < pPass + sc.qaWarning ? 'warning' : 'failed';
  if (status === 'completed' && qa === 'failed') status = rng.chance(0.35) ? 'failed' : rng.chance(0.05) ? 'timeout' : 'completed';

  const runId = `${sc.short}-${iso(startedMs).slice(0, 10).replace(/-/g, '')}-${String(ctx.seq).padStart(4, '0')}`;
  const steps = buildSteps(sc, rng, { mode, model, rounds, cost, startedMs, errorRate: ep?.errorRate ?? sc.errorRate });
  const duration = round(steps.reduce((s, st) => s + (st.duration_s ?? 0), 0), 1);
  const tokens = steps.reduce((s, st) => s + (st.tokens ?? 0), 0);
  const tokensIn = Math.round(tokens * 0.78);
  const errors = steps.filter((s) => s.error).map((s) => ({ type: s.error!.type, message: s.error!.message, agent: s.agent }));
  const testsPassed = rng.int(20, 140);

  const run: DemoRun = {
    run_id: runId,
    project_id: sc.id,
    started_at: iso(startedMs),
    ended_at: iso(startedMs + duration * 1000),
    duration_s: duration,
    mode,
    prompt_strategy: strategy,
    prompt_version: version,
    model,
    recipe,
    max_rounds: sc.maxRounds,
    rounds_completed: rounds,
    max_cost_usd: sc.maxCostUsd,
    total_cost_usd: cost,
    tokens_in: tokensIn,
    tokens_out: tokens - tokensIn,
    qa_status: qa,
    status,
    tests: {
      passed: testsPassed,
      failed: qa === 'passed' ? 0 : qa === 'warning' ? rng.int(0, 2) : rng.int(1, 9),
      coverage_percent: round(Math.min(98, Math.max(40, 78 + 8 * rng.normal() - (qa === 'failed' ? 10 : 0))), 1),
    },
    auto_tuned: false,
    steps,
    gates: buildGates(rng, mode, qa, ep != null),
    task_type: rng.weighted(TASK_TYPES),
    branch: `rb/${sc.short}-${ctx.seq}`,
  };
  if (errors.length) run.errors = errors;
  if (rng.chance(0.25)) run.decisions = buildDecisions(rng);
  if (rng.chance(0.35)) {
    const base = qa === 'passed' ? 4.4 : qa === 'warning' ? 3.3 : 2;
    const r = (): number => Math.min(5, Math.max(1, Math.round(base + 0.7 * rng.normal())));
    const overall = r();
    run.feedback = { overall_rating: overall, coverage_rating: r(), quality_rating: r(), relevance_rating: r(), edited: rng.chance(overall >= 4 ? 0.2 : 0.6), accepted: overall >= 3 };
  }
  return addLearningSignals(run, sc);
}

interface StepInput { mode: string; model: string; rounds: number; cost: number; startedMs: number; errorRate: number }

function buildSteps(sc: Scenario, rng: Rng, inp: StepInput): NonNullable<DemoRun['steps']> {
  const agents = ['planner'];
  for (let r = 0; r < inp.rounds; r++) agents.push(...(inp.mode === '3loop' ? ['coder', 'tester', 'reviewer'] : ['coder', 'tester']));
  const totalWeight = agents.reduce((s, a) => s + STEP_WEIGHT[a], 0);
  let at = inp.startedMs;
  return agents.map((agent) => {
    const stepCost = round((inp.cost * STEP_WEIGHT[agent]) / totalWeight, 4);
    const duration = round(rng.lognormal(agent === 'coder' ? 140 : agent === 'tester' ? 70 : 40, 0.4), 1);
    const failed = rng.chance(inp.errorRate);
    const step: NonNullable<DemoRun['steps']>[number] = {
      agent,
      task_type: STEP_TASK[agent] ?? rng.pick(['implementation', 'implementation', 'bugfix', 'refactor']),
      model: inp.model,
      started_at: iso(at),
      duration_s: duration,
      success: true,
      retries: 0,
      tokens: Math.round(stepCost * 95_000 * (0.9 + 0.2 * rng.next())),
      cost_usd: stepCost,
    };
    if (failed) {
      const [type, message] = rng.pick(STEP_ERRORS[agent]);
      const recovered = rng.chance(0.78);
      step.error = { type, message };
      step.recovery = { strategy: RECOVERY[type], success: recovered };
      step.retries = rng.int(1, 3);
      step.success = recovered;
    } else if (rng.chance(0.04)) {
      step.retries = 1; // a silent retry: transient failure that left no error record
    }
    at += duration * 1000;
    return step;
  });
}

const GATES = [
  ['plan_approved', 'planning', 'Plan lists no acceptance criteria for the export task'],
  ['api_contract_present', 'architecture', 'File does not exist at api/openapi.yaml'],
  ['tests_pass', 'testing', '3 failing tests in tests/api/orders.test.ts'],
  ['coverage_threshold', 'testing', 'Coverage 71 % is below the 75 % gate'],
  ['review_approved', 'review', 'Reviewer requested changes: missing input validation'],
] as const;
const AUTO_FIX: Record<string, string> = {
  plan_approved: 'planner_expands_plan',
  api_contract_present: 'architect_drafts_stub',
  tests_pass: 'coder_fixes_tests',
  coverage_threshold: 'tester_adds_tests',
  review_approved: 'coder_applies_review',
};

function buildGates(rng: Rng, mode: string, qa: string, degraded: boolean): NonNullable<DemoRun['gates']> {
  const gates = GATES.filter(([id]) => mode === '3loop' || id !== 'review_approved').filter(([id]) => id !== 'api_contract_present' || rng.chance(0.4));
  const pFail = (qa === 'failed' ? 0.35 : 0.08) + (degraded ? 0.1 : 0);
  return gates.map(([gate_id, stage, reason]) => {
    const u = rng.next();
    const result = u < pFail ? 'fail' : u < pFail + 0.05 ? 'ambiguous' : 'pass';
    if (result === 'pass') return { gate_id, stage, result, retry_attempt: 0 };
    if (result === 'ambiguous') return { gate_id, stage, result, reason: 'Validator could not decide; asked a human', retry_attempt: 0, human_override: rng.chance(0.5) };
    return { gate_id, stage, result, reason, retry_attempt: rng.int(1, 3), auto_fix_strategy: AUTO_FIX[gate_id], auto_fix_success: rng.chance(degraded ? 0.45 : 0.72), human_override: rng.chance(0.1) };
  });
}

function buildDecisions(rng: Rng): NonNullable<DemoRun['decisions']> {
  const n = rng.int(1, 2);
  const out: NonNullable<DemoRun['decisions']> = [];
  for (let i = 0; i < n; i++) {
    const [decision_type, rec, alternative] = rng.pick(DECISIONS);
    const aligned = rng.chance(0.75);
    out.push({ decision_type, agent_recommendation: rec, human_decision: aligned ? rec : alternative, aligned, agent_confidence: round(0.5 + 0.45 * rng.next(), 2) });
  }
  return out;
}

/** The arm names used, for the tests and docs. */
export const ARMS = { modes: MODES, strategies: STRATEGIES, models: MODELS };
