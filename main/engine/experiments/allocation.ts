/**
 * Allocation of the next runs (§6): Thompson sampling shares on the primary metric's posterior
 * (Beta for pass rate; a normal on −ln cost per passed run, or −ln mean dollars, with the
 * delta-method variance), top-two Thompson and the seed's ε-greedy beside them.
 */
import { meanVar } from '../stats/moments';
import { epsilonGreedyShares, normalDist, passRateDist, posteriorFigures, topTwoShares, type PosteriorDist } from './bayes';
import { costPerPass } from './estimates';
import type { ArmSums } from './sums';
import type { DecisionMetric } from './types';

/** Thompson shares on the primary metric's posterior, with top-two and ε-greedy beside them. */
export function allocation(metric: DecisionMetric, arms: [string, ArmSums][]): { thompson: Record<string, number>; top_two: Record<string, number>; epsilon_greedy: Record<string, number> } {
  const points: (number | null)[] = [];
  const dists: PosteriorDist[] = [];
  const gaussians: ({ mean: number; sd: number } | null)[] = arms.map(([, s]) => {
    if (metric === 'pass_rate') return null;
    if (metric === 'cost') {
      const m = meanVar(s.cost);
      return m && m.n >= 2 && m.mean > 0 ? { mean: -Math.log(m.mean), sd: Math.sqrt(m.variance / (m.n * m.mean * m.mean)) } : null;
    }
    const r = costPerPass(s.cp);
    return r && r.ratio > 0 && Number.isFinite(r.log_variance) ? { mean: -Math.log(r.ratio), sd: Math.sqrt(r.log_variance) } : null;
  });
  const known = gaussians.filter((g): g is { mean: number; sd: number } => g != null);
  const fallbackMean = known.length ? known.reduce((x, g) => x + g.mean, 0) / known.length : 0;
  arms.forEach(([, s], i) => {
    if (metric === 'pass_rate') {
      dists.push(passRateDist(s.passes, s.qa_n));
      points.push(s.qa_n > 0 ? s.passes / s.qa_n : null);
    } else {
      const g = gaussians[i];
      // An arm without an estimate gets a wide prior (sd 1 on the log scale) around the others.
      dists.push(g ? normalDist(g.mean, Math.max(g.sd, 1e-9)) : normalDist(fallbackMean, 1));
      points.push(g ? g.mean : null);
    }
  });
  const figs = posteriorFigures(dists, 0);
  const pBest = figs.map((f) => f.prob_best);
  const tt = topTwoShares(pBest);
  const eg = epsilonGreedyShares(points);
  const rec = (xs: number[]): Record<string, number> => Object.fromEntries(arms.map(([v], i) => [v, xs[i]]));
  return { thompson: rec(pBest), top_two: rec(tt), epsilon_greedy: rec(eg) };
}
