import { describe, expect, it } from 'vitest';
import { aggregateRuns, mergeAggregates, weekStart, type ProjectAggregates } from './aggregates';
import { run, seededRng } from './test-support';

/** The Date-based weekStart this module had before the day-number arithmetic. */
function weekStartByDate(ms: number): string {
  const d = new Date(ms);
  const day = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day)).toISOString().slice(0, 10);
}

describe('weekStart', () => {
  it('matches the Date-based computation every 97 minutes from 1969 to 2031, across DST and year ends', () => {
    const mismatches: number[] = [];
    for (let ms = Date.UTC(1969, 11, 1); ms < Date.UTC(2031, 0, 15); ms += 97 * 60_000) if (weekStart(ms) !== weekStartByDate(ms)) mismatches.push(ms);
    expect(mismatches).toEqual([]);
  });

  it('knows Mondays at the edges of days, weeks and years', () => {
    expect(weekStart(Date.parse('2024-12-30T00:00:00Z'))).toBe('2024-12-30'); // a Monday
    expect(weekStart(Date.parse('2024-12-29T23:59:59.999Z'))).toBe('2024-12-23');
    expect(weekStart(Date.parse('2025-01-01T12:00:00Z'))).toBe('2024-12-30');
    expect(weekStart(Date.parse('2025-03-30T01:30:00+01:00'))).toBe('2025-03-24'); // European DST change night
    expect(weekStart(Date.parse('2025-11-02T01:30:00-05:00'))).toBe('2025-10-27'); // US DST end
    expect(weekStart(0)).toBe('1969-12-29');
    expect(weekStart(-1)).toBe('1969-12-29');
  });
});
/** Aggregates as plain sorted data, sums rounded to 1e-9 (a merge adds in another order). */
function plain(a: ProjectAggregates): unknown {
  const round = (v: unknown): unknown =>
    typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v instanceof Map ? [...v.entries()].sort().map(([k, x]) => [k, round(x)]) : Array.isArray(v) ? v.map(round)
      : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round(x)])) : v;
  return round(a);
}

describe('mergeAggregates', () => {
  it('merging the folds of two disjoint halves equals the fold of all runs', () => {
    const r = seededRng(7);
    const runs = Array.from({ length: 400 }, (_, i) => run({
      mode: i % 3 ? 'a' : 'b', model: i % 5 ? 'x' : 'y', total_cost_usd: i % 11 === 0 ? null : i % 13 === 0 ? 0 : Math.round(r.next() * 500) / 100,
      started_ms: i % 17 === 0 ? null : Date.UTC(2025, 8, 1) + i * 3_600_000 * 7, rounds_completed: i % 4, max_rounds: i % 2 ? 3 : null,
      qa_status: i % 3 === 0 ? 'passed' : i % 3 === 1 ? 'failed' : null, duration_s: i,
    }));
    const all = aggregateRuns('p', runs);
    const merged = mergeAggregates(aggregateRuns('p', runs.slice(0, 150)), aggregateRuns('p', runs.slice(150)));
    expect(plain(merged)).toEqual(plain(all));
    expect(mergeAggregates(aggregateRuns('p', []), all).overall.n).toBe(400);
  });

  it('refuses to merge two projects', () => {
    expect(() => mergeAggregates(aggregateRuns('p', []), aggregateRuns('q', []))).toThrow(/q into p/);
  });
});
