/**
 * Posterior figures (Stucchio 2015; gbstats bayesian/) with Beta(1 + s, 1 + f) posteriors of the
 * pass rates: the probability that each arm beats the control, that it is the best of all arms,
 * and the expected loss of choosing it, E[max_j θ_j − θ_arm]; P(best) is also the Thompson
 * sampling share (§6). Computed by quadrature (stats/posterior-max.ts), so they are exact and the
 * same on every call; allocation's top-two and ε-greedy shares follow here.
 */
import { betaDist, normalDist, posteriorFiguresByQuadrature, type PosteriorDist, type PosteriorFigures } from '../stats/posterior-max';

export type { PosteriorDist, PosteriorFigures };

/** Beta(1 + passes, 1 + fails): a pass rate's posterior. */
export function passRateDist(passes: number, qaN: number): PosteriorDist {
  return betaDist(1 + passes, 1 + qaN - passes);
}

/** Normal(mean, sd) (used for −ln cost per passed run: larger is better). */
export { normalDist };

/** Probability to beat the control, to be best, and expected loss for each arm (independent posteriors). */
export function posteriorFigures(dists: readonly PosteriorDist[], controlIndex: number): PosteriorFigures[] {
  return posteriorFiguresByQuadrature(dists, controlIndex);
}

/**
 * Top-two Thompson sampling shares (Russo 2016) from the probabilities of being best p_i: with
 * probability β the sampled best arm runs, else the best of a re-draw that differs from it, so
 * share_j = β p_j + (1 − β) Σ_{i≠j} p_i p_j / (1 − p_i).
 */
export function topTwoShares(pBest: readonly number[], beta = 0.5): number[] {
  const out = pBest.map((p) => beta * p);
  for (let i = 0; i < pBest.length; i++) {
    // The others' total, not 1 − p_i: when one arm is nearly sure, 1 − p_i loses every digit.
    let rest = 0;
    for (let j = 0; j < pBest.length; j++) if (j !== i) rest += pBest[j];
    if (!(rest > 0)) {
      // Every other arm has probability 0 exactly: its runner-up share goes evenly to the others.
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
