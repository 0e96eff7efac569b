/**
 * Posterior figures of several independent arms by numerical integration instead of Monte Carlo:
 * for arm i with density f_i and CDF F_i (larger is better),
 *   P(i best)          = ∫ f_i(x) Π_{j≠i} F_j(x) dx,
 *   P(i beats control) = ∫ f_c(x) (1 − F_i(x)) dx,
 *   E[max_j θ_j]       = ∫ x Σ_i f_i(x) Π_{j≠i} F_j(x) dx,  expected loss_i = E[max] − E[θ_i].
 * Exact up to quadrature error (~1e-9, tests against scipy), deterministic, and far cheaper than
 * 20 000 joint draws: a project with 34 models costs ~30 000 density/CDF evaluations, two arms a
 * few hundred. Densities and CDFs come from stdlib.
 */
import betaCdf from '@stdlib/stats-base-dists-beta-cdf';
import betaPdf from '@stdlib/stats-base-dists-beta-pdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { gaussLegendre } from './gauss-legendre';

/** One arm's posterior: density, CDF, mean and sd, and the window outside which its mass is negligible. */
export interface PosteriorDist {
  pdf: (x: number) => number;
  cdf: (x: number) => number;
  mean: number;
  sd: number;
  lo: number;
  hi: number;
}

export interface PosteriorFigures {
  prob_beat_control: number;
  prob_best: number;
  expected_loss: number;
}

/** Beyond mean ± 15 sd a Beta posterior (even the skewed Beta(n + 1, 1)) holds < 1e-8 of its mass. */
const BETA_SD_RANGE = 15;
/** Beyond mean ± 10 sd a normal holds < 2e-23. */
const NORMAL_SD_RANGE = 10;
/**
 * A panel spans at most one sd of each posterior alive there, widening in its tails (|z| / 2 sd
 * beyond 2 sd, where the density is smooth and small); 8 Gauss–Legendre nodes each.
 */
const PANEL_SD = 1;
const GL = gaussLegendre(8);

/** Beta(a, b) (a pass rate's posterior: a = 1 + passes, b = 1 + fails). */
export function betaDist(a: number, b: number): PosteriorDist {
  const mean = a / (a + b);
  const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
  return {
    pdf: (x) => betaPdf(x, a, b),
    cdf: (x) => betaCdf(x, a, b),
    mean, sd,
    lo: Math.max(0, mean - BETA_SD_RANGE * sd),
    hi: Math.min(1, mean + BETA_SD_RANGE * sd),
  };
}

/** Normal(mean, sd), sd > 0. */
export function normalDist(mean: number, sd: number): PosteriorDist {
  const k = 1 / (sd * Math.sqrt(2 * Math.PI));
  return {
    pdf: (x) => k * Math.exp(-0.5 * ((x - mean) / sd) ** 2),
    cdf: (x) => normalCdf(x, mean, sd),
    mean, sd,
    lo: mean - NORMAL_SD_RANGE * sd,
    hi: mean + NORMAL_SD_RANGE * sd,
  };
}

/**
 * The panels to integrate over: from `start` to the last window's end, each within PANEL_SD of
 * every posterior whose window covers it (wider in its tails), and breaking at every window edge (where a CDF
 * becomes exactly 0 or 1).
 */
function panels(dists: readonly PosteriorDist[], start: number): Array<[number, number]> {
  const edges = [...new Set(dists.flatMap((d) => [d.lo, d.hi]))].filter((e) => e > start).sort((a, b) => a - b);
  const out: Array<[number, number]> = [];
  let x = start;
  for (const edge of edges) {
    while (x < edge) {
      let width = Infinity;
      for (const d of dists) {
        if (d.lo <= x && x < d.hi) width = Math.min(width, PANEL_SD * d.sd * Math.max(1, Math.abs(x - d.mean) / (2 * d.sd)));
      }
      // No posterior alive here: nothing to integrate until the next window opens.
      const next = width === Infinity ? edge : Math.min(edge, x + width);
      if (width !== Infinity) out.push([x, next]);
      x = next;
    }
  }
  return out;
}

/** P(best), P(beat the control) and expected loss of every arm (larger values are better). */
export function posteriorFiguresByQuadrature(dists: readonly PosteriorDist[], controlIndex: number): PosteriorFigures[] {
  const k = dists.length;
  if (k === 0) return [];
  const c = dists[controlIndex];
  // Below the second-highest window start two CDFs are 0, so every P(best) integrand is too; the
  // control's window still counts for P(beat control).
  const starts = dists.map((d) => d.lo).sort((a, b) => b - a);
  const start = Math.min(k > 1 ? starts[1] : starts[0], c.lo);
  const best = new Float64Array(k);
  const beat = new Float64Array(k);
  let eMax = 0;
  const F = new Float64Array(k);
  const f = new Float64Array(k);
  const suffix = new Float64Array(k + 1);
  for (const [a, b] of panels(dists, start)) {
    const half = (b - a) / 2;
    const mid = a + half;
    for (let n = 0; n < GL.x.length; n++) {
      const x = mid + half * GL.x[n];
      const w = half * GL.w[n];
      for (let j = 0; j < k; j++) {
        const d = dists[j];
        if (x <= d.lo) {
          F[j] = 0;
          f[j] = 0;
        } else if (x >= d.hi) {
          F[j] = 1;
          f[j] = 0;
        } else {
          F[j] = d.cdf(x);
          f[j] = d.pdf(x);
        }
      }
      suffix[k] = 1;
      for (let j = k - 1; j >= 0; j--) suffix[j] = suffix[j + 1] * F[j];
      let prefix = 1;
      let dens = 0;
      for (let i = 0; i < k; i++) {
        const term = f[i] * prefix * suffix[i + 1];
        best[i] += w * term;
        dens += term;
        prefix *= F[i];
        if (i !== controlIndex && f[controlIndex] > 0) beat[i] += w * f[controlIndex] * (1 - F[i]);
      }
      eMax += w * x * dens;
    }
  }
  const clamp = (p: number): number => Math.min(1, Math.max(0, p));
  return dists.map((d, i) => ({
    prob_beat_control: clamp(beat[i]),
    prob_best: clamp(best[i]),
    expected_loss: Math.max(0, eMax - d.mean),
  }));
}
