import { describe, expect, it } from 'vitest';
import { batchTimesNote } from './batch-times';
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
});
