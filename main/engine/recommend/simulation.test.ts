/**
 * Monte Carlo proof that the arm comparison is trustworthy (issue 3 §2). Seeded, so the counts
 * are reproducible; the seeds were not chosen for the outcome. Costs are lognormal, rounded to
 * cents as run logs record them; QA outcomes Bernoulli.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TUNING, type Recommendation } from '../../../shared/domain';
import { buildProfile } from '../profile';
import { simulateProject } from '../test-support';
import { qaGuard } from './arm-comparison';
import { generateRecommendations } from './index';

interface Arm {
  median: number;
  pass: number;
}

function modeRecommendation(seed: number, n: number, sigma: number, cur: Arm, alt: Arm): Recommendation | undefined {
  const agg = simulateProject(seed, 'mode', [
    { arm: 'cur', n, medianCost: cur.median, sigma, passRate: cur.pass },
    { arm: 'alt', n, medianCost: alt.median, sigma, passRate: alt.pass },
  ]);
  const profile = buildProfile(agg, { min_runs_for_recommendations: 5 });
  return generateRecommendations({ project_id: 'sim', profile, agg, current: { mode: 'cur' }, tuning: DEFAULT_TUNING })
    .recommendations.find((r) => r.category === 'mode');
}

const fires = (r: Recommendation | undefined): boolean => r != null && r.confidence !== 'low';

/** Upper 99 % point of Binomial(n, p) by summing the pmf (small n·p, no library needed). */
function binomialUpper99(n: number, p: number): number {
  let k = 0;
  let pmf = (1 - p) ** n;
  let cdf = pmf;
  while (cdf < 0.99) {
    pmf *= ((n - k) / (k + 1)) * (p / (1 - p));
    k++;
    cdf += pmf;
  }
  return k;
}

describe('simulations', () => {
  it('identical arms: medium/high fire ≤ 1 % of the time at every n from 3 to 50', () => {
    const SIMS = 2500;
    const rates: Record<number, number> = {};
    let total = 0;
    let fired = 0;
    for (const n of [3, 5, 8, 12, 20, 35, 50]) {
      let count = 0;
      for (let s = 0; s < SIMS; s++) {
        // Alternate sigma over the realistic range so every n sees 0.3, 0.4 and 0.5.
        const sigma = [0.3, 0.4, 0.5][s % 3];
        if (fires(modeRecommendation(1_000_003 * n + s, n, sigma, { median: 1, pass: 0.9 }, { median: 1, pass: 0.9 }))) count++;
      }
      rates[n] = count / SIMS;
      total += SIMS;
      fired += count;
      // A Monte Carlo rate is an estimate: per n we check it is not significantly above 1 %
      // (within the 99 % point of Binomial(SIMS, 0.01)) ...
      expect(count, `n=${n}: ${count}/${SIMS}`).toBeLessThanOrEqual(binomialUpper99(SIMS, 0.01));
    }
    // ... and over all n together, where the estimate is precise, it is ≤ 1 % outright.
    expect(fired / total).toBeLessThanOrEqual(0.01);
    console.info('identical arms, medium/high fire rate per n:', rates, 'pooled', fired / total);
  });

  it('30 % cost gap, equal QA, 20 runs per arm: medium/high fire ≥ 85 %', () => {
    // sigma 0.3 and QA 95 %. The 1 %-level test's power bounds this: at sigma 0.3 it is ~90 %
    // and the QA guard's false blocks take a few points more (see docs/statistics.md for the
    // power table; at sigma ≥ 0.4 no 1 %-level test reaches 85 % with 20 runs per arm).
    const SIMS = 2000;
    let count = 0;
    for (let s = 0; s < SIMS; s++) if (fires(modeRecommendation(77_000 + s, 20, 0.3, { median: 1, pass: 0.95 }, { median: 0.7, pass: 0.95 }))) count++;
    console.info('30 % gap fire rate:', count / SIMS);
    expect(count / SIMS).toBeGreaterThanOrEqual(0.85);
  });

  it('a cheaper arm with pass rate 0.50 vs 0.92 at 40 runs per arm: the QA guard lets it through < 0.1 % of the time (exact)', () => {
    // Exact, over all 41 × 41 QA outcomes weighted by their binomial probabilities. A recommendation
    // needs the guard to pass (and for low also the observed difference ≥ −5 points), so this bounds
    // the chance of any recommendation at any confidence. Measured: 0.000925 — rare, but not "never":
    // no rule that looks only at QA counts can make it 0 while keeping ≥ 85 % power in the 30 % gap
    // simulation (docs/statistics.md, "The QA guard").
    const n = 40;
    const pmf = (p: number): number[] => {
      const out: number[] = [];
      let c = 1;
      for (let k = 0; k <= n; k++) {
        out.push(c * p ** k * (1 - p) ** (n - k));
        c = (c * (n - k)) / (k + 1);
      }
      return out;
    };
    const alt = pmf(0.5);
    const cur = pmf(0.92);
    let through = 0;
    let low = 0;
    for (let a = 0; a <= n; a++) {
      for (let c = 0; c <= n; c++) {
        if (alt[a] * cur[c] < 1e-15) continue;
        if (!qaGuard(a, n, c, n).blocked) {
          through += alt[a] * cur[c];
          if (a - c >= -0.05 * n) low += alt[a] * cur[c];
        }
      }
    }
    console.info('P(guard passes 0.50 vs 0.92 at 40/arm) =', through, '; P(low tier possible) =', low);
    expect(through).toBeLessThan(1e-3);
    expect(low).toBeLessThan(1e-4);
  });

  it('a cheaper arm with pass rate 0.50 vs 0.92 at 40 runs per arm: recommended in ≤ 0.3 % of simulated projects', () => {
    const SIMS = 1500;
    let count = 0;
    for (let s = 0; s < SIMS; s++) {
      const sigma = [0.3, 0.4, 0.5][s % 3];
      if (modeRecommendation(55_000 + s, 40, sigma, { median: 1, pass: 0.92 }, { median: 0.6, pass: 0.5 })) count++;
    }
    console.info('0.50 vs 0.92 recommended in', count, 'of', SIMS);
    // Expected ≈ 1.4 of 1500 from the exact computation above.
    expect(count / SIMS).toBeLessThanOrEqual(0.003);
  });
});
