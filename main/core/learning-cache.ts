/**
 * The learning analysis per project, cached until the project's runs change (its store version),
 * like the profile cache of analysis.ts. The health engine's retry hotspots and recovery
 * strategies fill patterns 2 and 8, as in `runbrain analyze --json`.
 */
import type { LearningResult } from '../engine/learning';
import type { Store } from '../store';
import { projectHealth, type HealthCache } from './health';
import { learnProjectFromStore } from './project-learning';
import { UserError } from './types';

/** The same run cap as `runbrain analyze` (the engine reads every run's record). */
export const LEARNING_MAX_RUNS = 100_000;

export class LearningCache {
  private readonly entries = new Map<string, { version: number; result: LearningResult }>();

  /** `health`: the core's health cache, so the two linked tables come from the health the Health page shows (computed once per version). */
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly health?: HealthCache,
  ) {}

  /** The learning block of a project; throws not-found for a project without runs. */
  async get(projectId: string): Promise<LearningResult> {
    const version = await this.store.aggregates.version(projectId);
    const hit = this.entries.get(projectId);
    if (hit && hit.version === version) return hit.result;
    const nowMs = this.now();
    const health = this.health ? await this.health.get(projectId, nowMs) : await projectHealth(this.store, projectId, nowMs);
    const { result } = await learnProjectFromStore(this.store, projectId, new Date(nowMs), {
      last: LEARNING_MAX_RUNS,
      health: { retry_hotspots: health.retry_hotspots, error_recovery: health.recovery_strategies },
    });
    if (result.runs === 0) throw new UserError(`No runs for project "${projectId}".`, 'not-found');
    this.entries.set(projectId, { version, result });
    return result;
  }

  invalidate(projectId?: string): void {
    if (projectId) this.entries.delete(projectId);
    else this.entries.clear();
  }
}
