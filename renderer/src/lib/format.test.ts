import { describe, expect, it } from 'vitest';
import {
  DASH,
  formatBytes,
  formatCompact,
  formatConfigValue,
  formatInheritable,
  formatCount,
  formatDateTime,
  formatDuration,
  formatPct,
  formatPctInterval,
  formatPctPoints,
  formatProbability,
  formatPValue,
  formatRateWithCi,
  formatRatio,
  formatRelative,
  formatThroughput,
  formatUsd,
  formatUsdDelta,
  formatUsdRange,
  formatWeek,
  formatWeekLong,
  insufficientDataText,
} from './format';

describe('money', () => {
  it('keeps precision for sub-cent costs', () => {
    expect(formatUsd(0.0042)).toBe('$0.0042');
    expect(formatUsd(0.00001)).toBe('$0.00001');
    expect(formatUsd(0.42)).toBe('$0.42');
    expect(formatUsd(1.5)).toBe('$1.50');
    expect(formatUsd(1234.5)).toBe('$1,235');
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(-0.5)).toBe('−$0.50');
    expect(formatUsd(null)).toBe(DASH);
    expect(formatUsd(Number.NaN)).toBe(DASH);
  });
  it('signs deltas and formats ranges', () => {
    expect(formatUsdDelta(-0.42)).toBe('−$0.42');
    expect(formatUsdDelta(0.1)).toBe('+$0.10');
    expect(formatUsdDelta(0)).toBe('$0.00');
    expect(formatUsdRange(0.12, 3.4)).toBe('$0.12 – $3.40');
    expect(formatUsdRange(null, 3)).toBe(DASH);
  });
});

describe('rates', () => {
  it('formats percentages without claiming false certainty', () => {
    expect(formatPct(0.7234)).toBe('72%');
    expect(formatPct(0.7234, 1)).toBe('72.3%');
    expect(formatPct(1)).toBe('100%');
    expect(formatPct(0.996)).toBe('>99%');
    expect(formatPct(0.004)).toBe('<1%');
    expect(formatPct(0)).toBe('0%');
    expect(formatPct(undefined)).toBe(DASH);
  });
  it('explains a rate with its Wilson interval and n', () => {
    expect(formatRateWithCi(0.72, [0.65, 0.78], 143)).toBe('72% (65–78%, 95% Wilson interval, n=143)');
    expect(formatRateWithCi(0.5, null, 1200)).toBe('50% (n=1,200)');
    expect(formatRateWithCi(null, null, 4)).toBe(`${DASH} (no QA outcome in 4 runs)`);
    expect(formatRateWithCi(null, null, 0)).toBe(`${DASH} (no runs)`);
    expect(formatPctInterval([0.654, 0.781])).toBe('65–78%');
    expect(formatPctInterval([0.8012, 0.8061])).toBe('80.1–80.6%');
    expect(formatPctInterval([-0.01, 1.02])).toBe('0–100%');
  });
  it('formats point differences and probabilities', () => {
    expect(formatPctPoints(0.052)).toBe('+5.2 pts');
    expect(formatPctPoints(-0.1)).toBe('−10.0 pts');
    expect(formatPctPoints(0.0001)).toBe('0.0 pts');
    expect(formatProbability(0.034)).toBe('3.4%');
    expect(formatProbability(0.0001)).toBe('<0.1%');
    expect(formatProbability(0.5)).toBe('50%');
  });
  it('writes p-values the usual way', () => {
    expect(formatPValue(0.0004)).toBe('p < 0.001');
    expect(formatPValue(0.0032)).toBe('p = 0.003');
    expect(formatPValue(0.032)).toBe('p = 0.03');
    expect(formatPValue(0.5)).toBe('p = 0.50');
    expect(formatPValue(0.9999)).toBe('p > 0.999');
    expect(formatRatio(0.8234)).toBe('×0.82');
  });
});

describe('counts, durations, sizes', () => {
  it('groups thousands and compacts', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount(null)).toBe(DASH);
    expect(formatCompact(999)).toBe('999');
    expect(formatCompact(1234)).toBe('1.2k');
    expect(formatCompact(12_345)).toBe('12k');
    expect(formatCompact(2_500_000)).toBe('2.5M');
    expect(formatCompact(1000)).toBe('1k');
  });
  it('formats durations', () => {
    expect(formatDuration(0.25)).toBe('250ms');
    expect(formatDuration(4.25)).toBe('4.3s');
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(200)).toBe('3m 20s');
    expect(formatDuration(3900)).toBe('1h 05m');
    expect(formatDuration(-1)).toBe(DASH);
  });
  it('formats bytes and throughput', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5 MB');
    expect(formatThroughput(12345.6)).toBe('12,346 runs/s');
    expect(formatThroughput(3, 'files')).toBe('3 files/s');
  });
});

describe('dates', () => {
  it('formats week labels without time-zone shifts', () => {
    expect(formatWeek('2025-03-03')).toBe('Mar 3');
    expect(formatWeekLong('2025-12-29')).toBe('Week of Dec 29, 2025');
  });
  it('formats local date-times', () => {
    const d = new Date(2025, 0, 5, 9, 7);
    expect(formatDateTime(d.toISOString())).toBe('2025-01-05 09:07');
    expect(formatDateTime('garbage')).toBe('garbage');
  });
  it('formats relative times against a given now', () => {
    const now = Date.parse('2025-06-10T12:00:00Z');
    expect(formatRelative('2025-06-10T11:59:50Z', now)).toBe('just now');
    expect(formatRelative('2025-06-10T11:55:00Z', now)).toBe('5 min ago');
    expect(formatRelative('2025-06-10T09:00:00Z', now)).toBe('3 h ago');
    expect(formatRelative('2025-06-08T12:00:00Z', now)).toBe('2 d ago');
    expect(formatRelative(null, now)).toBe(DASH);
  });
});

describe('wording', () => {
  it('words the insufficient-data warning exactly as the seed', () => {
    expect(insufficientDataText(5, 2)).toBe('⚠️ Insufficient data for recommendations. Need 5 runs, currently have 2 runs.');
    expect(insufficientDataText(5, 1)).toBe('⚠️ Insufficient data for recommendations. Need 5 runs, currently have 1 run.');
  });
  it('shows config values as written', () => {
    expect(formatConfigValue(null)).toBe('unset');
    expect(formatInheritable(null, { value: 5, source: 'top-level' })).toBe('5, from the top-level default');
    expect(formatInheritable(null, null)).toBe('unset');
    expect(formatInheritable(3, { value: 5, source: 'top-level' })).toBe('3');
    expect(formatConfigValue('2loop')).toBe('2loop');
    expect(formatConfigValue(3)).toBe('3');
    expect(formatConfigValue({ a: 1 })).toBe('{"a":1}');
  });
});
