/**
 * A project's health from the store: the recent window, the daily buckets of the whole history
 * (kept at ingest; folded here from the runs when not current), the ledger and first-seen changes, through the
 * pure engine (main/engine/health).
 */
import type { HealthView } from '../../shared/health';
import { computeHealth, RECENT_WINDOW_RUNS, type ProjectHealth } from '../engine/health';
import { AGGREGATE_FOLD_VERSION } from '../engine/aggregates';
import { bucketsFromRuns, mergeScopedBuckets } from '../engine/health/bucket-fold';
import { patternAgentSections } from '../engine/health/pattern-agent-sections';
import { alertTimeline } from '../engine/health/timeline';
import type { ChangeEvent, HealthAlert, HealthRun, ScopedBuckets } from '../engine/health/types';
import { loadHealthEntry, scopedBucketsOf } from '../ingest/health-fold';
import type { Store } from '../store';
import { recentRecords } from './recent-records';

/** Health of one project, no cache; `nowMs` only stamps `computed_at` (windows run from the latest run). */
export async function projectHealth(store: Store, projectId: string, nowMs: number): Promise<ProjectHealth> {
  return (await healthFrom(store, projectId, nowMs, await healthDailyBuckets(store, projectId))).health;
}

/** What the recommendation layer and the announcements read of a health: open degradations and proposals. */
function signature(h: ProjectHealth | undefined): string {
  if (!h) return '';
  const open = h.alerts.filter((a) => a.status === 'ongoing').map((a) => `${a.kind}|${a.metric}|${a.series}|${a.severity}`);
  return JSON.stringify([open, h.recovery_proposals.map((p) => [p.field, p.from, p.to, p.alert_indices.length])]);
}

/**
 * Daily buckets of a project's whole dated history (project, agents, task types): the ones the
 * ingest keeps (agg_health) when the fold that wrote them is current, else folded here.
 */
export async function healthDailyBuckets(store: Store, projectId: string): Promise<ScopedBuckets[]> {
  if (await store.aggregates.foldVersion() === AGGREGATE_FOLD_VERSION) return scopedBucketsOf(await loadHealthEntry(store.health, projectId));
  return await foldedDailyBuckets(store, projectId);
}

/** The daily buckets folded from every dated run, batch by batch, merged per scope and day (the fallback, and the reference in tests). */
export async function foldedDailyBuckets(store: Store, projectId: string, batch = 20_000): Promise<ScopedBuckets[]> {
  const parts: ScopedBuckets[][] = [];
  for await (const runs of store.health.datedRunBatches(projectId, batch)) parts.push(bucketsFromRuns(runs satisfies HealthRun[]));
  return parts.length === 1 ? parts[0] : mergeScopedBuckets(parts.flat());
}

/**
 * Health from the recent window, the ledger, first-seen changes and the mined sections. Without
 * `buckets` (a project whose dated runs all fit in the window) the engine builds them from the
 * runs: the same buckets as the fold, so the same answer, without reading the history again.
 */
async function healthFrom(
  store: Store, projectId: string, nowMs: number, buckets: ScopedBuckets[] | null, given?: HealthRun[], mine = true,
): Promise<{ health: ProjectHealth; runs: HealthRun[] }> {
  const runs: HealthRun[] = given ?? await store.health.recentRuns(projectId, RECENT_WINDOW_RUNS);
  const ledger = await store.health.ledgerChanges(projectId);
  const changes: ChangeEvent[] = [...ledger, ...(await store.health.firstSeenChanges(projectId))];
  if (!mine) {
    return { health: computeHealth({ project_id: projectId, runs, ...(buckets ? { buckets } : {}), changes, now_ms: nowMs, runs_complete: runs.length < RECENT_WINDOW_RUNS }), runs };
  }
  // Error patterns and the agents tables read messages and steps the columns do not hold.
  const lastChange = ledger.reduce<ChangeEvent | null>((a, c) => (a == null || c.at_ms > a.at_ms ? c : a), null);
  const pa = patternAgentSections(await recentRecords(store, projectId, RECENT_WINDOW_RUNS), {
    since: lastChange ? { config_change_at: new Date(lastChange.at_ms).toISOString(), config_change: lastChange.value } : {},
  });
  // Only patterns new since the last config change or prompt version are changes an alert can
  // point at: a rare message first logged weeks into the history was there all along.
  const fresh = new Set(pa.sections.error_patterns.filter((p) => p.new).map((p) => p.template));
  const newPatterns = pa.changes.filter((c) => fresh.has(c.value));
  const health = computeHealth({
    project_id: projectId, runs, ...(buckets ? { buckets } : {}), changes: [...changes, ...newPatterns], now_ms: nowMs,
    runs_complete: runs.length < RECENT_WINDOW_RUNS, sections: pa.sections, extra_alerts: pa.alerts as readonly HealthAlert[],
  });
  return { health, runs };
}

/**
 * Health with the daily buckets kept per project version: they only change with the runs, so a
 * warm call neither reads nor parses them (nor folds the history when they are not kept).
 * Answers are kept per run version and ledger stamp: the recommendation layer, the after-ingest
 * announcement and the UI ask for the same health after each batch.
 */
