/** The per-arm histograms of the experiments' fold: the packed (as loaded) and the unpacked (as folded) medians agree, removal undoes adding. */
import { describe, expect, it } from 'vitest';
import { median } from './fixed-n';
import { armCostMedians, binsMedian, foldArmCost, packArmBins, placeArmBins, type ArmCostBins } from './arm-histograms';
import { seededRng } from '../test-support';

function packed(bins: ReturnType<typeof foldArmCost>): Float64Array {
  const b = packArmBins(bins!);
  return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

describe('arm histograms', () => {
  it('packed and unpacked give one median; exact for cents, within 0.1 % for any value', () => {
    const rng = seededRng(7);
    for (let trial = 0; trial < 50; trial++) {
      const all: ArmCostBins = new Map();
      const n = 1 + Math.floor(rng.next() * 400);
      const cents = trial % 2 === 0;
      const values: number[] = [];
      let bins = null;
      for (let i = 0; i < n; i++) {
        const raw = rng.next() < 0.1 ? 0 : Math.exp(rng.normal() * 0.6);
        const v = cents ? Math.round(raw * 100) / 100 : raw;
        values.push(v);
        bins = foldArmCost(all, 'k', 'a', v, 1);
      }
      const fromMap = binsMedian(bins!);
      const fromPacked = binsMedian(packed(bins));
      expect(fromPacked).toBe(fromMap);
      const exact = median(values)!;
      if (cents) expect(Math.abs(fromMap! - exact)).toBeLessThan(1e-12 * Math.max(1, exact));
      else expect(Math.abs(fromMap! - exact)).toBeLessThanOrEqual(1e-3 * exact + 1e-15);
    }
  });

  it('removing every run added leaves no histogram; a loaded arm is unpacked when a run touches it', () => {
    const all: ArmCostBins = new Map();
    for (const v of [1, 2, 2, 3]) foldArmCost(all, 'k', 'a', v, 1);
    const loaded: ArmCostBins = new Map();
    placeArmBins(loaded, 'k', 'a', packed(all.get('k')!.get('a') as never));
    expect(armCostMedians(loaded.get('k'))).toEqual(new Map([['a', 2]]));
    foldArmCost(loaded, 'k', 'a', 10, 1);
    expect(armCostMedians(loaded.get('k')).get('a')).toBeCloseTo(2, 12);
    for (const v of [1, 2, 2, 3, 10]) foldArmCost(loaded, 'k', 'a', v, -1);
    expect(loaded.get('k')!.has('a')).toBe(false);
    // Negative, NaN and missing values are not costs, durations or token counts: not folded.
    expect(foldArmCost(loaded, 'k', 'a', -1, 1)).toBeNull();
    expect(foldArmCost(loaded, 'k', 'a', Number.NaN, 1)).toBeNull();
    expect(foldArmCost(loaded, 'k', 'a', null, 1)).toBeNull();
  });
});
