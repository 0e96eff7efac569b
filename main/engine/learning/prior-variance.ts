/** Empirical-Bayes prior variances of the prediction model's effects, by the method of moments. */

/** Cap on a prior variance (log-odds or log-cost scale): e^3 ≈ 20× is already extreme. */
const MAX_TAU2 = 9;

/**
 * Between-level variance of a pass rate by the method of moments (the beta-binomial analogue
 * of DerSimonian–Laird): τ_p² = max(0, (Σ n_j (p̂_j − μ)² − (J − 1) μ(1 − μ)) / (N − Σ n_j² / N)),
 * moved to the log-odds scale by the delta method (÷ (μ(1 − μ))²).
 */
export function passTau2(groups: readonly { s: number; n: number }[]): number {
  const J = groups.length;
  const N = groups.reduce((a, g) => a + g.n, 0);
  if (J < 2 || N === 0) return 0;
  const mu = groups.reduce((a, g) => a + g.s, 0) / N;
  const v = Math.max(mu * (1 - mu), 0.01);
  const q = groups.reduce((a, g) => a + g.n * (g.s / g.n - mu) ** 2, 0);
  const denom = N - groups.reduce((a, g) => a + g.n * g.n, 0) / N;
  if (!(denom > 0)) return 0;
  const tauP = Math.max(0, (q - (J - 1) * v) / denom);
  return Math.min(MAX_TAU2, tauP / (v * v));
}

/** One-way ANOVA moment estimator of the between-level variance of a continuous outcome. */
export function normalTau2(groups: readonly { sum: number; sum2: number; n: number }[]): number {
  const J = groups.length;
  const N = groups.reduce((a, g) => a + g.n, 0);
  if (J < 2 || N <= J) return 0;
  const grand = groups.reduce((a, g) => a + g.sum, 0) / N;
  const ssb = groups.reduce((a, g) => a + g.n * (g.sum / g.n - grand) ** 2, 0);
  const ssw = groups.reduce((a, g) => a + g.sum2 - (g.sum * g.sum) / g.n, 0);
  const msb = ssb / (J - 1);
  const msw = ssw / (N - J);
  const n0 = (N - groups.reduce((a, g) => a + g.n * g.n, 0) / N) / (J - 1);
  return n0 > 0 ? Math.min(MAX_TAU2, Math.max(0, (msb - msw) / n0)) : 0;
}
