import { describe, expect, it } from 'vitest';
import { diffStats, parseUnifiedDiff } from './diff-lines';
import { evidenceRows, humanize, valueKind } from './evidence-text';
import { formatUsd } from './format';
import { formatEdge, histogramView } from './histogram';
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

describe('histogramView', () => {
  it('draws buckets at their edges and the overflow bucket one width wide', () => {
    const v = histogramView([
      { lo: 0.1, hi: 0.15, count: 10 },
      { lo: 0.15, hi: 0.2, count: 30 },
      { lo: 0.2, hi: 9.5, count: 10, overflow: true },
    ]);
    expect(v.total).toBe(50);
    expect(v.step).toBeCloseTo(0.05);
    expect(v.overflowFrom).toBe(0.2);
    expect(v.bars.map((b) => [b.x0, b.x1])).toEqual([[0.1, 0.15], [0.15, 0.2], [0.2, 0.25]]);
    expect(v.bars[1].share).toBeCloseTo(0.6);
    expect(v.domain[0]).toBe(0.1);
    expect(v.domain[1]).toBeCloseTo(0.25);
    expect(v.ticks).toEqual([0.1, 0.15, 0.2]);
  });
  it('thins the ticks to about seven labels', () => {
    const buckets = Array.from({ length: 28 }, (_, i) => ({ lo: i * 0.05, hi: (i + 1) * 0.05, count: 1 }));
    const v = histogramView(buckets);
    expect(v.ticks.length).toBeLessThanOrEqual(8);
    expect(v.ticks[0]).toBe(0);
  });
  it('handles empty and constant input', () => {
    expect(histogramView([]).bars).toEqual([]);
    const one = histogramView([{ lo: 2, hi: 2, count: 3 }]);
    expect(one.bars).toHaveLength(1);
    expect(one.bars[0].mid).toBe(2);
    expect(one.total).toBe(3);
  });
  it('labels edges with the decimals the width needs', () => {
    expect(formatEdge(0.075, 0.025)).toBe('$0.075');
    expect(formatEdge(0.1, 0.05)).toBe('$0.10');
    expect(formatEdge(1250, 50)).toBe('$1,250.00');
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
  it('cards from the experiments engine say which p decides and what the ratio is', () => {
    const rows = evidenceRows({
      rule: 'cheaper: ≥ 3 runs per arm …',
      p_value: 0.004,
      p_value_adjusted: 0.02,
      arms_compared: 2,
      cost_ratio: { estimate: 0.7, ci_low: 0.6, ci_high: 0.8 },
      qa_diff: { estimate: 0.02, ci_low: -1.3, ci_high: 0.5 },
      p_qa_worse: 0.16,
      values: { decision_basis: 'paired', qa_margin: 0.05, p_qa_worse: 0.16, saving: 0.3, cost_per_pass_current: 1.5, paired_tasks: 40 },
    });
    expect(rows.map((r) => r.label)).toEqual([
      'p-value (fixed-n)', 'Always-valid p-value', 'Dollar cost ratio', 'QA pass-rate difference', 'P(quality drops > 5 pts)',
      'Compared on', 'Saving', 'Cost per passed run, current', 'Tasks both ran',
    ]);
    expect(rows[1].meaning).toContain('paired comparison, Holm-corrected because 2 alternatives');
    expect(rows[3].value).toContain('−100');
    expect(rows[7].value).toBe('$1.50');
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

describe('evidence values read as words with units', () => {
  const row = (values: Record<string, number | string>) => evidenceRows({ rule: 'r', values }).map((r) => `${r.label}: ${r.value}`);
  it('counts are counts, money is money, statistics are named', () => {
    expect(row({ runs_with_cost: 330, current_max_cost_usd: 5, historical_max_cost: 0.9747, p95_cost: 0.71 })).toEqual([
      'Runs with cost: 330',
      'Current max cost: $5.00',
      'Historical max cost: ' + formatUsd(0.9747),
      'P95 cost: ' + formatUsd(0.71),
    ]);
    expect(row({ t: -9.1604, df: 445.883, saving: 0.264, current_max_rounds: 8, rounds_p95: 4, avg_rounds_used: 2.41 })).toEqual([
      't statistic: -9.16',
      'Degrees of freedom: 445.9',
      'Saving: 26.4%',
      'Current max rounds: 8',
      'Rounds p95: 4',
      'Avg rounds used: 2.41',
    ]);
    expect(row({ p_next_run_exceeds_max: 0.003, hit_limit_rate: 0.25 })).toEqual(['P next run exceeds max: 0.3%', 'Hit limit rate: 25.0%']);
  });
  it('keeps decimal points in rule text and says "1 alternative" properly', () => {
    expect(humanize('p < 0.01 after 1.5 × limit')).toBe('P < 0.01 after 1.5 × limit');
    const one = evidenceRows({ rule: 'r', p_value: 0.01, p_value_adjusted: 0.01, arms_compared: 1 });
    expect(one[1].meaning).not.toMatch(/1 alternatives/);
    expect(valueKind('runs_above_limit')).toBe('count');
  });
});
