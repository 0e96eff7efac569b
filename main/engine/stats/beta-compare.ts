/**
 * Bayesian comparison of two pass rates: with Beta(1,1) (uniform) priors, the posterior of a
 * rate after s passes in n runs is Beta(1 + s, 1 + n − s). We ask how likely it is that the
 * alternative's rate is more than `margin` below the current one.
 */
import betaCdf from '@stdlib/stats-base-dists-beta-cdf';
import betaPdf from '@stdlib/stats-base-dists-beta-pdf';
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';

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

/** Intervals of composite Simpson's rule; even. Accuracy is ~1e-5 on these integrands. */
const SIMPSON_INTERVALS = 200;
/** Posterior mass left outside the integration range, per tail. */
const TAIL = 1e-10;

/**
 * P(X − Y < delta) for independent X ~ Beta(x), Y ~ Beta(y), by one-dimensional numerical
 * integration: P = ∫ f_X(u) · P(Y > u − delta) du. The integral runs over the narrower of the two
 * posteriors (swapping the roles when Y is narrower), between its 1e-10 and 1 − 1e-10 quantiles,
 * so a posterior from a million runs is integrated as finely as one from five.
 */
export function probDiffBelow(x: BetaParams, y: BetaParams, delta: number): number {
  const overX = variance(x) <= variance(y);
  const dens = overX ? x : y;
  const other = overX ? y : x;
  // Over X: P(Y > u − delta). Over Y: P(X < v + delta).
  const inner = overX
    ? (u: number): number => 1 - clampedCdf(u - delta, other)
    : (v: number): number => clampedCdf(v + delta, other);
  const lo = betaQuantile(TAIL, dens.a, dens.b);
  const hi = betaQuantile(1 - TAIL, dens.a, dens.b);
  if (!(hi > lo)) return inner((lo + hi) / 2);
  const n = SIMPSON_INTERVALS;
  const h = (hi - lo) / n;
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    const u = lo + i * h;
    const w = i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2;
    sum += w * betaPdf(u, dens.a, dens.b) * inner(u);
  }
  const p = (sum * h) / 3;
  return Math.min(1, Math.max(0, p));
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
