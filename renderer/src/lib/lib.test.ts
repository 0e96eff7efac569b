import { describe, expect, it } from 'vitest';
import { diffStats, parseUnifiedDiff } from './diff-lines';
import { evidenceRows, humanize } from './evidence-text';
import { histogram, niceStep } from './histogram';
import { sortBy } from './sort';

describe('parseUnifiedDiff', () => {
  const diff = [
    'Index: project_config.json',
    '===================================================================',
    '--- project_config.json',
    '+++ project_config.json',
    '@@ -2,3 +2,3 @@',
    '   // keep me',
    '-  "mode": "3loop",',
    '+  "mode": "2loop",',
    '   "max_rounds": 4',
    '',
  ].join('\n');
  it('types every line and numbers old/new lines', () => {
    const lines = parseUnifiedDiff(diff);
    expect(lines.map((l) => l.kind)).toEqual(['meta', 'meta', 'meta', 'meta', 'hunk', 'context', 'del', 'add', 'context']);
    expect(lines[5]).toMatchObject({ oldNo: 2, newNo: 2 });
    expect(lines[6]).toMatchObject({ oldNo: 3, newNo: null });
    expect(lines[7]).toMatchObject({ oldNo: null, newNo: 3 });
    expect(lines[8]).toMatchObject({ oldNo: 4, newNo: 4 });
    expect(diffStats(lines)).toEqual({ added: 1, removed: 1 });
  });
});

describe('histogram', () => {
  it('picks nice steps', () => {
    expect(niceStep(0.013)).toBeCloseTo(0.02);
    expect(niceStep(0.23)).toBeCloseTo(0.25);
    expect(niceStep(3)).toBe(5);
    expect(niceStep(0)).toBe(1);
  });
  it('counts every value once', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => (i % 100) / 100);
    const { bins, clippedAbove } = histogram(xs, 10);
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(1000);
    expect(bins[0].from).toBe(0);
    expect(clippedAbove).toBeNull();
  });
  it('folds far outliers into the last bin', () => {
    const xs = [...Array.from({ length: 200 }, (_, i) => i / 200), 500];
    const { bins, clippedAbove } = histogram(xs, 10);
    expect(clippedAbove).not.toBeNull();
    expect(bins.length).toBeLessThan(20);
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(201);
  });
  it('handles empty and constant input', () => {
    expect(histogram([]).bins).toEqual([]);
    expect(histogram([2, 2, 2]).bins).toEqual([{ from: 2, to: 2, count: 3 }]);
  });
});

describe('evidenceRows', () => {
  it('explains each statistic in a sentence', () => {
    const rows = evidenceRows({
      rule: 'cheaper-mode',
      p_value: 0.004,
      p_value_adjusted: 0.012,
      arms_compared: 3,
      cost_ratio: { estimate: 0.8, ci_low: 0.7, ci_high: 0.9 },
      qa_diff: { estimate: -0.01, ci_low: -0.06, ci_high: 0.04 },
      p_qa_worse: 0.03,
      power: { runs_per_arm_needed: 40, more_runs_per_arm: 0 },
      values: { hit_max_rounds_rate: 0.25 },
    });
    expect(rows.map((r) => r.label)).toEqual([
      'p-value (one-sided)',
      'Adjusted p-value',
      'Cost ratio',
      'QA pass-rate difference',
      'P(quality drops > 5 pts)',
      'Sample needed',
      'Hit max rounds rate',
    ]);
    expect(rows[0].value).toBe('p = 0.004');
    expect(rows[0].meaning).toContain('0.4%');
    expect(rows[1].meaning).toContain('3 alternatives');
    expect(rows[2].value).toBe('×0.80 (×0.70–×0.90)');
    expect(rows[6].value).toBe('25.0%');
  });
  it('humanizes keys', () => {
    expect(humanize('p95_cost')).toBe('P95 cost');
  });
});

describe('sortBy', () => {
  it('sorts naturally and keeps nulls last in both directions', () => {
    const xs = [{ k: 'run-10' }, { k: null }, { k: 'run-9' }];
    expect(sortBy(xs, (x) => x.k, 'asc').map((x) => x.k)).toEqual(['run-9', 'run-10', null]);
    expect(sortBy(xs, (x) => x.k, 'desc').map((x) => x.k)).toEqual(['run-10', 'run-9', null]);
    expect(sortBy([{ v: 2 }, { v: null }, { v: 1 }], (x) => x.v, 'desc').map((x) => x.v)).toEqual([2, 1, null]);
  });
});
