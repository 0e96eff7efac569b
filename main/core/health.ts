/**
 * A project's health from the store: the recent window, the daily buckets of the whole history
 * (folded here from the store's batches of runs), the ledger and first-seen changes, through the
 * pure engine (main/engine/health).
 */
import { computeHealth, RECENT_WINDOW_RUNS, type ProjectHealth } from '../engine/health';
import { bucketsFromRuns } from '../engine/health/bucket-fold';
import { mergeBuckets, type DailyBucket } from '../engine/health/daily-buckets';
import type { ChangeEvent, HealthRun, ScopedBuckets } from '../engine/health/types';
import type { Store } from '../store';

/** Health of one project, no cache; `nowMs` only stamps `computed_at` (windows run from the latest run). */
export function projectHealth(store: Store, projectId: string, nowMs: number): ProjectHealth {
  return healthFrom(store, projectId, nowMs, healthDailyBuckets(store, projectId));
}

/**
 * Daily buckets of a project's whole dated history (project, agents, task types), folded batch
 * by batch and merged per scope and day (buckets are sums). The fold the ingest should keep
 * (`runBucketFacts`); until it does, this reads every run once.
 */
export function healthDailyBuckets(store: Store, projectId: string, batch = 20_000): ScopedBuckets[] {
  const parts: ScopedBuckets[][] = [];
  for (const runs of store.health.datedRunBatches(projectId, batch)) parts.push(bucketsFromRuns(runs satisfies HealthRun[]));
  return parts.length === 1 ? parts[0] : mergeScoped(parts.flat());
}

function mergeScoped(list: readonly ScopedBuckets[]): ScopedBuckets[] {
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

function healthFrom(store: Store, projectId: string, nowMs: number, buckets: ScopedBuckets[]): ProjectHealth {
  const runs: HealthRun[] = store.health.recentRuns(projectId, RECENT_WINDOW_RUNS);
  const changes: ChangeEvent[] = [...store.health.ledgerChanges(projectId), ...store.health.firstSeenChanges(projectId)];
  return computeHealth({ project_id: projectId, runs, buckets, changes, now_ms: nowMs, runs_complete: runs.length < RECENT_WINDOW_RUNS });
}

/**
 * Health with the daily buckets kept per project version: until the store maintains them at
 * ingest, folding the whole history is the slow part, and it only changes with the runs.
 * The recent window, the ledger and the engine run on every call.
 */
export class HealthCache {
  private readonly buckets = new Map<string, { version: number; buckets: ScopedBuckets[] }>();

  constructor(private readonly store: Store) {}

  get(projectId: string, nowMs: number): ProjectHealth {
    const version = this.store.aggregates.version(projectId);
    let hit = this.buckets.get(projectId);
    if (!hit || hit.version !== version) {
      hit = { version, buckets: healthDailyBuckets(this.store, projectId) };
      this.buckets.set(projectId, hit);
    }
    return healthFrom(this.store, projectId, nowMs, hit.buckets);
  }

  invalidate(projectId?: string): void {
    if (projectId) this.buckets.delete(projectId);
    else this.buckets.clear();
  }
}
