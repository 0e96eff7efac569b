/**
 * What happens after new runs arrive: auto-tune for projects that enabled it, and a
 * `recommendation-new` event the first time a recommendation appears (the desktop shell turns
 * high-confidence ones into OS notifications). A failure here is logged and shown, never thrown.
 */
import { applyAutoTune } from '../config/auto-tune';
import type { LedgerStore } from '../store';
import type { AnalysisCache } from './analysis';
import type { EventBus } from './event-bus';

export interface AfterIngestDeps {
  ledger: LedgerStore;
  bus: EventBus;
  analysis: AnalysisCache;
  configPathOf: (projectId: string) => string | null;
  now: () => number;
}

export class AfterIngest {
  /** Recommendation ids already announced, per project. */
  private readonly seen = new Map<string, Set<string>>();

  constructor(private readonly deps: AfterIngestDeps) {}

  run(projectIds: string[]): void {
    for (const id of projectIds) {
      try {
        this.autoTune(id);
        this.announce(id);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        console.error(`[runbrain] after-ingest for ${id} failed: ${message}`);
        this.deps.bus.emit({ type: 'auto-tune', project_id: id, applied: [], error: message });
      }
    }
  }

  private autoTune(projectId: string): void {
    const { analysis, bus, ledger, now } = this.deps;
    const a = analysis.get(projectId);
    const path = this.deps.configPathOf(projectId);
    if (!path || !a.tuning.enabled || a.recommendations.recommendations.length === 0) return;
    const result = applyAutoTune(ledger, { path, projectId, recs: a.recommendations.recommendations, tuning: a.tuning, now: new Date(now()) });
    if (result.applied.length > 0 || result.error) {
      analysis.invalidate(projectId);
      bus.emit({ type: 'auto-tune', project_id: projectId, applied: result.applied, error: result.error });
      if (result.applied.length > 0) bus.emit({ type: 'config-changed', project_id: projectId });
    }
  }

  private announce(projectId: string): void {
    const recs = this.deps.analysis.get(projectId).recommendations.recommendations;
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
}
