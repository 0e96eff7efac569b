import { describe, expect, it } from 'vitest';
import { cusumChanges } from './cusum';
import { seededRng } from './simulate';
import { ALPHA, H200, thresholdFor } from './thresholds';

describe('restarted CUSUM', () => {
  it('finds a level shift, its direction, and the way back', () => {
    const rng = seededRng(21);
    const y = Float64Array.from({ length: 600 }, (_, i) => rng.normal() * 0.3 + (i >= 200 && i < 400 ? 1 : 0));
    const c = cusumChanges(y, 'lognormal');
    expect(c.map((x) => x.direction)).toEqual(['worse', 'better']);
    expect(Math.abs(c[0].k - 200)).toBeLessThanOrEqual(3);
    expect(c[0].detected).toBeGreaterThanOrEqual(200);
    expect(c[0].detected).toBeLessThan(215);
    expect(c[0].kLo).toBeLessThanOrEqual(c[0].k);
    expect(c[0].kHi).toBeGreaterThanOrEqual(c[0].k);
    expect(Math.abs(c[1].k - 400)).toBeLessThanOrEqual(3);
  });

  it('one outlier cannot raise an alarm alone (z is clipped at 3)', () => {
    const y = new Float64Array(300).map((_, i) => (i % 2 ? 0.1 : -0.1));
    y[150] = 50;
    expect(cusumChanges(y, 'lognormal')).toEqual([]);
  });

  it('Bernoulli: a run of failures after a clean stretch is a change for the worse', () => {
    const rng = seededRng(5);
    const y = Float64Array.from({ length: 300 }, (_, i) => (rng.next() < (i < 150 ? 0.1 : 0.5) ? 1 : 0));
    const c = cusumChanges(y, 'bernoulli');
    expect(c[0].direction).toBe('worse');
    expect(Math.abs(c[0].k - 150)).toBeLessThan(15);
  });

  it('is silent on too short a series', () => {
    expect(cusumChanges(new Float64Array(50).fill(1), 'lognormal')).toEqual([]);
  });
});

describe('thresholds', () => {
  it('grow with ln(n/200) beyond 200 runs (steeper for discrete charts) and hold a floor', () => {
    const h200 = thresholdFor('lognormal', 'worse', 0, 200, 'project');
    expect(h200).toBe(H200.project.gaussian_worse);
    expect(thresholdFor('lognormal', 'worse', 0, 2000, 'project')).toBeCloseTo(h200 + Math.log(10), 12);
    expect(thresholdFor('lognormal', 'worse', 0, 80, 'project')).toBe(h200);
    const b200 = thresholdFor('bernoulli', 'worse', 0.2, 200, 'project');
    expect(thresholdFor('bernoulli', 'worse', 0.2, 2000, 'project')).toBeCloseTo(b200 + 1.4 * Math.log(10), 12);
    // Rare counts downwards never move in simulation: the floor keeps them from alarming at once.
    expect(thresholdFor('count', 'better', 0.5, 200, 'primary')).toBeGreaterThanOrEqual(2);
    // Stricter classes have higher thresholds.
    expect(thresholdFor('bernoulli', 'worse', 0.1, 200, 'sub')).toBeGreaterThan(thresholdFor('bernoulli', 'worse', 0.1, 200, 'project'));
    expect(thresholdFor('bernoulli', 'worse', 0.1, 200, 'project')).toBeGreaterThan(thresholdFor('bernoulli', 'worse', 0.1, 200, 'primary'));
  });
});

describe('thresholds at any α (the Bonferroni share of a sub-series)', () => {
  it('equal the calibrated classes at their α, interpolate in ln α between them, and keep growing below the smallest', () => {
    for (const [family, level] of [['lognormal', 0], ['bernoulli', 0.15], ['count', 1.2]] as const) {
      for (const cls of ['primary', 'project', 'sub'] as const) {
        expect(thresholdFor(family, 'worse', level, 400, ALPHA[cls])).toBeCloseTo(thresholdFor(family, 'worse', level, 400, cls), 12);
      }
    }
    // Half-way in ln α between 'project' (0.002) and 'sub' (0.0004): the mean of the two.
    const mid = Math.sqrt(ALPHA.project * ALPHA.sub);
    expect(thresholdFor('lognormal', 'worse', 0, 200, mid)).toBeCloseTo((H200.project.gaussian_worse + H200.sub.gaussian_worse) / 2, 12);
    // Below 'sub': the last segment's slope per unit of ln(1/α) (Gaussian: 2.197 / ln 5 = 1.365).
    const slope = (H200.sub.gaussian_worse - H200.project.gaussian_worse) / Math.log(ALPHA.project / ALPHA.sub);
    expect(thresholdFor('lognormal', 'worse', 0, 200, ALPHA.sub / 10)).toBeCloseTo(H200.sub.gaussian_worse + slope * Math.log(10), 12);
    // Never below slope 1 (the exponential tail of a likelihood-ratio chart's maximum).
    for (const a of [1e-4, 3e-5, 1e-5]) {
      expect(thresholdFor('bernoulli', 'worse', 0.9, 200, a) - thresholdFor('bernoulli', 'worse', 0.9, 200, 'sub')).toBeGreaterThanOrEqual(Math.log(ALPHA.sub / a) - 1e-12);
    }
    expect(() => thresholdFor('lognormal', 'worse', 0, 200, 0)).toThrow(/α must be in \(0, 1\)/);
  });
});
