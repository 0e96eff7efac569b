/**
 * Posterior figures by seeded Monte Carlo (Stucchio 2015; gbstats bayesian/): with Beta(1 + s,
 * 1 + f) posteriors of the pass rates, the probability that each arm beats the control, that it
 * is the best of all arms, and the expected loss of choosing it, E[max_j θ_j − θ_arm]. The same
 * draws give Thompson sampling shares (§6).
 */
import { seededRandom } from '../stats/sampling';

export interface PosteriorFigures {
  prob_beat_control: number;
  prob_best: number;
  expected_loss: number;
}

/** A posterior to draw from; larger draws are better (negate a cost). */
export type Sampler = (rng: ReturnType<typeof seededRandom>) => number;

/** Beta(1 + passes, 1 + fails) sampler of a pass rate. */
export function betaSampler(passes: number, qaN: number): Sampler {
  return (rng) => rng.beta(1 + passes, 1 + qaN - passes);
}

/** Normal(mean, sd) sampler (used for −ln cost per passed run). */
export function normalSampler(mean: number, sd: number): Sampler {
  return (rng) => mean + sd * rng.normal();
}

/**
 * Probability to beat the control, to be best, and expected loss for each arm, from `draws`
 * joint draws (independent posteriors) with a fixed seed, so the numbers are reproducible.
 */
export function posteriorFigures(samplers: readonly Sampler[], controlIndex: number, seed = 1, draws = 20_000): PosteriorFigures[] {
  const k = samplers.length;
  const rng = seededRandom(seed);
  const beat = new Float64Array(k);
  const best = new Float64Array(k);
  const loss = new Float64Array(k);
  const x = new Float64Array(k);
  for (let d = 0; d < draws; d++) {
    let bi = 0;
    for (let i = 0; i < k; i++) {
      x[i] = samplers[i](rng);
      if (x[i] > x[bi]) bi = i;
    }
    best[bi]++;
    for (let i = 0; i < k; i++) {
      if (x[i] > x[controlIndex]) beat[i]++;
      loss[i] += x[bi] - x[i];
    }
  }
  return Array.from({ length: k }, (_, i) => ({ prob_beat_control: beat[i] / draws, prob_best: best[i] / draws, expected_loss: loss[i] / draws }));
}

/**
 * Top-two Thompson sampling shares (Russo 2016) from the probabilities of being best p_i: with
 * probability β the sampled best arm runs, else the best of a re-draw that differs from it, so
 * share_j = β p_j + (1 − β) Σ_{i≠j} p_i p_j / (1 − p_i).
 */
export function topTwoShares(pBest: readonly number[], beta = 0.5): number[] {
  const out = pBest.map((p) => beta * p);
  for (let i = 0; i < pBest.length; i++) {
    const rest = 1 - pBest[i];
    if (!(rest > 1e-12)) {
      // One arm is certainly best: its runner-up share goes evenly to the others.
      const others = pBest.length - 1;
      for (let j = 0; j < pBest.length; j++) if (j !== i && others > 0) out[j] += ((1 - beta) * pBest[i]) / others;
      if (others === 0) out[i] += (1 - beta) * pBest[i];
      continue;
    }
    for (let j = 0; j < pBest.length; j++) if (j !== i) out[j] += (1 - beta) * pBest[i] * (pBest[j] / rest);
  }
  const total = out.reduce((s, x) => s + x, 0);
  return out.map((x) => x / total);
}

/** ε-greedy (seed 004): 1 − ε to the current best by point estimate, ε spread evenly over all arms. */
export function epsilonGreedyShares(pointEstimates: readonly (number | null)[], epsilon = 0.1): number[] {
  const k = pointEstimates.length;
  let bi = -1;
  pointEstimates.forEach((v, i) => {
    if (v != null && (bi < 0 || v > pointEstimates[bi]!)) bi = i;
  });
  return pointEstimates.map((_, i) => epsilon / k + (i === bi ? 1 - epsilon : 0) + (bi < 0 ? (1 - epsilon) / k : 0));
}
