import { describe, expect, it } from 'vitest';
import { clopperPearsonLower, finishedWithin, kaplanMeier, smallestLimitReaching, type SurvivalCount } from './kaplan-meier';

// Finished at 1×3, 2×10, 3×8, 4×4, 5×2; censored (stopped by a limit) at 3×2 and 5×3.
const COUNTS: SurvivalCount[] = [
  { time: 1, events: 3, censored: 0 },
  { time: 2, events: 10, censored: 0 },
  { time: 3, events: 8, censored: 2 },
  { time: 4, events: 4, censored: 0 },
  { time: 5, events: 2, censored: 3 },
];

// scipy 1.17.1: scipy.stats.ecdf(CensoredData(uncensored=..., right=...)).sf; the variance from
// its 'linear' (Greenwood) 90 % interval; the lower bound beta.ppf(0.05, F·n_eff, n_eff − F·n_eff + 1).
const REF = [
  { t: 1, S: 0.90625, varS: 0.002655029296875001, nEff: 32, lower: 0.02604304604851759 },
  { t: 2, S: 0.59375, varS: 0.007537841796875001, nEff: 32, lower: 0.25966196494201477 },
  { t: 3, S: 0.34375, varS: 0.007049560546875, nEff: 32, lower: 0.49580850583945074 },
  { t: 4, S: 0.19097222222222224, varS: 0.005417602706511487, nEff: 28.518487037824062, lower: 0.6482802920872862 },
  { t: 5, S: 0.11458333333333334, varS: 0.003700915678047841, nEff: 27.413213885778273, lower: 0.734485719635394 },
];

describe('Kaplan–Meier with runs censored at the limit', () => {
  const steps = kaplanMeier(COUNTS);

  it('matches scipy for S(t), Greenwood variance and the lower bound of P(finished ≤ t)', () => {
    for (const r of REF) {
      const s = steps.find((x) => x.time === r.t)!;
      expect(s.survival).toBeCloseTo(r.S, 12);
      expect(s.survival ** 2 * s.greenwood_sum).toBeCloseTo(r.varS, 12);
      const f = finishedWithin(steps, r.t)!;
      expect(f.share).toBeCloseTo(1 - r.S, 12);
      expect(f.n_eff).toBeCloseTo(r.nEff, 6);
      expect(f.lower).toBeCloseTo(r.lower, 8);
    }
  });

  it('reads a limit between observed times as the step below it, and counts censoring up to it', () => {
    expect(finishedWithin(steps, 3.5)!.share).toBeCloseTo(1 - 0.34375, 12);
    expect(finishedWithin(steps, 3)!.censored_within).toBe(2);
    expect(finishedWithin(steps, 0)!.share).toBe(0);
  });

  it('is the plain share, with an exact Clopper–Pearson bound, when nothing is censored', () => {
    const all = kaplanMeier([{ time: 2, events: 5, censored: 0 }, { time: 3, events: 3, censored: 0 }]);
    const f = finishedWithin(all, 3)!;
    expect(f.share).toBe(1);
    expect(f.n_eff).toBe(8);
    // 8 of 8 finished: the one-sided 95 % lower bound is 0.05^(1/8) (scipy beta.ppf(0.05, 8, 1)).
    expect(f.lower).toBeCloseTo(0.6876560219336321, 10);
    expect(finishedWithin(all, 2)!.share).toBeCloseTo(5 / 8, 12);
  });

  it('censoring lowers the estimate that counting censored runs as finished would give', () => {
    const naive = (21 + 2) / 32; // finished by 3, if the two stopped at 3 had "finished"
    expect(1 - steps.find((s) => s.time === 3)!.survival).toBeLessThan(naive);
    expect(smallestLimitReaching(steps, 0.8)).toBe(4);
    expect(smallestLimitReaching(steps, 0.95)).toBeNull();
  });

  it('Clopper–Pearson lower bound matches scipy and handles the edges', () => {
    expect(clopperPearsonLower(57, 60)).toBeCloseTo(0.8758127895225639, 10); // beta.ppf(0.05, 57, 4)
    expect(clopperPearsonLower(0, 10)).toBe(0);
    expect(clopperPearsonLower(3, 0)).toBe(0);
    expect(finishedWithin(kaplanMeier([]), 3)).toBeNull();
  });
});
