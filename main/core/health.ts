/**
 * A project's health from the store: the recent window, the daily buckets of the whole history
 * (kept at ingest; folded here from the runs when not current), the ledger and first-seen changes, through the
 * pure engine (main/engine/health).
 */
import { computeHealth, RECENT_WINDOW_RUNS, type ProjectHealth } from '../engine/health';
import { AGGREGATE_FOLD_VERSION } from '../engine/aggregates';
import { bucketsFromRuns, mergeScopedBuckets } from '../engine/health/bucket-fold';
import { patternAgentSections } from '../engine/health/pattern-agent-sections';
import type { ChangeEvent, HealthAlert, HealthRun, ScopedBuckets } from '../engine/health/types';
import { loadHealthEntry, scopedBucketsOf } from '../ingest/health-fold';
import type { Store } from '../store';
import { recentRecords } from './recent-records';

/** Health of one project, no cache; `nowMs` only stamps `computed_at` (windows run from the latest run). */
export function projectHealth(store: Store, projectId: string, nowMs: number): ProjectHealth {
  return healthFrom(store, projectId, nowMs, healthDailyBuckets(store, projectId));
}

/**
 * Daily buckets of a project's whole dated history (project, agents, task types): the ones the
 * ingest keeps (agg_health) when the fold that wrote them is current, else folded here.
 */
export function healthDailyBuckets(store: Store, projectId: string): ScopedBuckets[] {
  if (store.aggregates.foldVersion() === AGGREGATE_FOLD_VERSION) return scopedBucketsOf(loadHealthEntry(store.health, projectId));
  return foldedDailyBuckets(store, projectId);
}

/** The daily buckets folded from every dated run, batch by batch, merged per scope and day (the fallback, and the reference in tests). */
export function foldedDailyBuckets(store: Store, projectId: string, batch = 20_000): ScopedBuckets[] {
  const parts: ScopedBuckets[][] = [];
  for (const runs of store.health.datedRunBatches(projectId, batch)) parts.push(bucketsFromRuns(runs satisfies HealthRun[]));
  return parts.length === 1 ? parts[0] : mergeScopedBuckets(parts.flat());
}

type PatternPart = ReturnType<typeof patternAgentSections>;

const lastChangeOf = (ledger: readonly ChangeEvent[]): ChangeEvent | null =>
  ledger.reduce<ChangeEvent | null>((a, c) => (a == null || c.at_ms > a.at_ms ? c : a), null);

/** Error patterns and the agents tables: they read messages and steps the columns do not hold (the records of the recent window). */
function patternPart(store: Store, projectId: string, lastChange: ChangeEvent | null): PatternPart {
  return patternAgentSections(recentRecords(store, projectId, RECENT_WINDOW_RUNS), {
    since: lastChange ? { config_change_at: new Date(lastChange.at_ms).toISOString(), config_change: lastChange.value } : {},
  });
}

function healthFrom(store: Store, projectId: string, nowMs: number, buckets: ScopedBuckets[], cachedPart?: (last: ChangeEvent | null) => PatternPart): ProjectHealth {
  const runs: HealthRun[] = store.health.recentRuns(projectId, RECENT_WINDOW_RUNS);
  const ledger = store.health.ledgerChanges(projectId);
  const changes: ChangeEvent[] = [...ledger, ...store.health.firstSeenChanges(projectId)];
  const lastChange = lastChangeOf(ledger);
  const pa = cachedPart ? cachedPart(lastChange) : patternPart(store, projectId, lastChange);
  // Only patterns new since the last config change or prompt version are changes an alert can
  // point at: a rare message first logged weeks into the history was there all along.
  const fresh = new Set(pa.sections.error_patterns.filter((p) => p.new).map((p) => p.template));
  const newPatterns = pa.changes.filter((c) => fresh.has(c.value));
  return computeHealth({
    project_id: projectId, runs, buckets, changes: [...changes, ...newPatterns], now_ms: nowMs, runs_complete: runs.length < RECENT_WINDOW_RUNS,
    sections: pa.sections, extra_alerts: pa.alerts as readonly HealthAlert[],
  });
}

/**
 * Health with the daily buckets and the mined error patterns kept per project version: they only
 * change with the runs (and the patterns' novelty with the last config change), so a warm call
 * neither reads nor parses the records again. The recent window, the ledger and the engine run
 * on every call.
 */
export class HealthCache {
  private readonly buckets = new Map<string, { version: number; buckets: ScopedBuckets[]; part?: { key: string; value: PatternPart } }>();

  constructor(private readonly store: Store) {}

  get(projectId: string, nowMs: number): ProjectHealth {
    const version = this.store.aggregates.version(projectId);
    let hit = this.buckets.get(projectId);
    if (!hit || hit.version !== version) {
      hit = { version, buckets: healthDailyBuckets(this.store, projectId) };
      this.buckets.set(projectId, hit);
    }
    const entry = hit;
    // The mined patterns change with the runs (the version) and with the last config change.
    const part = (last: ChangeEvent | null): PatternPart => {
      const key = last ? `${last.at_ms}|${last.value}` : '';
      if (entry.part?.key !== key) entry.part = { key, value: patternPart(this.store, projectId, last) };
      return entry.part.value;
    };
    return healthFrom(this.store, projectId, nowMs, entry.buckets, part);
  }

  invalidate(projectId?: string): void {
    if (projectId) this.buckets.delete(projectId);
    else this.buckets.clear();
  }
}
