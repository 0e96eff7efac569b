/**
 * What happens after new runs arrive: auto-tune for projects that enabled it, a
 * `recommendation-new` event the first time a recommendation appears (the desktop shell turns
 * high-confidence ones into OS notifications), and a `health-alert-new` event when an ongoing
 * degradation appears on a metric and series that had none before (also notified). A failure
 * here is logged and shown, never thrown.
 */
import { applyAutoTune } from '../config/auto-tune';
import type { LedgerStore } from '../store';
import type { AnalysisCache } from './analysis';
import type { EventBus } from './event-bus';
import type { HealthCache } from './health';

export interface AfterIngestDeps {
  ledger: LedgerStore;
  bus: EventBus;
  analysis: AnalysisCache;
  configPathOf: (projectId: string) => Promise<string | null>;
  now: () => number;
  /** Project health, for `health-alert-new`; none announced without it. */
  health?: HealthCache;
}

/** An episode's identity across refreshes: its change time moves as data arrives, its metric and series do not. */
const episodeKey = (a: { metric: string; series: string }): string => `${a.metric}\u0000${a.series}`;

export class AfterIngest {
  /** Recommendation ids already announced, per project. */
  private readonly seen = new Map<string, Set<string>>();
  /** Ongoing degradations (metric + series) at the previous look, per project. */
  private readonly ongoing = new Map<string, Set<string>>();

  constructor(private readonly deps: AfterIngestDeps) {}

  async run(projectIds: string[]): Promise<void> {
    for (const id of projectIds) {
      try {
        await this.autoTune(id);
        await this.announce(id);
        await this.announceHealth(id);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        console.error(`[runbrain] after-ingest for ${id} failed: ${message}`);
        this.deps.bus.emit({ type: 'auto-tune', project_id: id, applied: [], error: message });
      }
    }
  }

  private async autoTune(projectId: string): Promise<void> {
    const { analysis, bus, ledger, now } = this.deps;
    const a = await analysis.get(projectId);
    const path = await this.deps.configPathOf(projectId);
    if (!path || !a.tuning.enabled || a.recommendations.recommendations.length === 0) return;
    const result = await applyAutoTune(ledger, { path, projectId, recs: a.recommendations.recommendations, tuning: a.tuning, now: new Date(now()) });
    if (result.applied.length > 0 || result.error) {
      analysis.invalidate(projectId);
      bus.emit({ type: 'auto-tune', project_id: projectId, applied: result.applied, error: result.error });
      if (result.applied.length > 0) bus.emit({ type: 'config-changed', project_id: projectId });
    }
  }

  private async announce(projectId: string): Promise<void> {
    const recs = (await this.deps.analysis.get(projectId)).recommendations.recommendations;
    const first = !this.seen.has(projectId);
    const seen = this.seen.get(projectId) ?? new Set<string>();
    this.seen.set(projectId, seen);
    for (const rec of recs) {
      if (seen.has(rec.id)) continue;
      seen.add(rec.id);
      // The first look at a project is not news: only recommendations that appear later are.
      if (!first) this.deps.bus.emit({ type: 'recommendation-new', project_id: projectId, recommendation: rec });
    }
  }

  /** Announces new ongoing degradations of one project (after a throttled health recompute). */
  async announceHealthOf(projectId: string): Promise<void> {
    try {
      await this.announceHealth(projectId);
    } catch (err) {
      console.error(`[runbrain] health announcement for ${projectId} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async announceHealth(projectId: string): Promise<void> {
    const { health, bus, now } = this.deps;
    if (!health) return;
    const current = (await health.forRecommendations(projectId, now())).alerts.filter((a) => a.kind === 'degradation' && a.status === 'ongoing');
    const before = this.ongoing.get(projectId);
    this.ongoing.set(projectId, new Set(current.map(episodeKey)));
    // As with recommendations, the first look at a project is not news.
    if (!before) return;
    // Alerts come most severe first; the change-point and seed-rule alerts of one episode share a key: one event.
    const told = new Set<string>();
    for (const a of current) {
      const key = episodeKey(a);
      if (before.has(key) || told.has(key)) continue;
      told.add(key);
      bus.emit({ type: 'health-alert-new', project_id: projectId, alert: a });
    }
  }
}
