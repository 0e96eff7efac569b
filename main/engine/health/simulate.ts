/** Seeded synthetic projects for the health simulations and benchmarks (not used by the app). */
import { seededRng } from '../test-support';
import type { HealthRun, HealthStep } from './types';

export type Rng = ReturnType<typeof seededRng>;
export { seededRng };

/** Poisson draw (Knuth for small λ, normal approximation above 30). */
export function poisson(rng: Rng, lambda: number): number {
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.normal()));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do { k++; p *= rng.next(); } while (p > l);
  return k - 1;
}

/** What one simulated regime looks like. */
export interface Regime {
  passRate: number;
  errorRate: number;
  medianCost: number;
  costSigma: number;
  medianDuration: number;
  medianTokens: number;
  retriesMean: number;
}

export const STABLE: Regime = { passRate: 0.85, errorRate: 0.08, medianCost: 0.8, costSigma: 0.4, medianDuration: 120, medianTokens: 20_000, retriesMean: 0.5 };

export interface SimOptions {
  n: number;
  /** Regime of run i (lets a test plant a change). */
  regime?: (i: number) => Regime;
  startMs?: number;
  /** Spacing of runs. */
  stepMs?: number;
  models?: string[];
  promptVersion?: (i: number) => string;
  agents?: string[];
}

/** A project's runs: two agents' steps per run, models drawn at random, lognormal costs. */
export function simulateRuns(rng: Rng, o: SimOptions): HealthRun[] {
  const out: HealthRun[] = [];
  const start = o.startMs ?? Date.parse('2026-01-01T00:00:00Z');
  const step = o.stepMs ?? 3_600_000;
  const models = o.models ?? ['model-a', 'model-b'];
  const agents = o.agents ?? ['planner', 'coder'];
  for (let i = 0; i < o.n; i++) {
    const g = o.regime ? o.regime(i) : STABLE;
    const steps: HealthStep[] = agents.map((agent) => {
      const err = rng.next() < g.errorRate;
      return {
        agent, task_type: agent === 'planner' ? 'plan' : 'code',
        duration_s: (g.medianDuration / agents.length) * Math.exp(0.3 * rng.normal()),
        cost_usd: (g.medianCost / agents.length) * Math.exp(g.costSigma * rng.normal()),
        tokens: Math.round((g.medianTokens / agents.length) * Math.exp(0.3 * rng.normal())),
        retries: poisson(rng, g.retriesMean / agents.length),
        success: !err, has_error: err,
      };
    });
    const error = rng.next() < g.errorRate;
    out.push({
      run_id: `r${i}`,
      started_ms: start + i * step,
      qa_status: rng.next() < g.passRate ? 'passed' : 'failed',
      status: error ? 'failed' : 'completed',
      error_count: 0,
      cost_usd: g.medianCost * Math.exp(g.costSigma * rng.normal()),
      duration_s: g.medianDuration * Math.exp(0.3 * rng.normal()),
      tokens: Math.round(g.medianTokens * Math.exp(0.3 * rng.normal())),
      retries: poisson(rng, g.retriesMean),
      steps: steps.length,
      rating: null,
      model: models[Math.floor(rng.next() * models.length)],
      prompt_version: o.promptVersion ? o.promptVersion(i) : 'v1',
      prompt_strategy: 'default',
      mode: 'standard',
      recipe: null,
      step_list: steps,
    });
  }
  return out;
}

/** A multi-agent project: its agents, task types, models and prompt versions. */
export interface TeamOptions {
  n: number;
  agents: string[];
  taskTypes: string[];
  models: string[];
  /** Prompt version of run i (all with the same behaviour: the project is stable). */
  promptVersion: (i: number) => string;
  /** Rounds per run are 1..maxRounds, uniform; every agent but the first takes one step a round. */
  maxRounds: number;
  stepMs?: number;
}

/**
 * A stable multi-agent project shaped like real orchestrator logs: each run has a task type and
 * 1..maxRounds rounds; the first agent plans once, the others take one step per round. The
 * steps of a run share its cost, tokens and luck (a step's cost is the run's cost split by
 * weight), so an agent's steps within a run are strongly dependent, as in the demo and in
 * real logs.
 */
export function simulateTeamRuns(rng: Rng, o: TeamOptions): HealthRun[] {
  const out: HealthRun[] = [];
  const start = Date.parse('2026-01-01T00:00:00Z');
  const step = o.stepMs ?? 3_600_000;
  const g = STABLE;
  for (let i = 0; i < o.n; i++) {
    const taskType = o.taskTypes[Math.floor(rng.next() * o.taskTypes.length)];
    const rounds = 1 + Math.floor(rng.next() * o.maxRounds);
    const cost = g.medianCost * (0.6 + 0.2 * rounds) * Math.exp(g.costSigma * rng.normal());
    const tokensPerUsd = 25_000 * Math.exp(0.1 * rng.normal());
    const who = [o.agents[0], ...Array.from({ length: rounds }, () => o.agents.slice(1)).flat()];
    const weight = who.length;
    const steps: HealthStep[] = who.map((agent) => {
      const err = rng.next() < g.errorRate / 2;
      return {
        agent, task_type: agent === o.agents[0] ? 'planning' : taskType,
        duration_s: (g.medianDuration / 4) * Math.exp(0.4 * rng.normal()),
        cost_usd: cost / weight,
        tokens: Math.round((cost / weight) * tokensPerUsd),
        retries: err ? 1 + poisson(rng, 0.5) : rng.next() < 0.04 ? 1 : 0,
        success: !err || rng.next() < 0.7, has_error: err,
      };
    });
    const failed = rng.next() < g.errorRate;
    out.push({
      run_id: `t${i}`,
      started_ms: start + i * step,
      qa_status: rng.next() < g.passRate ? 'passed' : 'failed',
      status: failed ? 'failed' : 'completed',
      error_count: steps.filter((s) => s.has_error).length,
      cost_usd: cost,
      duration_s: steps.reduce((a, s) => a + (s.duration_s ?? 0), 0),
      tokens: steps.reduce((a, s) => a + (s.tokens ?? 0), 0),
      retries: steps.reduce((a, s) => a + (s.retries ?? 0), 0),
      steps: steps.length,
      rating: null,
      model: o.models[Math.floor(rng.next() * o.models.length)],
      prompt_version: o.promptVersion(i),
      prompt_strategy: 'default',
      mode: 'standard',
      recipe: null,
      step_list: steps,
    });
  }
  return out;
}
