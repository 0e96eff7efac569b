/**
 * Self-starting two-sided CUSUM on a run sequence (Page 1954; Bernoulli CUSUM of Reynolds &
 * Stoumbos 1999), restarted after each detected change.
 *
 * Data are oriented so that "up" is worse. Within a segment starting at s, monitoring starts at
 * s + MIN_REF; the in-control reference at time t is estimated from the runs [s, t − g) (at most
 * the last MAX_REF of them), where the guard g grows from 0 by GUARD_GROWTH per run up to GUARD:
 * it keeps the runs just before t — where a change would be — out of the reference, so a fresh
 * shift is judged against the old level, while the reference still keeps learning early on.
 * - Bernoulli: p₀ = (bad + ½)/(m + 1) (Jeffreys); the upper chart accumulates the log likelihood
 *   ratio of p₁ (odds of a bad run × ODDS) against p₀, the lower one of odds ÷ ODDS.
 * - Gaussian (log x, or √(x + 3/8) for counts): z = (y − μ̂)/σ̂, clipped to ±CLIP so that a
 *   single outlier (an anomaly, reported separately) cannot raise an alarm alone;
 *   S⁺ = max(0, S⁺ + z − K), S⁻ = max(0, S⁻ − z − K).
 * An alarm at t (S ≥ h) marks detected_at; the change index and its 95 % interval come from
 * the single-change posterior on [s, t] (change-posterior.ts); the next segment starts there.
 * Thresholds h are calibrated by simulation (thresholds.ts).
 */
import { bernoulliChangeLocation, gaussianChangeLocation } from './change-posterior';
import type { SeriesFamily } from './series';
import { type AlphaLevel, thresholdFor } from './thresholds';

export interface CusumConfig {
  MIN_REF: number;
  GUARD: number;
  MAX_REF: number;
  ODDS: number;
  K: number;
  CLIP: number;
  SD_FLOOR: number;
  /** After MIN_REF runs the guard grows by this fraction of a run per run, up to GUARD. */
  GUARD_GROWTH: number;
}

export const CUSUM: CusumConfig = {
  GUARD_GROWTH: 0.3,
  MIN_REF: 60,
  GUARD: 50,
  MAX_REF: 500,
  /** Odds ratio of a bad run the Bernoulli charts are tuned to detect. */
  ODDS: 3,
  /** Shift (in sd) the Gaussian charts are tuned to detect is 2K. */
  K: 0.5,
  CLIP: 3,
  /** Floor of σ̂ on the transformed scale (5 % on the log scale). */
  SD_FLOOR: 0.05,
};

export interface RawChange {
  /** First index of the new regime (posterior mode), its 95 % and 99 % intervals. */
  k: number;
  kLo: number;
  kHi: number;
  kLo99: number;
  kHi99: number;
  /** Index at which the chart crossed its threshold. */
  detected: number;
  /** worse = upward in the oriented data. */
  direction: 'worse' | 'better';
}

/** Threshold lookup: (family, direction, level — p₀ or mean transformed count —, series length, class) → h. */
export type ThresholdFn = (family: SeriesFamily, direction: 'worse' | 'better', level: number, n: number, cls: AlphaLevel) => number;

/**
 * Run the restarted two-sided CUSUM over oriented data y (for Bernoulli 1 = bad run).
 * Returns the changes in time order. `track` receives the largest chart values (calibration).
 */
export function cusumChanges(
  y: Float64Array, family: SeriesFamily, threshold: ThresholdFn = thresholdFor, track?: { maxUp: number; maxDown: number },
  cfg: CusumConfig = CUSUM, cls: AlphaLevel = 'project',
): RawChange[] {
  const n = y.length;
  const out: RawChange[] = [];
  if (n < cfg.MIN_REF + 2) return out;
  const p1 = new Float64Array(n + 1);
  const p2 = new Float64Array(n + 1);
  const c = y[0];
  for (let i = 0; i < n; i++) { const d = y[i] - c; p1[i + 1] = p1[i] + d; p2[i + 1] = p2[i] + d * d; }
  const bern = family === 'bernoulli';
  // Thresholds are looked up when the level they depend on moves (once for Gaussian charts).
  let hUp = 0;
  let hDown = 0;
  let levelAt = NaN;
  let s = 0;
  let t = s + cfg.MIN_REF;
  let up = 0;
  let down = 0;
  while (t < n) {
    const since = t - s - cfg.MIN_REF;
    const e = t - Math.min(cfg.GUARD, Math.floor(since * cfg.GUARD_GROWTH));
    const st = Math.max(s, e - cfg.MAX_REF);
    const m = e - st;
    let hit: 'worse' | 'better' | null = null;
    let sigma = 0;
    if (bern) {
      const bad = p1[e] - p1[st] + m * c;
      const p0 = (bad + 0.5) / (m + 1);
      const o = p0 / (1 - p0);
      const pu = (o * cfg.ODDS) / (1 + o * cfg.ODDS);
      const pd = o / cfg.ODDS / (1 + o / cfg.ODDS);
      const yt = y[t];
      up = Math.max(0, up + (yt > 0.5 ? Math.log(pu / p0) : Math.log((1 - pu) / (1 - p0))));
      down = Math.max(0, down + (yt > 0.5 ? Math.log(pd / p0) : Math.log((1 - pd) / (1 - p0))));
      // Bernoulli thresholds depend on p₀; look them up again only when p₀ moved.
      if (!(Math.abs(p0 - levelAt) <= 0.005)) { levelAt = p0; hUp = threshold(family, 'worse', p0, n, cls); hDown = threshold(family, 'better', p0, n, cls); }
      if (up >= hUp) hit = 'worse';
      else if (down >= hDown) hit = 'better';
    } else {
      const sum = p1[e] - p1[st];
      const mu = sum / m;
      const v = m > 1 ? Math.max(0, (p2[e] - p2[st] - m * mu * mu) / (m - 1)) : 0;
      sigma = Math.max(Math.sqrt(v), cfg.SD_FLOOR);
      // Count thresholds depend on the level (√(λ + 3/8) ≈ mean of the transformed counts).
      const level = family === 'count' ? mu + c : 0;
      if (Number.isNaN(levelAt) || (family === 'count' && Math.abs(level - levelAt) > 0.01)) {
        levelAt = level; hUp = threshold(family, 'worse', level, n, cls); hDown = threshold(family, 'better', level, n, cls);
      }
      let z = (y[t] - c - mu) / sigma;
      if (z > cfg.CLIP) z = cfg.CLIP;
      else if (z < -cfg.CLIP) z = -cfg.CLIP;
      up = Math.max(0, up + z - cfg.K);
      down = Math.max(0, down - z - cfg.K);
      if (up >= hUp) hit = 'worse';
      else if (down >= hDown) hit = 'better';
    }
    if (track) {
      if (up > track.maxUp) track.maxUp = up;
      if (down > track.maxDown) track.maxDown = down;
    }
    if (hit) {
      const loc = bern ? bernoulliChangeLocation(y, s, t) : gaussianChangeLocation(y, s, t, sigma);
      out.push({ k: loc.k, kLo: loc.kLo, kHi: loc.kHi, kLo99: loc.kLo99, kHi99: loc.kHi99, detected: t, direction: hit });
      s = loc.k;
      t = Math.max(t + 1, s + cfg.MIN_REF);
      up = 0;
      down = 0;
      continue;
    }
    t++;
  }
  return out;
}