export class HealthCache {
  private readonly buckets = new Map<string, { version: number; buckets: ScopedBuckets[] }>();
  private readonly full = new Map<string, { key: string; value: { health: ProjectHealth; runs: HealthRun[] } }>();
  private readonly light = new Map<string, { key: string; value: ProjectHealth; at: number }>();
  private readonly trailing = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly throttleMs: number;
  private readonly clock: () => number;
  private readonly onRefreshed: (projectId: string) => void;

  constructor(
    private readonly store: Store,
    options: {
      /**
       * While runs keep arriving, recompute the recommendation-layer health of a project at most
       * this often (default 0: every time). Each ingest batch bumps the version; a busy folder
       * would otherwise recompute every project's change points on every batch.
       */
      throttleMs?: number;
      /** Called when a trailing recompute changed a project's open alerts or proposals. */
      onRefreshed?: (projectId: string) => void;
      clock?: () => number;
    } = {},
  ) {
    this.throttleMs = options.throttleMs ?? 0;
    this.clock = options.clock ?? Date.now;
    this.onRefreshed = options.onRefreshed ?? (() => undefined);
  }

  async get(projectId: string, nowMs: number): Promise<ProjectHealth> {
    return (await this.compute(projectId, nowMs)).health;
  }

  /** The health and, per alert, the timeline of its metric over the recent window (the UI's view). */
  async view(projectId: string, nowMs: number): Promise<HealthView> {
    const { health, runs } = await this.compute(projectId, nowMs);
    // computeHealth sorted the window by start time; the timeline walks it in the same order.
    const ordered = [...runs].sort((a, b) => a.started_ms - b.started_ms || (a.run_id < b.run_id ? -1 : a.run_id > b.run_id ? 1 : 0));
    return { health, timelines: health.alerts.map((a, i) => alertTimeline(ordered, a, i)) };
  }

  /**
   * Health for the recommendation layer (recovery proposals) and the after-ingest announcement
   * (change points and seed rule on the run columns, without the mined sections),
   * which run after every ingest batch, without folding the whole history each time: a project
   * whose dated runs all fit in the recent window is computed from them alone (same answer); a
   * larger one uses the buckets of the last fold even when runs arrived since (they feed the seed
   * rule and baselines, not the change points on the recent runs); only a first look folds.
   * Throttled (see the constructor) with one trailing recompute.
   */
  async forRecommendations(projectId: string, nowMs: number): Promise<ProjectHealth> {
    const key = await this.keyOf(projectId);
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
          this.forRecommendations(projectId, nowMs).then(
            (after) => {
              if (before !== after && signature(before) !== signature(after)) this.onRefreshed(projectId);
            },
            () => undefined, // the store closed meanwhile: nothing to announce
          );
        }, wait);
        timer.unref?.();
        this.trailing.set(projectId, timer);
      }
      return memo.value;
    }
    const value = await this.lightHealth(projectId, nowMs);
    this.light.set(projectId, { key, value, at: this.clock() });
    return value;
  }

  /** Stops pending trailing recomputes (at close). */
  dispose(): void {
    for (const t of this.trailing.values()) clearTimeout(t);
    this.trailing.clear();
  }

  invalidate(projectId?: string): void {
    for (const m of [this.buckets, this.full, this.light] as Map<string, unknown>[]) {
      if (projectId) m.delete(projectId);
      else m.clear();
    }
  }

  private async keyOf(projectId: string): Promise<string> {
    return `${await this.store.aggregates.version(projectId)}|${await this.store.ledger.stamp(projectId)}`;
  }

  /**
   * Without the mined sections (error patterns, agents): degradations and their reverts come
   * from the run columns, and mining every project's messages on each ingest burst is the cost
   * this path avoids. (A new error pattern is then not among an alert's links here; getHealth has it.)
   */
  private async lightHealth(projectId: string, nowMs: number): Promise<ProjectHealth> {
    const hit = this.buckets.get(projectId);
    const runs: HealthRun[] = await this.store.health.recentRuns(projectId, RECENT_WINDOW_RUNS);
    if (hit && hit.version === await this.store.aggregates.version(projectId)) return (await healthFrom(this.store, projectId, nowMs, hit.buckets, runs, false)).health;
    if (runs.length < RECENT_WINDOW_RUNS) return (await healthFrom(this.store, projectId, nowMs, null, runs, false)).health;
    if (!hit) this.buckets.set(projectId, { version: await this.store.aggregates.version(projectId), buckets: await healthDailyBuckets(this.store, projectId) });
    return (await healthFrom(this.store, projectId, nowMs, this.buckets.get(projectId)!.buckets, runs, false)).health;
  }

  private async compute(projectId: string, nowMs: number): Promise<{ health: ProjectHealth; runs: HealthRun[] }> {
    const key = await this.keyOf(projectId);
    const memo = this.full.get(projectId);
    if (memo?.key === key) return memo.value;
    const version = await this.store.aggregates.version(projectId);
    let hit = this.buckets.get(projectId);
    if (!hit || hit.version !== version) {
      hit = { version, buckets: await healthDailyBuckets(this.store, projectId) };
      this.buckets.set(projectId, hit);
    }
    const value = await healthFrom(this.store, projectId, nowMs, hit.buckets);
    this.full.set(projectId, { key, value });
    return value;
  }
}
