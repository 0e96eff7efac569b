/**
 * Fisher's exact test for a 2×2 table, one-sided: is row 1's success rate higher than row 2's?
 * Used to decide "better quality" between two prompt versions' pass rates.
 */

function logFactorials(n: number): Float64Array {
  const f = new Float64Array(n + 1);
  for (let i = 2; i <= n; i++) f[i] = f[i - 1] + Math.log(i);
  return f;
}

/**
 * P(X ≥ s1) with X hypergeometric given the margins: successes s1 of n1 in row 1, s2 of n2 in
 * row 2. Equals scipy.stats.fisher_exact([[s1, n1 − s1], [s2, n2 − s2]], alternative='greater').
 */
export function fisherGreater(s1: number, n1: number, s2: number, n2: number): number {
  if (n1 <= 0 || n2 <= 0) return 1;
  const n = n1 + n2;
  const k = s1 + s2;
  const lf = logFactorials(n);
  const logChoose = (a: number, b: number): number => lf[a] - lf[b] - lf[a - b];
  const denom = logChoose(n, k);
  const hi = Math.min(n1, k);
  let p = 0;
  for (let x = s1; x <= hi; x++) {
    if (k - x > n2) continue;
    p += Math.exp(logChoose(n1, x) + logChoose(n2, k - x) - denom);
  }
  return Math.min(1, p);
}
