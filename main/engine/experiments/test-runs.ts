/** Run builders for the experiments engine's tests and simulations (not used by the app). */
import type { seededRandom } from '../stats/sampling';
import type { ExperimentRun, QaOutcome } from './types';

let counter = 0;

/** A run with only the given fields set. */
export function xrun(over: Partial<ExperimentRun> & { factors?: Record<string, string | null> }): ExperimentRun {
  counter++;
  return {
    run_id: `r${counter}`, started_ms: null, factors: {}, task_id: null, cost_usd: null, qa: null,
    duration_s: null, tokens: null, retries: null, rating: null, ...over,
  };
}

/** Runs of one arm from cost and pass arrays. */
export function armOf(factors: Record<string, string>, costs: number[], passes: number[], extra: Partial<ExperimentRun> = {}): ExperimentRun[] {
  return costs.map((c, i) => xrun({ factors, cost_usd: c, qa: (passes[i] ? 'passed' : 'failed') as QaOutcome, ...extra }));
}

/** A lognormal run rounded to cents (as run logs record them) with a Bernoulli QA outcome. */
export function lognormalRun(rng: ReturnType<typeof seededRandom>, factors: Record<string, string>, median: number, sigma: number, pass: number): ExperimentRun {
  const cost = Math.max(0.01, Math.round(median * Math.exp(sigma * rng.normal()) * 100) / 100);
  return xrun({ factors, cost_usd: cost, qa: rng.next() < pass ? 'passed' : 'failed' });
}
