import { describe, expect, it } from 'vitest';
import { breakdownRows, resolveRange, totalsOf, trendPoints } from './trends';

const DAY = 86_400_000;
const LATEST = Date.parse('2026-12-01T08:32:00Z'); // a Tuesday
const dayNo = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;

describe('resolveRange', () => {
  it('counts whole UTC days back from the latest run, not from the wall clock', () => {
    expect(resolveRange('7d', LATEST, null)).toEqual({ fromMs: Date.parse('2026-11-25T00:00:00Z'), toMs: Date.parse('2026-12-02T00:00:00Z'), from: '2026-11-25', to: '2026-12-01' });
    expect(resolveRange('30d', LATEST, null)?.from).toBe('2026-11-02');
    expect(resolveRange('90d', LATEST, null)?.from).toBe('2026-09-03');
    expect(resolveRange('all', LATEST, Date.parse('2026-09-18T20:15:00Z'))).toMatchObject({ from: '2026-09-18', to: '2026-12-01' });
    expect(resolveRange('7d', null, null)).toBeNull();
  });

  it('takes a custom range inclusive of both days, and says what is wrong with a bad one', () => {
    expect(resolveRange('custom', LATEST, null, { from: '2026-10-01', to: '2026-10-01' })).toEqual({
      fromMs: Date.parse('2026-10-01T00:00:00Z'), toMs: Date.parse('2026-10-02T00:00:00Z'), from: '2026-10-01', to: '2026-10-01',
    });
    expect(() => resolveRange('custom', LATEST, null, { from: '2026-10-01' })).toThrow('a custom range needs both from and to');
    expect(() => resolveRange('custom', LATEST, null, { from: '2026-10-05', to: '2026-10-01' })).toThrow('from (2026-10-05) is after to (2026-10-01)');
    expect(() => resolveRange('custom', LATEST, null, { from: '2026-13-01', to: '2026-12-01' })).toThrow('from must be a date YYYY-MM-DD, got "2026-13-01"');
  });
});

describe('trend points', () => {
  const days = [
    { key: dayNo('2026-11-29'), runs: 4, cost_n: 4, total_cost: 4, qa_n: 4, passes: 4 }, // Sunday
    { key: dayNo('2026-11-30'), runs: 5, cost_n: 4, total_cost: 6, qa_n: 5, passes: 4 }, // Monday
    { key: dayNo('2026-12-01'), runs: 4, cost_n: 4, total_cost: 2, qa_n: 4, passes: 3 },
  ];

  it('folds days into ISO weeks starting on Monday, with Wilson intervals', () => {
    const weeks = trendPoints(days, 'week');
    expect(weeks.map((w) => [w.start, w.runs, w.total_cost, w.avg_cost])).toEqual([['2026-11-23', 4, 4, 1], ['2026-11-30', 9, 8, 1]]);
    expect(weeks[1].qa_pass_rate).toBeCloseTo(7 / 9, 12);
    expect(weeks[1].qa_pass_rate_ci![0]).toBeCloseTo(0.45258896910698887, 9);
    expect(weeks[1].qa_pass_rate_ci![1]).toBeCloseTo(0.9367748928821533, 9);
  });

  it('keeps days as they are, and sums the range', () => {
    expect(trendPoints(days, 'day').map((d) => [d.start, d.avg_cost])).toEqual([['2026-11-29', 1], ['2026-11-30', 1.5], ['2026-12-01', 0.5]]);
    expect(totalsOf(days)).toMatchObject({ runs: 13, cost_n: 12, total_cost: 12, avg_cost: 1, qa_n: 13, passes: 11 });
    expect(totalsOf([])).toMatchObject({ runs: 0, avg_cost: null, qa_pass_rate: null, qa_pass_rate_ci: null });
  });

  it('lists factor values most runs first, unrecorded values as null', () => {
    const rows = breakdownRows([{ ...days[0], key: 'a' }, { ...days[2], key: null }, { ...days[1], key: 'b' }]);
    expect(rows.map((r) => [r.value, r.runs])).toEqual([['b', 5], [null, 4], ['a', 4]]);
  });
});
