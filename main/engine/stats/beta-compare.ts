/**
 * Bayesian comparison of two pass rates: with Beta(1,1) (uniform) priors, the posterior of a
 * rate after s passes in n runs is Beta(1 + s, 1 + n − s). We ask how likely it is that the
 * alternative's rate is more than `margin` below the current one.
 */
import betaCdf from '@stdlib/stats-base-dists-beta-cdf';
import betaPdf from '@stdlib/stats-base-dists-beta-pdf';
import { gaussLegendre } from './gauss-legendre';

export interface BetaParams {
  a: number;
  b: number;
}

/** Posterior Beta(prior + passes, prior + non-passes) of a pass rate. */
export function passRatePosterior(passed: number, n: number, prior = 1): BetaParams {
  return { a: prior + passed, b: prior + (n - passed) };
}

function variance({ a, b }: BetaParams): number {
  return (a * b) / ((a + b) ** 2 * (a + b + 1));
}

/** Posterior mass beyond mean ± 15 sd is < 1e-7 even for the skewed Beta(n + 1, 1). */
const SD_RANGE = 15;
/** Gauss–Legendre nodes per panel and panels per smooth piece: max error ~1e-7 (tests). */
const GL_NODES = 20;
const PANELS = 2;

const GL = gaussLegendre(GL_NODES);

/**
 * P(X − Y < delta) for independent X ~ Beta(x), Y ~ Beta(y), by one-dimensional numerical
 * integration: P = ∫ f_X(u) · P(Y > u − delta) du. The integral runs over the narrower of the two
 * posteriors (swapping roles when Y is narrower), over its mean ± 15 sd clipped to [0, 1], so a
 * posterior from a million runs is integrated as finely as one from five. The range is split
 * where the other variable's CDF reaches 0 or 1 (a kink), and each smooth piece is integrated by
 * Gauss–Legendre quadrature. Densities and CDFs come from stdlib.
 */
export function probDiffBelow(x: BetaParams, y: BetaParams, delta: number): number {
  const overX = variance(x) <= variance(y);
  const dens = overX ? x : y;
  const other = overX ? y : x;
  // Over X: P(Y > u − delta). Over Y: P(X < v + delta).
  const inner = overX
    ? (u: number): number => 1 - clampedCdf(u - delta, other)
    : (v: number): number => clampedCdf(v + delta, other);
  const mean = dens.a / (dens.a + dens.b);
  const sd = Math.sqrt(variance(dens));
  const lo = Math.max(0, mean - SD_RANGE * sd);
  const hi = Math.min(1, mean + SD_RANGE * sd);
  const kinks = (overX ? [delta, 1 + delta] : [-delta, 1 - delta]).filter((k) => k > lo && k < hi).sort((a, b) => a - b);
  const edges = [lo, ...kinks, hi];
  let sum = 0;
  for (let e = 0; e + 1 < edges.length; e++) {
    const width = (edges[e + 1] - edges[e]) / PANELS;
    for (let p = 0; p < PANELS; p++) {
      const half = width / 2;
      const centre = edges[e] + p * width + half;
      for (let i = 0; i < GL_NODES; i++) {
        const u = centre + half * GL.x[i];
        sum += half * GL.w[i] * betaPdf(u, dens.a, dens.b) * inner(u);
      }
    }
  }
  return Math.min(1, Math.max(0, sum));
}

function clampedCdf(v: number, p: BetaParams): number {
  if (v <= 0) return 0;
  if (v >= 1) return 1;
  return betaCdf(v, p.a, p.b);
}

/**
 * Posterior probability that the alternative's pass rate is more than `margin` below the
 * current one (Beta(1,1) priors): P(p_alt − p_cur < −margin).
 */
export function probAltWorse(altPassed: number, altN: number, curPassed: number, curN: number, margin = 0.05): number {
  return probDiffBelow(passRatePosterior(altPassed, altN), passRatePosterior(curPassed, curN), -margin);
}
