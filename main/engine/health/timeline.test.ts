import { describe, expect, it } from 'vitest';
import { alertTimeline, MIN_BIN } from './timeline';
import type { HealthRun } from './types';

const T0 = Date.parse('2026-11-01T00:00:00Z');
const HOUR = 3_600_000;

function run(i: number, over: Partial<HealthRun>): HealthRun {
  return {
    run_id: `r${String(i).padStart(3, '0')}`, started_ms: T0 + i * HOUR, qa_status: 'passed', status: 'completed', error_count: 0,
    cost_usd: 1, duration_s: 60, tokens: 1000, retries: 0, steps: 1, rating: null, model: 'm', prompt_version: 'v1',
    prompt_strategy: null, mode: null, recipe: null, step_list: [], ...over,
  };
}

describe('alertTimeline', () => {
  // 50 passing runs, then 50 of which 3 in each 10 pass.
  const runs = Array.from({ length: 100 }, (_, i) => run(i, { qa_status: i < 50 || i % 10 < 3 ? 'passed' : 'failed', model: i % 2 ? 'a' : 'b' }));

  it('bins the project series with Wilson intervals (pinned to the closed form)', () => {
    const t = alertTimeline(runs, { metric: 'qa_pass_rate', series: 'project' }, 4, 10)!;
    expect(t).toMatchObject({ alert_index: 4, bin_size: 10 });
    expect(t.points).toHaveLength(10);
    expect(t.points[0]).toMatchObject({ value: 1, n: 10, from: new Date(T0).toISOString(), to: new Date(T0 + 9 * HOUR).toISOString() });
    expect(t.points[0].ci95![0]).toBeCloseTo(0.7224672001371107, 9);
    expect(t.points[9].value).toBeCloseTo(0.3, 12);
    expect(t.points[9].ci95![0]).toBeCloseTo(0.10779126740630099, 9);
    expect(t.points[9].ci95![1]).toBeCloseTo(0.6032218525388546, 9);
  });

  it('follows the alert series and keeps at least MIN_BIN observations a bin', () => {
    const t = alertTimeline(runs, { metric: 'cost_per_run', series: 'model=a' }, 0)!;
    expect(t.bin_size).toBe(MIN_BIN);
    expect(t.points.reduce((s, p) => s + p.n, 0)).toBe(50);
    expect(t.points[0].value).toBe(1);
  });

  it('is null for a metric the runs cannot show or an unknown series', () => {
    expect(alertTimeline(runs, { metric: 'rating', series: 'project' }, 0)).toBeNull();
    expect(alertTimeline(runs, { metric: 'qa_pass_rate', series: 'recipe=x' }, 0)).toBeNull();
    expect(alertTimeline(runs, { metric: 'qa_pass_rate', series: 'model=nobody' }, 0)).toBeNull();
  });
});

describe('alertTimeline on batched runs', () => {
  it('has one point per batch (runs that started together), each with its own interval', () => {
    // Five submissions of 24 runs, passing 90 %, 90 %, 50 %, 50 %, 50 %.
    const runs = Array.from({ length: 120 }, (_, i) => run(i, { started_ms: T0 + Math.floor(i / 24) * 24 * HOUR, qa_status: (i < 48 ? i % 10 !== 0 : i % 2 === 0) ? 'passed' : 'failed' }));
    const t = alertTimeline(runs, { metric: 'qa_pass_rate', series: 'project' }, 0)!;
    expect(t.batched).toBe(true);
    expect(t.bin_size).toBe(24);
    expect(t.points.map((p) => p.n)).toEqual([24, 24, 24, 24, 24]);
    expect(t.points.map((p) => p.from)).toEqual([0, 1, 2, 3, 4].map((d) => new Date(T0 + d * 24 * HOUR).toISOString()));
    expect(t.points[2].value).toBeCloseTo(0.5, 12);
  });
});
