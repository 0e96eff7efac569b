/**
 * Exact and χ² tests on counts: Fisher's exact test on a 2×2 table, McNemar's exact test (a
 * binomial test on discordant pairs), χ² goodness of fit (sample-ratio mismatch) with the
 * regularized incomplete gamma function for its tail.
 */
import betaCdf from '@stdlib/stats-base-dists-beta-cdf';

/** Binomial CDF P(X ≤ k) for X ~ Bin(n, p), through the regularized incomplete beta. */
export function binomCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  return betaCdf(1 - p, n - k, k + 1);
}

/**
 * McNemar's exact test: b, c = discordant pairs; p = min(1, 2·P(X ≤ min(b, c))), X ~ Bin(b + c, ½)
 * (= scipy.stats.binomtest(b, b + c, 0.5).pvalue). Null without discordant pairs.
 */
export function mcnemarExact(b: number, c: number): number | null {
  const n = b + c;
  if (n === 0) return null;
  return Math.min(1, 2 * binomCdf(Math.min(b, c), n, 0.5));
}

/**
 * Fisher's exact test, two-sided, on [[a, b], [c, d]]: the sum of the hypergeometric
 * probabilities of tables no more likely than the observed one (scipy.stats.fisher_exact,
 * whose relative tolerance 1 + 1e-7 is kept). Probabilities come from the ratio recurrence in
 * log space, so margins of a million runs do not overflow.
 */
export function fisherExact(a: number, b: number, c: number, d: number): number {
  const r1 = a + b;
  const c1 = a + c;
  const n = a + b + c + d;
  const lo = Math.max(0, r1 + c1 - n);
  const hi = Math.min(r1, c1);
  if (hi === lo) return 1;
  const logw = new Float64Array(hi - lo + 1);
  // w(x+1)/w(x) = (r1 − x)(c1 − x) / ((x + 1)(n − r1 − c1 + x + 1))
  for (let x = lo; x < hi; x++) {
    logw[x - lo + 1] = logw[x - lo] + Math.log(r1 - x) + Math.log(c1 - x) - Math.log(x + 1) - Math.log(n - r1 - c1 + x + 1);
  }
  let max = -Infinity;
  for (const v of logw) max = Math.max(max, v);
  let total = 0;
  for (const v of logw) total += Math.exp(v - max);
  const obs = logw[a - lo];
  const cut = obs + Math.log1p(1e-7);
  let p = 0;
  for (const v of logw) if (v <= cut) p += Math.exp(v - max);
  return Math.min(1, p / total);
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error < 1e-14). */
export function lnGamma(x: number): number {
  const g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let s = g[0];
  for (let i = 1; i < 9; i++) s += g[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/**
 * Regularized upper incomplete gamma Q(s, x): series for x < s + 1, Lentz's continued fraction
 * otherwise (Numerical Recipes §6.2), to ~1e-15.
 */
export function gammaQ(s: number, x: number): number {
  if (x <= 0) return 1;
  const lead = -x + s * Math.log(x) - lnGamma(s);
  if (x < s + 1) {
    let sum = 1 / s;
    let term = sum;
    for (let k = 1; k < 10_000; k++) {
      term *= x / (s + k);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return Math.max(0, 1 - sum * Math.exp(lead));
  }
  const tiny = 1e-300;
  let b = x + 1 - s;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - s);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.min(1, Math.exp(lead) * h);
}

/** Upper tail of the χ² distribution with `df` degrees of freedom. */
export function chiSquareSf(x: number, df: number): number {
  return gammaQ(df / 2, x / 2);
}

/**
 * χ² goodness of fit of observed arm counts to a planned split (shares, normalized here):
 * scipy.stats.chisquare(observed, expected). Used to flag a sample-ratio mismatch.
 */
export function chiSquareGof(observed: readonly number[], planned: readonly number[]): { statistic: number; df: number; p: number } | null {
  const n = observed.reduce((s, x) => s + x, 0);
  const w = planned.reduce((s, x) => s + x, 0);
  if (observed.length < 2 || n === 0 || !(w > 0) || planned.some((x) => !(x > 0))) return null;
  let stat = 0;
  for (let i = 0; i < observed.length; i++) {
    const e = (n * planned[i]) / w;
    stat += (observed[i] - e) ** 2 / e;
  }
  const df = observed.length - 1;
  return { statistic: stat, df, p: chiSquareSf(stat, df) };
}
