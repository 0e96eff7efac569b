import { describe, expect, it } from 'vitest';
import { laggedLinks, MAX_LAG_RUNS } from './lagged-links';
import type { ChangeEvent, HealthAlert, HealthRun } from './types';

const HOUR = 3_600_000;
const run = (i: number, version: string): HealthRun => ({
  run_id: `r${String(i).padStart(4, '0')}`, started_ms: i * HOUR, qa_status: 'passed', status: 'completed', error_count: 0, cost_usd: 1, duration_s: 1,
  tokens: null, retries: null, steps: null, rating: null, model: null, prompt_version: version, prompt_strategy: null, mode: null, recipe: null, step_list: [],
});
/** A QA alert whose change point is at run `k`. */
const alertAt = (k: number): HealthAlert => ({
  kind: 'degradation', metric: 'qa_pass_rate', series: 'project', change_at: new Date(k * HOUR).toISOString(),
  change_interval: [new Date((k - 5) * HOUR).toISOString(), new Date((k + 5) * HOUR).toISOString()], linked: [],
} as unknown as HealthAlert);
const v2At = (i: number): ChangeEvent => ({ kind: 'prompt_version', value: 'v2', at_ms: i * HOUR });

describe('a new value that took over within the detection delay before the change point', () => {
  it('is linked when it carries the runs from its start to the change point', () => {
    // v2 from run 100; the change point is estimated 25 runs later (its first runs passed).
    const runs = Array.from({ length: 200 }, (_, i) => run(i, i < 100 ? 'v1' : 'v2'));
    expect(laggedLinks(alertAt(125), [v2At(100)], runs, 120 * HOUR)).toEqual([{ kind: 'prompt_version', value: 'v2', at: new Date(100 * HOUR).toISOString() }]);
  });

  it('is not linked when it started longer ago than the detection delay, or did not take over', () => {
    const runs = Array.from({ length: 200 }, (_, i) => run(i, i < 100 ? 'v1' : 'v2'));
    // Started MAX_LAG_RUNS + 10 runs before the change point: the change is its own.
    const late = 100 + MAX_LAG_RUNS + 10;
    expect(laggedLinks(alertAt(late), [v2At(100)], runs, (late - 5) * HOUR)).toEqual([]);
    // v2 ran in only every other run since its start: a stray value, not the new setting.
    const mixed = Array.from({ length: 200 }, (_, i) => run(i, i >= 100 && i % 2 === 0 ? 'v2' : 'v1'));
    expect(laggedLinks(alertAt(125), [v2At(100)], mixed, 120 * HOUR)).toEqual([]);
    // Config changes from the ledger link by their time only (alerts.ts), never by lag.
    expect(laggedLinks(alertAt(125), [{ kind: 'config_change', value: 'model: a → b', at_ms: 100 * HOUR }], runs, 120 * HOUR)).toEqual([]);
  });
});
