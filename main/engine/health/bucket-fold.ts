/** The fold from runs to daily buckets (what the store keeps at ingest, and what tests use). */
import { type BucketFacts, type DailyBucket, addToBucket, dayOf, emptyBucket, mergeBuckets } from './daily-buckets';
import { runIsError, stepIsError } from './series';
import type { HealthRun, HealthStep, ScopedBuckets } from './types';

/** What one run adds to its project's bucket. */
export function runBucketFacts(r: HealthRun): BucketFacts {
  return {
    passed: r.qa_status == null ? null : r.qa_status === 'passed',
    error: runIsError(r),
    cost: r.cost_usd, duration: r.duration_s, tokens: r.tokens, steps: r.steps, retries: r.retries, rating: r.rating,
  };
}

/** What one step adds to its agent's and task type's buckets. */
export function stepBucketFacts(s: HealthStep): BucketFacts {
  return { passed: null, error: stepIsError(s), cost: s.cost_usd, duration: s.duration_s, tokens: s.tokens, steps: null, retries: s.retries, rating: null };
}

/** Daily buckets (and their all-time total) of the project, each agent and task type, from runs. */
export function bucketsFromRuns(runs: readonly HealthRun[]): ScopedBuckets[] {
  const maps = new Map<string, { scope: ScopedBuckets['scope']; value: string | null; days: Map<string, DailyBucket> }>();
  const add = (scope: ScopedBuckets['scope'], value: string | null, day: string, f: BucketFacts): void => {
    const key = `${scope}\u0000${value ?? ''}`;
    let m = maps.get(key);
    if (!m) { m = { scope, value, days: new Map() }; maps.set(key, m); }
    let b = m.days.get(day);
    if (!b) { b = emptyBucket(day); m.days.set(day, b); }
    addToBucket(b, f);
  };
  for (const r of runs) {
    const day = dayOf(r.started_ms);
    add('project', null, day, runBucketFacts(r));
    for (const s of r.step_list) {
      const f = stepBucketFacts(s);
      if (s.agent != null) add('agent', s.agent, day, f);
      if (s.task_type != null) add('task_type', s.task_type, day, f);
    }
  }
  return [...maps.values()].map((m) => {
    const days = [...m.days.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
    return { scope: m.scope, value: m.value, buckets: days, total: mergeBuckets('all', days) };
  });
}

/** Merges the scoped buckets of disjoint sets of runs (batches) per scope and day (buckets are sums). */
export function mergeScopedBuckets(list: readonly ScopedBuckets[]): ScopedBuckets[] {
  const out = new Map<string, ScopedBuckets[]>();
  for (const s of list) {
    const key = `${s.scope}\u0000${s.value ?? ''}`;
    const have = out.get(key) ?? [];
    have.push(s);
    out.set(key, have);
  }
  return [...out.values()].map((group) => {
    const days = new Map<string, DailyBucket[]>();
    for (const s of group) for (const b of s.buckets) days.set(b.day, [...(days.get(b.day) ?? []), b]);
    const merged = [...days.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([day, bs]) => mergeBuckets(day, bs));
    return { scope: group[0].scope, value: group[0].value, buckets: merged, total: mergeBuckets('all', merged) };
  });
}
