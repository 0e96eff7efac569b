/**
 * The seed-002 fields the learning patterns read (issue 12 §6): which agent ran each gate (and
 * the step it checked: that agent's last) and made each decision, the options it weighed, escalations a human resolved, step confidence and
 * the quality inputs (security scan, performance, rework). Drawn from a generator of their own,
 * seeded by the run id, so the draws of the classic scenarios (and their expected findings) do
 * not move. marketing_site's `tech_stack` decisions are the override story: the architect states
 * high confidence and the humans overrule it most of the time. checkout_service's is the handoff
 * story: a coder picking up the reviewer's comments fails about half the time.
 */
import type { Scenario } from './scenarios';
import { childSeed, createRng, round, type Rng } from './random';
import type { DemoRun } from './run-builder';

const GATE_AGENT: Record<string, string> = {
  plan_approved: 'planner', api_contract_present: 'architect', tests_pass: 'tester', coverage_threshold: 'tester', review_approved: 'reviewer',
};
const DECISION_AGENT: Record<string, string> = {
  architecture_choice: 'architect', tech_stack: 'architect', feature_priority: 'planner', risk_acceptance: 'reviewer',
};
/** A second failure reason per gate, so root causes rank more than one template. */
const OTHER_REASON: Record<string, readonly string[]> = {
  plan_approved: ['Plan is missing a rollback step for migration 0042', 'Plan is missing a rollback step for migration 0057'],
  api_contract_present: ['Response schema differs from api/openapi.yaml at /orders/{id}'],
  tests_pass: ['Test run aborted: fixture database missing', '7 failing tests in tests/api/refunds.test.ts'],
  coverage_threshold: ['Coverage 64 % is below the 75 % gate', 'Coverage 69 % is below the 75 % gate'],
  review_approved: ['Reviewer requested changes: no tests for the error path'],
};
const THIRD_OPTION: Record<string, string> = {
  architecture_choice: 'orders table with an audit log',
  feature_priority: 'ship audit log first',
  tech_stack: 'JSON schema validation',
  risk_acceptance: 'run a smoke load test',
};

/** Adds the learning fields to a classic-scenario run, in place. */
export function addLearningSignals(run: DemoRun, sc: Scenario): DemoRun {
  const rng = createRng(childSeed(0x1ea7, `${sc.id}/${run.run_id}`));
  if (sc.id === 'checkout_service') reviewHandoff(run, rng);
  for (const step of run.steps ?? []) {
    // Coders state more confidence than their success bears out; testers are close to calibrated.
    if (step.agent === 'coder') step.confidence = round(step.success ? 0.75 + 0.25 * rng.next() : 0.7 + 0.3 * rng.next(), 2);
    else if (step.agent === 'tester') step.confidence = round(step.success ? 0.85 + 0.15 * rng.next() : 0.2 + 0.4 * rng.next(), 2);
  }
  const steps = run.steps ?? [];
  for (const gate of run.gates ?? []) {
    gate.agent = GATE_AGENT[gate.gate_id];
    // The gate checks the agent's final output: its last step (handoffs read B's gates from it).
    const last = steps.map((st) => st.agent).lastIndexOf(gate.agent);
    if (last >= 0) gate.step = last;
    if (gate.result !== 'fail') continue;
    const others = OTHER_REASON[gate.gate_id];
    if (others && rng.chance(0.35)) gate.reason = rng.pick(others);
    if (gate.auto_fix_success === false && rng.chance(0.7)) {
      gate.escalated = true;
      gate.human_resolved = rng.chance(0.85);
    }
  }
  for (const d of run.decisions ?? []) decide(d, sc, rng);
  if (rng.chance(0.8)) quality(run, rng);
  return run;
}

/** Coder steps right after a reviewer fail ~45 % of the time (they misread the review). */
function reviewHandoff(run: DemoRun, rng: Rng): void {
  const steps = run.steps ?? [];
  for (let i = 1; i < steps.length; i++) {
    const s = steps[i];
    if (s.agent !== 'coder' || steps[i - 1].agent !== 'reviewer' || !s.success || !rng.chance(0.45)) continue;
    s.success = false;
    s.retries = (s.retries ?? 0) + rng.int(1, 2);
    s.error = { type: 'review_misread', message: `Review comment ${rng.int(2, 9)} applied to the wrong hunk in src/handlers/orders.ts` };
    s.recovery = { strategy: 'coder_revises', success: false };
    (run.errors ??= []).push({ type: s.error.type, message: s.error.message, agent: 'coder' });
  }
}

type Decision = NonNullable<DemoRun['decisions']>[number];

function decide(d: Decision, sc: Scenario, rng: Rng): void {
  const type = d.decision_type ?? '';
  d.agent = DECISION_AGENT[type];
  const rec = d.agent_recommendation ?? '';
  const alternative = d.aligned ? null : d.human_decision;
  if (rng.chance(0.7)) d.options = [rec, ...(alternative ? [alternative] : []), THIRD_OPTION[type] ?? 'defer'];
  if (sc.id === 'marketing_site' && type === 'tech_stack') {
    const aligned = rng.chance(0.3);
    d.aligned = aligned;
    d.human_decision = aligned ? rec : 'hand-written validators';
    d.agent_confidence = round(0.8 + 0.18 * rng.next(), 2);
    if (d.options) d.options = [rec, 'hand-written validators', THIRD_OPTION.tech_stack];
  }
}

function quality(run: DemoRun, rng: Rng): void {
  const failed = run.qa_status === 'failed';
  run.security = { critical: failed && rng.chance(0.1) ? 1 : 0, major: rng.chance(failed ? 0.3 : 0.06) ? 1 : 0, minor: rng.int(0, 3) };
  run.performance = { within_slo: rng.chance(failed ? 0.6 : 0.92) };
  run.rework = rng.chance(run.qa_status === 'passed' ? 0.08 : 0.5) ? 1 : 0;
}
