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
