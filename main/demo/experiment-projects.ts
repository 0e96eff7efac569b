/**
 * Two demo projects built for the experiments and health pages (docs/demo-data.md):
 * - `regression_bench`: the same tasks run under two models (pairing matters: tasks differ far
 *   more in difficulty and cost than the models do);
 * - `support_bot`: a strategy confounded with the model it mostly ran on, and a degradation that
 *   is still going on after a prompt-version change, with templated error messages.
 * Each builds its whole history from its own seeded stream, so the five classic projects stay
 * byte-identical.
 */
import type { Rng } from './random';
import { round } from './random';
import type { DemoRun } from './run-builder';

const DAY_MS = 86_400_000;

/** A demo project with its own history builder (the classic ones use scenarios.ts). */
export interface BuiltProject {
  id: string;
  short: string;
  runs: number;
  /** Keys of the project's section in project_config.json. */
  config: Record<string, unknown>;
  expect: string;
  build(rng: Rng, runs: number, now: number): DemoRun[];
}

const iso = (ms: number): string => new Date(Math.round(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const logistic = (x: number): number => 1 / (1 + Math.exp(-x));
const logit = (p: number): number => Math.log(p / (1 - p));

interface RunShape {
  id: string;
  project: string;
  startedMs: number;
  mode: string;
  strategy: string;
  version: string;
  model: string;
  recipe: string;
  cost: number;
  passed: boolean;
  taskId?: string;
  taskType: string;
}

/** A canonical run around the essentials of a shape: two or three steps, gates, no decisions. */
function baseRun(rng: Rng, s: RunShape, maxRounds: number, maxCost: number): DemoRun {
  const rounds = rng.weighted([[1, 20], [2, 45], [3, 25], [4, 10]] as const);
  const agents = ['planner', 'coder', 'tester', ...(s.mode === '3loop' ? ['reviewer'] : [])];
  let at = s.startedMs;
  const steps = agents.map((agent) => {
    const duration = round(rng.lognormal(agent === 'coder' ? 150 : 60, 0.4), 1);
    const share = agent === 'coder' ? 0.55 : 0.45 / (agents.length - 1);
    const step = {
      agent,
      task_type: agent === 'coder' ? s.taskType : agent === 'planner' ? 'planning' : agent === 'tester' ? 'testing' : 'review',
      model: s.model,
      started_at: iso(at),
      duration_s: duration,
      success: true,
      retries: 0,
      tokens: Math.round(s.cost * share * 90_000),
      cost_usd: round(s.cost * share, 4),
    };
    at += duration * 1000;
    return step;
  });
  const duration = round(steps.reduce((t, st) => t + st.duration_s, 0), 1);
  const tokens = steps.reduce((t, st) => t + st.tokens, 0);
  const qa: DemoRun['qa_status'] = s.passed ? 'passed' : rng.chance(0.2) ? 'warning' : 'failed';
  const run: DemoRun = {
    run_id: s.id,
    project_id: s.project,
    started_at: iso(s.startedMs),
    ended_at: iso(s.startedMs + duration * 1000),
    duration_s: duration,
    mode: s.mode,
    prompt_strategy: s.strategy,
    prompt_version: s.version,
    model: s.model,
    recipe: s.recipe,
    max_rounds: maxRounds,
    rounds_completed: rounds,
    max_cost_usd: maxCost,
    total_cost_usd: round(Math.min(s.cost, maxCost), 4),
    tokens_in: Math.round(tokens * 0.8),
    tokens_out: tokens - Math.round(tokens * 0.8),
    qa_status: qa,
    status: qa === 'failed' && rng.chance(0.4) ? 'failed' : 'completed',
    auto_tuned: false,
    steps,
    gates: [
      { gate_id: 'tests_pass', stage: 'testing', result: s.passed ? 'pass' : 'fail', retry_attempt: s.passed ? 0 : rng.int(1, 2) },
    ],
    task_type: s.taskType,
    branch: `rb/${s.id}`,
  };
  if (s.taskId) run.task_id = s.taskId;
  return run;
}

/**
 * `regression_bench`: 80 tasks of very different difficulty and size, each run twice under
 * each model. `gpt-4o-mini` costs ~45 % less but resolves ~10 points fewer of the same tasks.
 */
export const REGRESSION_BENCH: BuiltProject = {
  id: 'regression_bench',
  short: 'bench',
  runs: 320,
  config: { mode: '2loop', model: 'claude-3-5-sonnet', max_rounds: 4, max_cost_usd: 6.0 },
  expect:
    'paired experiment on model: the same 80 task ids run under both models; gpt-4o-mini is ~45 % cheaper per run but resolves ~10 points fewer of the shared tasks — a paired comparison (McNemar) shows the drop that the spread of task difficulty hides from an unpaired one.',
  build(rng, runs, now) {
    const tasks = Math.max(5, Math.ceil(runs / 4));
    const out: DemoRun[] = [];
    const start = now - 30 * DAY_MS;
    let seq = 0;
    for (let t = 1; t <= tasks; t++) {
      const taskId = `bench-task-${String(t).padStart(3, '0')}`;
      const difficulty = rng.normal() * 1.6; // log-odds offset of this task
      const size = rng.lognormal(1.6, 0.8); // dollars for the reference model
      const taskType = rng.pick(['bugfix', 'feature', 'refactor']);
      for (const model of ['claude-3-5-sonnet', 'gpt-4o-mini']) {
        for (let rep = 0; rep < 2; rep++) {
          const cheap = model === 'gpt-4o-mini';
          const p = logistic(logit(0.72) + difficulty - (cheap ? 0.55 : 0));
          const startedMs = Math.floor((start + rng.next() * 29.5 * DAY_MS) / 1000) * 1000;
          seq++;
          out.push(baseRun(rng, {
            id: `bench-${String(seq).padStart(4, '0')}`,
            project: 'regression_bench',
            startedMs,
            mode: '2loop',
            strategy: 'baseline',
            version: 'v2.0',
            model,
            recipe: 'swe_task_v1',
            cost: size * (cheap ? 0.55 : 1) * Math.exp(0.2 * rng.normal()),
            passed: rng.chance(p),
            taskId,
            taskType,
          }, 4, 6.0));
        }
      }
    }
    return out.slice(0, runs).sort((a, b) => Date.parse(a.started_at!) - Date.parse(b.started_at!));
  },
};

/** Error messages with variable parts, as real agents write them (the health page mines their templates). */
const SUPPORT_ERRORS: ReadonlyArray<(rng: Rng) => { type: string; message: string }> = [
  (r) => ({ type: 'rate_limit', message: `429 Too Many Requests: retry after ${r.int(2, 60)}s (request id req_${r.int(0x100000, 0xffffff).toString(16)})` }),
  (r) => ({ type: 'network', message: `ECONNRESET while calling https://api.helpdesk.example/v2/tickets/${r.int(1000, 99999)}` }),
  (r) => ({ type: 'assertion', message: `AssertionError: expected status 200 but got ${r.pick([500, 502, 503])} in tests/test_replies.py:${r.int(20, 240)}` }),
  (r) => ({ type: 'context_length', message: `Context length exceeded: ${r.int(128_100, 190_000)} tokens > 128000 limit` }),
];
/** The error that appears with prompt version v3.1 (the ongoing degradation). */
const V31_ERROR = (r: Rng) => ({ type: 'selector_missing', message: `Timeout ${r.pick([15000, 30000])}ms exceeded waiting for selector "#reply-${r.int(100, 9999)}"` });

/**
 * `support_bot`: `fast_iter` ran 90 % on the cheap `claude-3-haiku`, `baseline` 90 % on
 * `claude-3-5-sonnet`; within each model the strategies cost the same and pass alike. Six days
 * before `now` prompt version v3.1 went live: QA falls from ~90 % to ~62 % and a new
 * selector-timeout error appears. It is still live.
 */
export const SUPPORT_BOT: BuiltProject = {
  id: 'support_bot',
  short: 'sup',
  runs: 400,
  config: { mode: '2loop', max_rounds: 4, max_cost_usd: 3.0, prompt_version: 'v3.1' },
  expect:
    'confounded strategy: fast_iter looks ~35 % cheaper, but it ran 90 % on the cheaper claude-3-haiku; within each model the strategies cost the same, so no strategy recommendation (stratified by model). Ongoing degradation: since prompt_version v3.1 went live 6 days before now, QA fell from ~90 % to ~62 % with a new selector-timeout error — a revert to v3.0 is proposed.',
  build(rng, runs, now) {
    const out: DemoRun[] = [];
    const switchMs = now - 6 * DAY_MS;
    const start = now - 45 * DAY_MS;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(Math.floor((start + rng.next() * (45 * DAY_MS - 120_000)) / 1000) * 1000);
    times.sort((a, b) => a - b);
    times.forEach((startedMs, i) => {
      const strategy = rng.chance(0.4) ? 'fast_iter' : 'baseline';
      const cheapModel = strategy === 'fast_iter' ? rng.chance(0.9) : rng.chance(0.1);
      const model = cheapModel ? 'claude-3-haiku' : 'claude-3-5-sonnet';
      const version = startedMs >= switchMs ? 'v3.1' : 'v3.0';
      const pPass = version === 'v3.1' ? 0.62 : 0.9;
      const passed = rng.chance(pPass);
      const run = baseRun(rng, {
        id: `sup-${String(i + 1).padStart(4, '0')}`,
        project: 'support_bot',
        startedMs,
        mode: '2loop',
        strategy,
        version,
        model,
        recipe: rng.chance(0.7) ? 'ticket_reply_v2' : 'refund_flow_v1',
        cost: rng.lognormal(cheapModel ? 0.5 : 0.8, 0.35),
        passed,
        taskType: rng.pick(['reply', 'triage', 'refund']),
      }, 4, 3.0);
      const errors: Array<{ type: string; message: string; agent: string }> = [];
      if (rng.chance(0.08)) errors.push({ ...rng.pick(SUPPORT_ERRORS)(rng), agent: 'coder' });
      if (version === 'v3.1' && !passed && rng.chance(0.8)) errors.push({ ...V31_ERROR(rng), agent: 'tester' });
      if (errors.length) {
        run.errors = errors;
        const tester = run.steps!.find((s) => s.agent === errors[0].agent);
        if (tester) {
          tester.error = { type: errors[0].type, message: errors[0].message };
          tester.retries = rng.int(1, 2);
          tester.recovery = { strategy: errors[0].type === 'rate_limit' ? 'exponential_backoff' : 'retry', success: passed };
          tester.success = passed;
        }
      }
      // The planner states a confidence it does not live up to; the reviewer-like triage is calibrated.
      if (rng.chance(0.3)) {
        const stated = round(0.75 + 0.2 * rng.next(), 2);
        const aligned = rng.chance(0.55);
        run.decisions = [{ decision_type: 'reply_tone', agent: 'planner', agent_recommendation: 'formal', human_decision: aligned ? 'formal' : 'friendly', aligned, agent_confidence: stated }];

      }
      out.push(run);
    });
    return out;
  },
};

/** The projects built here, in the order they are written after the classic five. */
export const BUILT_PROJECTS: BuiltProject[] = [REGRESSION_BENCH, SUPPORT_BOT];
