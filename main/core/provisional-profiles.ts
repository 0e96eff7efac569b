/**
 * The core's provisional profiles (issue 7 §6): what a first scan's parallel fold found, served by
 * getProfile (marked `provisional`) while the scan's rows are still being stored, and dropped
 * once the scan's runs change (the stored profile takes over: duplicates resolved).
 */
import type { ProjectAggregates } from '../../shared/aggregates';
import type { ProjectProfile } from '../../shared/domain';
import { buildProfile } from '../engine/profile';
import type { ProvisionalAggregates } from '../ingest';

export class ProvisionalProfiles {
  private readonly aggs = new Map<string, ProjectAggregates>();
  private total = 0;

  /** Keeps a scan's provisional aggregates; returns the projects they cover. */
  set(p: ProvisionalAggregates): string[] {
    this.aggs.clear();
    for (const a of p.aggregates) this.aggs.set(a.project_id, a);
    this.total = p.runs;
    return [...this.aggs.keys()].sort();
  }

  clear(): void {
    this.aggs.clear();
    this.total = 0;
  }

  /** The project's provisional profile (`stored`: runs of the scan stored so far), or null when there is none. */
  profile(projectId: string, stored: number, minRuns: number): ProjectProfile | null {
    const agg = this.aggs.get(projectId);
    if (!agg) return null;
    return { ...buildProfile(agg, { min_runs_for_recommendations: minRuns }), provisional: { runs_stored: Math.min(stored, this.total), runs_total: this.total } };
  }
}
