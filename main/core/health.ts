/**
 * A project's health from the store: the recent window, the daily buckets of the whole history,
 * the ledger and first-seen changes, through the pure engine (main/engine/health).
 */
import type { HealthView } from '../../shared/health';
import { computeHealth, RECENT_WINDOW_RUNS, type ProjectHealth } from '../engine/health';
import { alertTimeline } from '../engine/health/timeline';
import type { HealthRun, ScopedBuckets } from '../engine/health/types';
import type { Db } from '../store/db';
import { readFirstSeenChanges, readHealthDailyBuckets, readLedgerChanges, readRecentHealthRuns } from '../store/health-runs';
import { projectVersion } from '../store/queries';

/** Health of one project, no cache; `nowMs` only stamps `computed_at` (windows run from the latest run). */
export function projectHealth(db: Db, projectId: string, nowMs: number): ProjectHealth {
  return healthFrom(db, projectId, nowMs, readHealthDailyBuckets(db, projectId)).health;
}

function healthFrom(db: Db, projectId: string, nowMs: number, buckets: ScopedBuckets[]): { health: ProjectHealth; runs: HealthRun[] } {
  const runs = readRecentHealthRuns(db, projectId, RECENT_WINDOW_RUNS);
  const changes = [...readLedgerChanges(db, projectId), ...readFirstSeenChanges(db, projectId)];
  const health = computeHealth({ project_id: projectId, runs, buckets, changes, now_ms: nowMs, runs_complete: runs.length < RECENT_WINDOW_RUNS });
  return { health, runs };
}

/**
 * Health with the daily buckets kept per project version: until the store maintains them at
 * ingest, folding the whole history is the slow part, and it only changes with the runs.
 * The recent window, the ledger and the engine run on every call.
 */
export class HealthCache {
  private readonly buckets = new Map<string, { version: number; buckets: ScopedBuckets[] }>();

  constructor(private readonly db: Db) {}

  get(projectId: string, nowMs: number): ProjectHealth {
    return this.compute(projectId, nowMs).health;
  }

  /** The health and, per alert, the timeline of its metric over the recent window (the UI's view). */
  view(projectId: string, nowMs: number): HealthView {
    const { health, runs } = this.compute(projectId, nowMs);
    // computeHealth sorted the window by start time; the timeline walks it in the same order.
    const ordered = [...runs].sort((a, b) => a.started_ms - b.started_ms || (a.run_id < b.run_id ? -1 : a.run_id > b.run_id ? 1 : 0));
    return { health, timelines: health.alerts.map((a, i) => alertTimeline(ordered, a, i)) };
  }

  /**
   * Health for the recommendation layer (recovery proposals), which runs after every ingest
   * batch, without folding the whole history each time: a project whose dated runs all fit in
   * the recent window is computed from them alone (the same buckets, so the same answer); a
   * larger one uses the buckets of the last fold even when runs arrived since (they feed the
   * seed rule and baselines, not the change points on the recent runs); only a first look folds.
   */
  forRecommendations(projectId: string, nowMs: number): ProjectHealth {
    const hit = this.buckets.get(projectId);
    if (hit && hit.version === projectVersion(this.db, projectId)) return healthFrom(this.db, projectId, nowMs, hit.buckets).health;
    const runs = readRecentHealthRuns(this.db, projectId, RECENT_WINDOW_RUNS);
    if (runs.length < RECENT_WINDOW_RUNS) {
      const changes = [...readLedgerChanges(this.db, projectId), ...readFirstSeenChanges(this.db, projectId)];
      return computeHealth({ project_id: projectId, runs, changes, now_ms: nowMs, runs_complete: true });
    }
    return hit ? healthFrom(this.db, projectId, nowMs, hit.buckets).health : this.compute(projectId, nowMs).health;
  }

  private compute(projectId: string, nowMs: number): { health: ProjectHealth; runs: HealthRun[] } {
    const version = projectVersion(this.db, projectId);
    let hit = this.buckets.get(projectId);
    if (!hit || hit.version !== version) {
      hit = { version, buckets: readHealthDailyBuckets(this.db, projectId) };
      this.buckets.set(projectId, hit);
    }
    return healthFrom(this.db, projectId, nowMs, hit.buckets);
  }

  invalidate(projectId?: string): void {
    if (projectId) this.buckets.delete(projectId);
    else this.buckets.clear();
  }
}
