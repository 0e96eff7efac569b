/**
 * Where did a change happen? Given observations y[s..t] known to contain one change, the
 * posterior over the first index k of the new regime (uniform prior on k ∈ [s+1, t]):
 * - Bernoulli, Beta(1,1) priors on both rates (exact marginal likelihood):
 *   P(k) ∝ B(1+a₁, 1+b₁) · B(1+a₂, 1+b₂), a/b = bad/good counts before and after.
 * - Gaussian with a known common sd σ and flat priors on the two means:
 *   P(k) ∝ (n₁n₂)^(−1/2) · exp(−SSW(k) / 2σ²), SSW the within-segment sum of squares.
 * The estimate is the posterior mode, the interval the equal-tailed 95 % credible interval.
 */

export interface ChangeLocation {
  /** Posterior mode of the first index of the new regime. */
  k: number;
  /** 95 % credible interval of that index (inclusive). */
  kLo: number;
  kHi: number;
  /** 99 % credible interval (inclusive): what causes are linked within (alerts.ts). */
  kLo99: number;
  kHi99: number;
  /** Posterior probability of the mode. */
  pMode: number;
}

let lfTable = new Float64Array([0, 0]);

/** ln(n!) from a table grown on demand (exact sums of logs, no Stirling error). */
export function logFactorial(n: number): number {
  if (n >= lfTable.length) {
    const size = Math.max(n + 1, lfTable.length * 2);
    const next = new Float64Array(size);
    next.set(lfTable);
    for (let i = lfTable.length; i < size; i++) next[i] = next[i - 1] + Math.log(i);
    lfTable = next;
  }
  return lfTable[n];
}

/** ln B(1 + a, 1 + b) = ln(a! b! / (a + b + 1)!). */
function logBeta1(a: number, b: number): number {
  return logFactorial(a) + logFactorial(b) - logFactorial(a + b + 1);
}

function summarize(logp: Float64Array, s: number): ChangeLocation {
  let max = -Infinity;
  let mode = 0;
  for (let i = 0; i < logp.length; i++) if (logp[i] > max) { max = logp[i]; mode = i; }
  let total = 0;
  const w = new Float64Array(logp.length);
  for (let i = 0; i < logp.length; i++) { w[i] = Math.exp(logp[i] - max); total += w[i]; }
  let cum = 0;
  let lo = -1;
  let hi = -1;
  let lo99 = -1;
  let hi99 = logp.length - 1;
  for (let i = 0; i < w.length; i++) {
    cum += w[i] / total;
    if (lo99 < 0 && cum >= 0.005) lo99 = i;
    if (lo < 0 && cum >= 0.025) lo = i;
    if (hi < 0 && cum >= 0.975) hi = i;
    if (cum >= 0.995) { hi99 = i; break; }
  }
  if (hi < 0) hi = logp.length - 1;
  // Candidates start at s + 1 (at least one observation before the change).
  return {
    k: s + 1 + mode, kLo: s + 1 + Math.max(0, lo), kHi: s + 1 + hi, pMode: w[mode] / total,
    kLo99: s + 1 + Math.max(0, lo99), kHi99: s + 1 + Math.max(hi, hi99),
  };
}

/** Posterior of the change index for 0/1 data y[s..t] (inclusive); needs t > s. */
export function bernoulliChangeLocation(y: ArrayLike<number>, s: number, t: number): ChangeLocation {
  const n = t - s + 1;
  let totalBad = 0;
  for (let i = s; i <= t; i++) totalBad += y[i];
  const logp = new Float64Array(n - 1);
  let bad1 = 0;
  for (let k = s + 1; k <= t; k++) {
    bad1 += y[k - 1];
    const n1 = k - s;
    const n2 = n - n1;
    const bad2 = totalBad - bad1;
    logp[k - s - 1] = logBeta1(bad1, n1 - bad1) + logBeta1(bad2, n2 - bad2);
  }
  return summarize(logp, s);
}

/** Posterior of the change index for Gaussian data y[s..t] with known sd σ; needs t > s. */
export function gaussianChangeLocation(y: ArrayLike<number>, s: number, t: number, sigma: number): ChangeLocation {
  const n = t - s + 1;
  let sum = 0;
  let sum2 = 0;
  // Centre on the first value so the sums of squares keep their digits.
  const c = y[s];
  for (let i = s; i <= t; i++) { const d = y[i] - c; sum += d; sum2 += d * d; }
  const logp = new Float64Array(n - 1);
  let s1 = 0;
  let q1 = 0;
  const twoVar = 2 * sigma * sigma;
  for (let k = s + 1; k <= t; k++) {
    const d = y[k - 1] - c;
    s1 += d;
    q1 += d * d;
    const n1 = k - s;
    const n2 = n - n1;
    const s2 = sum - s1;
    const q2 = sum2 - q1;
    const ssw = q1 - (s1 * s1) / n1 + (q2 - (s2 * s2) / n2);
    logp[k - s - 1] = -ssw / twoVar - 0.5 * Math.log(n1 * n2);
  }
  return summarize(logp, s);
}
