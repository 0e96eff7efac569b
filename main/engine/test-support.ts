/** Seeded synthetic runs for the engine's tests and simulations (not used by the app). */
import type { QaStatus } from '../../shared/run-record';
import { aggregateRuns, type ProjectAggregates, type RunFacts } from './aggregates';
import { seededRandom } from './stats/sampling';

/** mulberry32 with Box–Muller normals (stats/sampling.ts): small, fast, reproducible. */
export function seededRng(seed: number): { next: () => number; normal: () => number } {
  const { next, normal } = seededRandom(seed);
  return { next, normal };
}

/** A run with only the given fields set. */
export function run(over: Partial<RunFacts>): RunFacts {
  return {
    project_id: 'p', started_ms: null, mode: null, prompt_strategy: null, model: null, prompt_version: null,
    total_cost_usd: null, duration_s: null, rounds_completed: null, max_rounds: null, qa_status: null, ...over,
  };
}

export interface ArmSpec {
  /** Value of the factor for this arm. */
  arm: string;
  n: number;
  medianCost: number;
  /** Log-scale sigma of the lognormal cost. */
  sigma: number;
  passRate: number;
}

/** Lognormal costs rounded to cents (as run logs record them) and Bernoulli QA outcomes. */
export function armRuns(rng: ReturnType<typeof seededRng>, factor: 'mode' | 'prompt_strategy' | 'model', spec: ArmSpec): RunFacts[] {
  const out: RunFacts[] = [];
  for (let i = 0; i < spec.n; i++) {
    const cost = Math.max(0.01, Math.round(spec.medianCost * Math.exp(spec.sigma * rng.normal()) * 100) / 100);
    const qa: QaStatus = rng.next() < spec.passRate ? 'passed' : 'failed';
    out.push(run({ [factor]: spec.arm, total_cost_usd: cost, qa_status: qa }));
  }
  return out;
}

/** Aggregates of a two-or-more-arm experiment on one factor. */
export function simulateProject(seed: number, factor: 'mode' | 'prompt_strategy' | 'model', arms: ArmSpec[]): ProjectAggregates {
  const rng = seededRng(seed);
  return aggregateRuns('p', arms.flatMap((a) => armRuns(rng, factor, a)));
}
