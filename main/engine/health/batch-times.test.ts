import { describe, expect, it } from 'vitest';
import { batchStarts, batchTimesNote } from './batch-times';
import { computeHealth } from './compute-health';
import type { HealthRun } from './types';

const run = (i: number, started_ms: number): HealthRun => ({
  run_id: `r${i}`, started_ms, qa_status: 'passed', status: 'completed', error_count: 0, cost_usd: 1, duration_s: 1, tokens: null,
  retries: null, steps: null, rating: null, model: null, prompt_version: null, prompt_strategy: null, mode: null, recipe: null, step_list: [],
});

describe('batch start times', () => {
  it('says so when most runs share their start time with many others (benchmark submissions)', () => {
    // Three submissions of 40 runs each, and 10 runs with their own times.
    const runs = [...Array.from({ length: 120 }, (_, i) => run(i, 1_000 * Math.floor(i / 40))), ...Array.from({ length: 10 }, (_, i) => run(200 + i, 10_000 + i))];
    expect(batchTimesNote(runs)).toBe('120 of 130 runs share their start time with at least 19 others (3 distinct times): these look like batch or submission times, so a change point marks where one batch follows another, not a change within a batch.');
  });
  it('is quiet for runs with their own times, for few runs, and when batches are a minority', () => {
    expect(batchTimesNote(Array.from({ length: 200 }, (_, i) => run(i, i * 60_000)))).toBeNull();
    expect(batchTimesNote(Array.from({ length: 19 }, (_, i) => run(i, 0)))).toBeNull();
    const mixed = [...Array.from({ length: 40 }, (_, i) => run(i, 0)), ...Array.from({ length: 60 }, (_, i) => run(100 + i, 1 + i))];
    expect(batchTimesNote(mixed)).toBeNull();
  });
  it('links an alert between two batches to the batch that began: the change is "another batch" first', () => {
    const T0 = Date.UTC(2026, 0, 5);
    const at = (j: number) => T0 + j * 86_400_000;
    // Eleven submissions of 40 runs: the first six pass 90 %, the last five 50 %.
    const batch = (j: number, pass: (i: number) => boolean) =>
      Array.from({ length: 40 }, (_, i): HealthRun => ({ ...run(j * 100 + i, at(j)), run_id: `r${String(j * 100 + i).padStart(4, '0')}`, qa_status: pass(i) ? 'passed' : 'failed' }));
    const runs = Array.from({ length: 11 }, (_, j) => batch(j, j < 6 ? (i) => i % 10 !== 0 : (i) => i % 2 === 0)).flat();
    expect(batchStarts(runs)).toHaveLength(11);
    expect(batchStarts(runs)[6]).toEqual({ kind: 'batch_start', value: 'batch of 40 runs started together', at_ms: at(6) });
    const h = computeHealth({ project_id: 'p', runs, now_ms: at(10) });
    const drop = h.alerts.find((a) => a.kind === 'degradation' && a.metric === 'qa_pass_rate' && a.method !== 'seed_rule_7d_vs_30d');
    // Found between batches 5 and 6, the batch that began then linked; the window's first batch is where it starts, not a change.
    expect(drop?.change_interval).toEqual([new Date(at(5)).toISOString(), new Date(at(6)).toISOString()]);
    expect(drop?.linked).toContainEqual({ kind: 'batch_start', value: 'batch of 40 runs started together', at: new Date(at(6)).toISOString() });
    expect(drop?.linked.some((l) => l.at === new Date(T0).toISOString())).toBe(false);
    expect(h.recovery_proposals).toEqual([]);
  });
  it('two batches are not a change: one batch after another says nothing about a lasting shift', () => {
    const T0 = Date.UTC(2026, 0, 5);
    const T1 = T0 + 3 * 86_400_000;
    const batch = (at: number, from: number, pass: (i: number) => boolean) =>
      Array.from({ length: 120 }, (_, i): HealthRun => ({ ...run(from + i, at), run_id: `r${String(from + i).padStart(4, '0')}`, qa_status: pass(i) ? 'passed' : 'failed' }));
    const runs = [...batch(T0, 0, (i) => i % 10 !== 0), ...batch(T1, 1000, (i) => i % 2 === 0)];
    const h = computeHealth({ project_id: 'p', runs, now_ms: T1 });
    expect(h.alerts.filter((a) => a.kind === 'degradation' && a.method !== 'seed_rule_7d_vs_30d')).toEqual([]);
  });
  it('gives no batch starts for runs with their own times', () => {
    expect(batchStarts(Array.from({ length: 200 }, (_, i) => run(i, i * 60_000)))).toEqual([]);
  });
});
