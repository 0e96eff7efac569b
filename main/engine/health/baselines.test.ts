import { describe, expect, it } from 'vitest';
import { findAnomalies, medianMad, robustZ } from './anomalies';
import { computeBaselines, statsOf } from './baselines';
import { bucketsFromRuns, runBucketFacts } from './bucket-fold';
import { addToBucket, binQuantile, emptyBucket, mergeBuckets } from './daily-buckets';
import { seededRng, simulateRuns } from './simulate';

const X = [1.0, 1.2, 0.9, 1.1, 1.05, 0.95, 1.15, 0.98, 1.02, 1.3, 5.0, 0.2, 1.08, 0.99, 1.01];

describe('baseline statistics', () => {
  // numpy 2.4: np.percentile(x, [50, 95, 99]) (linear), x.mean(), x.std(ddof=1).
  it('match numpy', () => {
    const s = statsOf(X)!;
    expect(s.p50).toBeCloseTo(1.02, 12);
    expect(s.p95).toBeCloseTo(2.41, 12);
    expect(s.p99).toBeCloseTo(4.482, 12);
    expect(s.mean).toBeCloseTo(1.262, 12);
    expect(s.sd!).toBeCloseTo(1.06218238950353, 12);
    expect(statsOf([])).toBeNull();
    expect(statsOf([3])).toMatchObject({ n: 1, sd: null, p99: 3 });
  });

  it('windows end at the latest run; buckets stand in when the runs do not reach back', () => {
    const runs = simulateRuns(seededRng(2), { n: 400, stepMs: 6 * 3_600_000 }); // 100 days
    const latest = runs[399].started_ms;
    const all = bucketsFromRuns(runs);
    const recent = runs.slice(-100); // 25 days
    const b = computeBaselines(recent, all, latest, false);
    const proj = (w: string) => b.rows.find((r) => r.scope === 'project' && r.window === w)!;
    expect(proj('24h')).toMatchObject({ source: 'runs' });
    expect(proj('24h').metrics.cost_usd!.n).toBe(4);
    expect(proj('7d').metrics.cost_usd!.n).toBe(28);
    expect(proj('30d').source).toBe('daily_buckets');
    expect(proj('all').source).toBe('daily_buckets');
    expect(proj('all').metrics.cost_usd!.n).toBe(400);
    const exactAll = statsOf(runs.map((r) => r.cost_usd!))!;
    expect(proj('all').metrics.cost_usd!.mean).toBeCloseTo(exactAll.mean, 10);
    expect(Math.abs(proj('all').metrics.cost_usd!.p95 / exactAll.p95 - 1)).toBeLessThan(0.02);
    expect(b.rows.some((r) => r.scope === 'agent' && r.value === 'coder' && r.window === '7d')).toBe(true);
    const t = b.trends.find((x) => x.scope === 'project' && x.metric === 'duration_s')!;
    expect(t.change).toBeCloseTo(t.mean_7d / t.mean_30d - 1, 12);
  });
});

describe('daily buckets', () => {
  it('merge by addition and undo with sign −1', () => {
    const runs = simulateRuns(seededRng(4), { n: 50 });
    const one = emptyBucket('2026-01-01');
    for (const r of runs) addToBucket(one, runBucketFacts(r));
    const halves = [emptyBucket('a'), emptyBucket('b')];
    runs.forEach((r, i) => addToBucket(halves[i % 2], runBucketFacts(r)));
    const merged = mergeBuckets('2026-01-01', halves);
    expect(merged.n).toBe(50);
    expect(merged.passes).toBe(one.passes);
    expect(merged.cost.bins).toEqual(one.cost.bins);
    expect(merged.cost.sum).toBeCloseTo(one.cost.sum, 10);
    for (const r of runs.slice(25)) addToBucket(one, runBucketFacts(r), -1);
    const first = emptyBucket('2026-01-01');
    for (const r of runs.slice(0, 25)) addToBucket(first, runBucketFacts(r));
    expect(one.cost.bins).toEqual(first.cost.bins);
    expect(one.qa_n).toBe(first.qa_n);
    expect(one.errors).toBe(first.errors);
  });

  it('histogram quantiles are within 1 % of the exact value at that rank', () => {
    const rng = seededRng(8);
    const b = emptyBucket('d');
    const v: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const x = Math.exp(0.8 * rng.normal());
      v.push(x);
      addToBucket(b, { passed: null, error: false, cost: x, duration: null, tokens: null, steps: null, retries: null, rating: null });
    }
    v.sort((a, c) => a - c);
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = v[Math.ceil(q * v.length) - 1];
      expect(Math.abs(binQuantile(b.cost, q)! / exact - 1)).toBeLessThan(0.01);
    }
  });
});

describe('anomalies by robust z', () => {
  // scipy.stats.median_abs_deviation(x) = 0.07, median 1.02; z = 0.6745·(x − 1.02)/0.07.
  it('median, MAD and z match scipy', () => {
    const { median, mad } = medianMad(X);
    expect(median).toBeCloseTo(1.02, 12);
    expect(mad).toBeCloseTo(0.07, 12);
    expect(robustZ(5.0, median, mad)).toBeCloseTo(38.35014285714282, 9);
    expect(robustZ(0.2, median, mad)).toBeCloseTo(-7.9012857142857085, 9);
  });

  // On log x (cost): median(log x) = 0.01980262729617973 (= log 1.02), MAD 0.0710959216837303;
  // z(5.0) = 15.081160415856782, z(0.2) = −15.45690270303582 (numpy/scipy).
  it('flags |z| > 3.5 on log cost with the reason, largest |z| first', () => {
    const runs = simulateRuns(seededRng(5), { n: 15 }).map((r, i) => ({ ...r, cost_usd: X[i], duration_s: 100, tokens: null, steps: i === 3 ? 40 : 7 + (i % 3) }));
    const a = findAnomalies(runs);
    expect(a.map((x) => [x.run_id, x.metric])).toEqual([['r3', 'steps'], ['r11', 'cost_usd'], ['r10', 'cost_usd']]);
    expect(a[1].z).toBeCloseTo(-15.45690270303582, 9);
    expect(a[2].z).toBeCloseTo(15.081160415856782, 9);
    expect(a[2]).toMatchObject({ median: 1.02, scale: 'log' });
    expect(a[2].mad).toBeCloseTo(0.0710959216837303, 12);
    expect(a[2].reason).toBe('cost $5.00 is 15.1 robust SDs above the median $1.02 on the log scale (|z| > 3.5)');
    expect(a[0]).toMatchObject({ scale: 'linear', value: 40, median: 8 });
  });
});

describe('anomaly alerts', () => {
  it('one per metric for high outliers of the last 24 h, the most extreme shown', async () => {
    const { anomalyAlerts } = await import('./anomalies');
    const base = simulateRuns(seededRng(5), { n: 15 }).map((r, i) => ({ ...r, cost_usd: X[i], duration_s: 100, tokens: null, steps: null }));
    const latest = base[14].started_ms;
    const a = anomalyAlerts(findAnomalies(base), latest, base.length);
    // r10 ($5.00, z 15.1) is 4 h before the latest run; r11 is low (z < 0): not an alert.
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ kind: 'anomaly', metric: 'cost_usd', severity: 'warning', method: 'robust_z_mad', change_at: new Date(base[10].started_ms).toISOString() });
    expect(a[0].before).toEqual({ value: 1.02, ci95: null, n: 15 });
    expect(a[0].relative_change).toBeCloseTo(5 / 1.02 - 1, 10);
    expect(anomalyAlerts(findAnomalies(base), latest + 30 * 3_600_000, 15)).toEqual([]);
  });
});
