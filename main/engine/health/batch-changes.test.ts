/** Change points of a batched series (batch-changes.ts): where, how sure, and what is not a change. */
import { describe, expect, it } from 'vitest';
import { batchSeriesChanges } from './batch-changes';
import { batchClusters } from './batch-times';
import { METRIC_SPECS, type Series } from './series';
import { seededRng } from './simulate';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T00:00:00Z');

/** A cost series of `levels.length` batches of 20 runs a day apart, batch g's median cost levels[g]. */
function costSeries(levels: number[], seed = 1): Series {
  const rng = seededRng(seed);
  const times: number[] = [];
  const values: number[] = [];
  levels.forEach((level, g) => {
    for (let i = 0; i < 20; i++) {
      times.push(T0 + g * DAY);
      values.push(level * Math.exp(0.3 * rng.normal()));
    }
  });
  return { metric: 'cost_per_run', scope: 'project', spec: METRIC_SPECS.cost_per_run, times: Float64Array.from(times), values: Float64Array.from(values), runIndex: Int32Array.from(values.map((_, i) => i)) };
}

describe('batched series', () => {
  it('a lasting step between two batches is cut exactly there, its interval the gap between them', () => {
    const levels = Array.from({ length: 24 }, (_, g) => (g < 14 ? 1 : 2) * [1.1, 0.9, 1.0, 1.05, 0.95][g % 5]);
    const s = costSeries(levels);
    const clusters = batchClusters(s.times)!;
    const [c, ...rest] = batchSeriesChanges(s, 'project', clusters);
    expect(rest).toEqual([]);
    expect(c.direction).toBe('worse');
    expect(c.k).toBe(14 * 20);
    expect(c.interval_ms).toEqual([T0 + 13 * DAY, T0 + 14 * DAY]);
    expect(c.change_at_ms).toBe(T0 + 14 * DAY);
    expect(c.certainty).toBeGreaterThan(0.999);
    expect(c.severity).toBe('critical');
    expect(c.after.value! / c.before.value!).toBeGreaterThan(1.8);
    expect(c.before.n).toBe(280);
  });
  it('batches that merely differ, or one odd batch, are no change; fewer than six batches are not cut', () => {
    const rng = seededRng(9);
    const noisy = Array.from({ length: 30 }, () => Math.exp(0.4 * rng.normal()));
    const s = costSeries(noisy, 2);
    expect(batchSeriesChanges(s, 'project', batchClusters(s.times)!)).toEqual([]);
    const odd = Array.from({ length: 20 }, (_, g) => (g === 9 ? 4 : 1));
    const o = costSeries(odd, 3);
    expect(batchSeriesChanges(o, 'project', batchClusters(o.times)!)).toEqual([]);
    const few = costSeries([1, 1, 1, 3, 3], 4);
    expect(batchSeriesChanges(few, 'primary', batchClusters(few.times)!)).toEqual([]);
  });
  it('is reproducible: the same batches give the same answer', () => {
    const levels = Array.from({ length: 16 }, (_, g) => (g < 8 ? 1 : 1.6));
    const a = batchSeriesChanges(costSeries(levels, 5), 'primary', batchClusters(costSeries(levels, 5).times)!);
    const b = batchSeriesChanges(costSeries(levels, 5), 'primary', batchClusters(costSeries(levels, 5).times)!);
    expect(a).toEqual(b);
  });
});

describe('batchClusters', () => {
  it('numbers the batches of a batched series; null when most observations have times of their own', () => {
    const times = [...Array(25).fill(0), 5, 6, ...Array(20).fill(10)];
    const c = batchClusters(times)!;
    expect([c[0], c[24], c[25], c[26], c[27], c[46]]).toEqual([0, 0, 1, 2, 3, 3]);
    expect(batchClusters(Array.from({ length: 100 }, (_, i) => i))).toBeNull();
    expect(batchClusters([...Array(20).fill(0), ...Array.from({ length: 30 }, (_, i) => i + 1)])).toBeNull();
    // Known batched (the project's runs are): every shared time is a batch, however few share it.
    expect([...batchClusters([0, 0, 1, 2, 2, 2], true)!]).toEqual([0, 0, 1, 2, 2, 2]);
  });
});
