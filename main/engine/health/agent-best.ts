/**
 * The best agent (or model) per task type, with the posterior probability of being best: each
 * candidate's success rate gets a Beta(1 + s, 1 + f) posterior (uniform prior), and
 * P(i is best) = ∫ f_i(x) · Π_{j≠i} F_j(x) dx — success rate alone, no unit-mixing score
 * (seed 001 `recommendAgent`, seed 003 `get_best_agent_for_task`, without their weights).
 */
import betaCdf from '@stdlib/stats-base-dists-beta-cdf';
import betaPdf from '@stdlib/stats-base-dists-beta-pdf';
import { wilsonInterval } from '../stats/wilson';
import type { BetaParams } from '../stats/beta-compare';
import { groupSteps, outcomeCounts } from './agents';
import type { StepFact } from './agent-steps';
import { gaussLegendre } from '../stats/gauss-legendre';

const GL = gaussLegendre(20);
/** Beyond mean ± 15 sd a Beta density holds < 1e-7 of its mass, even for Beta(n + 1, 1). */
const SD_RANGE = 15;
const PANELS = 16;
/** Where the other posteriors' CDFs bend: extra panel edges so a narrow one is not stepped over. */
const BENDS = [-8, -4, -2, -1, -0.5, 0, 0.5, 1, 2, 4, 8];

const meanSd = ({ a, b }: BetaParams) => ({ m: a / (a + b), sd: Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1))) });
const cdf = (x: number, p: BetaParams) => (x <= 0 ? 0 : x >= 1 ? 1 : betaCdf(x, p.a, p.b));

/** P(arm i has the highest rate) for each arm, by quadrature (error ~1e-8 in the tests). */
export function probabilityBest(arms: readonly BetaParams[]): number[] {
  return arms.map((arm, i) => {
    const { m, sd } = meanSd(arm);
    const lo = Math.max(0, m - SD_RANGE * sd);
    const hi = Math.min(1, m + SD_RANGE * sd);
    const edges = new Set<number>();
    for (let p = 0; p <= PANELS; p++) edges.add(lo + ((hi - lo) * p) / PANELS);
    arms.forEach((o, j) => {
      if (j === i) return;
      const s = meanSd(o);
      for (const k of BENDS) {
        const e = s.m + k * s.sd;
        if (e > lo && e < hi) edges.add(e);
      }
    });
    const cuts = [...edges].sort((a, b) => a - b);
    let sum = 0;
    for (let e = 0; e + 1 < cuts.length; e++) {
      const half = (cuts[e + 1] - cuts[e]) / 2;
      const centre = cuts[e] + half;
      for (let q = 0; q < GL.x.length; q++) {
        const x = centre + half * GL.x[q];
        let f = betaPdf(x, arm.a, arm.b);
        for (let j = 0; j < arms.length && f > 0; j++) if (j !== i) f *= cdf(x, arms[j]);
        sum += half * GL.w[q] * f;
      }
    }
    return Math.min(1, Math.max(0, sum));
  });
}

/** The winner of one task type among its candidates. */
export interface BestChoice {
  task_type: string;
  choice: string;
  /** Posterior probability that `choice` has the highest success rate of the candidates. */
  confidence: number;
  success_rate: number;
  success_ci95: [number, number] | null;
  /** Steps with a known outcome for the winner. */
  runs: number;
  runner_up: string;
  runner_up_success_rate: number;
  runner_up_confidence: number;
  candidates: number;
  /** confidence ≥ `decideAt` (default 0.975: with two equal candidates, a wrong "decided" in ~5 % of comparisons). */
  decided: boolean;
}

export interface BestOptions {
  /** Candidates need at least this many steps with a known outcome (default 10). */
  minRuns?: number;
  decideAt?: number;
}

/**
 * Per task type with ≥ 2 eligible candidates, the most probably best by `by` (agent or model).
 * Steps without a task type or without the agent/model are left out.
 */
export function bestPerTaskType(steps: readonly StepFact[], by: 'agent' | 'model', options: BestOptions = {}): BestChoice[] {
  const minRuns = options.minRuns ?? 10;
  const decideAt = options.decideAt ?? 0.975;
  const out: BestChoice[] = [];
  for (const [task_type, taskSteps] of groupSteps(steps, (s) => s.task_type)) {
    const arms = [...groupSteps(taskSteps, (s) => s[by])]
      .map(([name, g]) => ({ name, ...outcomeCounts(g) }))
      .filter((a) => a.outcomes >= minRuns);
    if (arms.length < 2) continue;
    const probs = probabilityBest(arms.map((a) => ({ a: 1 + a.successes, b: 1 + a.outcomes - a.successes })));
    const ranked = arms
      .map((a, i) => ({ ...a, p: probs[i], rate: a.successes / a.outcomes }))
      .sort((x, y) => y.p - x.p || y.rate - x.rate || y.outcomes - x.outcomes || x.name.localeCompare(y.name));
    const [best, second] = ranked;
    out.push({
      task_type,
      choice: best.name,
      confidence: best.p,
      success_rate: best.rate,
      success_ci95: wilsonInterval(best.successes, best.outcomes),
      runs: best.outcomes,
      runner_up: second.name,
      runner_up_success_rate: second.rate,
      runner_up_confidence: second.p,
      candidates: arms.length,
      decided: best.p >= decideAt,
    });
  }
  return out.sort((a, b) => a.task_type.localeCompare(b.task_type));
}

/** `health.best_agents[]`: {task_type, agent, confidence, …}. */
export type BestAgent = { task_type: string; agent: string } & Omit<BestChoice, 'choice' | 'task_type'>;
/** The same for models: {task_type, model, confidence, …}. */
export type BestModel = { task_type: string; model: string } & Omit<BestChoice, 'choice' | 'task_type'>;

/** The most probably best agent per task type. */
export function bestAgents(steps: readonly StepFact[], options?: BestOptions): BestAgent[] {
  return bestPerTaskType(steps, 'agent', options).map(({ choice, task_type, ...rest }) => ({ task_type, agent: choice, ...rest }));
}

/** The most probably best model per task type. */
export function bestModels(steps: readonly StepFact[], options?: BestOptions): BestModel[] {
  return bestPerTaskType(steps, 'model', options).map(({ choice, task_type, ...rest }) => ({ task_type, model: choice, ...rest }));
}
