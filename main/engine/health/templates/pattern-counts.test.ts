import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../../shared/run-record';
import { countsWindow, mineErrorPatterns } from './error-patterns';
import { patternRuns } from './pattern-runs';

const at = (d: number, h = 0) => new Date(Date.UTC(2026, 10, d, h)).toISOString();

/** Runs on days 1–10 of November; a 429 on days 1, 1, 3, 10 (twice in one run), a timeout on day 5. */
function runs(): RunRecord[] {
  const out: RunRecord[] = [];
  for (let d = 1; d <= 10; d++) out.push({ run_id: `r${d}`, project_id: 'p', started_at: at(d, 9) });
  const add = (i: number, message: string, agent = 'coder') => (out[i].errors ??= []).push({ message, agent });
  add(0, '429 Too Many Requests: retry in 2s');
  out.push({ run_id: 'r1b', project_id: 'p', started_at: at(1, 15), errors: [{ message: '429 Too Many Requests: retry in 9s', agent: 'tester' }] });
  add(2, '429 Too Many Requests: retry in 4s');
  add(9, '429 Too Many Requests: retry in 1s');
  add(9, '429 Too Many Requests: retry in 3s');
  add(4, 'Model call timed out after 120 s');
  // Out of order on purpose.
  return [...out.slice(6), ...out.slice(0, 6)];
}

describe('error patterns over time', () => {
  it('count messages per UTC day over the runs’ window, every pattern on the same axis', () => {
    const [rate, timeout] = mineErrorPatterns(runs());
    expect(rate.template).toBe('<NUM> Too Many Requests: retry in <DUR>');
    expect(rate.counts).toEqual({ bucket: 'day', from: '2026-11-01', counts: [2, 0, 1, 0, 0, 0, 0, 0, 0, 2] });
    expect(timeout.counts).toEqual({ bucket: 'day', from: '2026-11-01', counts: [0, 0, 0, 0, 1, 0, 0, 0, 0, 0] });
    expect(rate.counts.counts.reduce((a, b) => a + b, 0)).toBe(rate.count);
  });

  it('count per 7-day bucket when the window spans more than 62 days', () => {
    const long = [...runs(), { run_id: 'late', project_id: 'p', started_at: new Date(Date.UTC(2027, 0, 20)).toISOString(), errors: [{ message: '429 Too Many Requests: retry in 5s' }] }];
    // 1 Nov → 20 Jan is 81 days: 12 buckets of 7 days from 1 Nov.
    expect(countsWindow(long)).toEqual({ from: Date.UTC(2026, 10, 1), bucket: 'week', size: 12 });
    const [rate] = mineErrorPatterns(long);
    expect(rate.counts).toEqual({ bucket: 'week', from: '2026-11-01', counts: [3, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1] });
    expect(countsWindow([{ run_id: 'x', project_id: 'p' }])).toBeNull();
  });
});

describe('an error pattern’s runs', () => {
  it('lists the runs of one template, latest first, with the first message of each and the totals', () => {
    const [rate] = mineErrorPatterns(runs());
    const found = patternRuns(runs(), rate.id, { limit: 2 })!;
    expect(found).toMatchObject({ template: rate.template, category: 'rate_limit', total_runs: 4, total_messages: 5 });
    expect(found.runs).toEqual([
      { run_id: 'r10', at: at(10, 9), message: '429 Too Many Requests: retry in 1s', source: 'error', agent: 'coder', messages: 2 },
      { run_id: 'r3', at: at(3, 9), message: '429 Too Many Requests: retry in 4s', source: 'error', agent: 'coder', messages: 1 },
    ]);
    expect(patternRuns(runs(), rate.id, { limit: 100 })!.runs.map((r) => r.run_id)).toEqual(['r10', 'r3', 'r1b', 'r1']);
    expect(patternRuns(runs(), 't00000000', { limit: 5 })).toBeNull();
  });
});
