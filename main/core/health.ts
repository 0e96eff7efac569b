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
import { ledgerStamp } from '../store/ledger-stamp';
import { projectVersion } from '../store/queries';

/** What the recommendation layer and the announcements read of a health: open degradations and proposals. */
function signature(h: ProjectHealth | undefined): string {
  if (!h) return '';
  const open = h.alerts.filter((a) => a.status === 'ongoing').map((a) => `${a.kind}|${a.metric}|${a.series}|${a.severity}`);
  return JSON.stringify([open, h.recovery_proposals.map((p) => [p.field, p.from, p.to, p.alert_indices.length])]);
}

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
  /**
   * The last answers per project, keyed by run version and ledger stamp: the recommendation
   * layer, the after-ingest announcement and the UI ask for the same health after each batch.
   */
  private readonly full = new Map<string, { key: string; value: { health: ProjectHealth; runs: HealthRun[] } }>();
  private readonly light = new Map<string, { key: string; value: ProjectHealth; at: number }>();
  private readonly trailing = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly throttleMs: number;
  private readonly clock: () => number;
  private readonly onRefreshed: (projectId: string) => void;

  constructor(
    private readonly db: Db,
    options: {
      /**
       * While runs keep arriving, recompute the recommendation-layer health of a project at most
       * this often (default 0: every time). Each ingest batch bumps the version; a busy folder
       * would otherwise recompute every project's change points on every batch.
       */
      throttleMs?: number;
      /** Called when a trailing recompute changed a project's alerts or proposals. */
      onRefreshed?: (projectId: string) => void;
      clock?: () => number;
    } = {},
  ) {
    this.throttleMs = options.throttleMs ?? 0;
    this.clock = options.clock ?? Date.now;
    this.onRefreshed = options.onRefreshed ?? (() => undefined);
  }

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
    const key = this.keyOf(projectId);
    const full = this.full.get(projectId);
    if (full?.key === key) return full.value.health;
    const memo = this.light.get(projectId);
    if (memo?.key === key) return memo.value;
    const wait = memo ? memo.at + this.throttleMs - this.clock() : 0;
    if (memo && wait > 0) {
      // Recomputed less than throttleMs ago: answer with it, and recompute once the burst has passed.
      if (!this.trailing.has(projectId)) {
        const timer = setTimeout(() => {
          this.trailing.delete(projectId);
          const before = this.light.get(projectId)?.value;
          const after = this.forRecommendations(projectId, nowMs);
          if (before !== after && signature(before) !== signature(after)) this.onRefreshed(projectId);
        }, wait);
        timer.unref?.();
        this.trailing.set(projectId, timer);
      }
      return memo.value;
    }
    const value = this.lightHealth(projectId, nowMs);
    this.light.set(projectId, { key, value, at: this.clock() });
    return value;
  }

  /** Stops pending trailing recomputes (at close). */
  dispose(): void {
    for (const t of this.trailing.values()) clearTimeout(t);
    this.trailing.clear();
  }

  private keyOf(projectId: string): string {
    return `${projectVersion(this.db, projectId)}|${ledgerStamp(this.db, projectId)}`;
  }

  private lightHealth(projectId: string, nowMs: number): ProjectHealth {
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
    const key = this.keyOf(projectId);
    const memo = this.full.get(projectId);
    if (memo?.key === key) return memo.value;
    const version = projectVersion(this.db, projectId);
    let hit = this.buckets.get(projectId);
    if (!hit || hit.version !== version) {
      hit = { version, buckets: readHealthDailyBuckets(this.db, projectId) };
      this.buckets.set(projectId, hit);
    }
    const value = healthFrom(this.db, projectId, nowMs, hit.buckets);
    this.full.set(projectId, { key, value });
    return value;
  }

  invalidate(projectId?: string): void {
    for (const m of [this.buckets, this.full, this.light] as Map<string, unknown>[]) {
      if (projectId) m.delete(projectId);
      else m.clear();
    }
  }
}
