/**
 * `getPatternRuns`: the runs of one error pattern, from the same recent records the health
 * miner read (the last RECENT_WINDOW_RUNS runs), mined the same way, so a pattern id from
 * `health.error_patterns[]` finds the runs behind its counts.
 */
import type { PatternRunsResult } from '../../shared/error-pattern-runs';
import { RECENT_WINDOW_RUNS } from '../engine/health';
import { patternRuns } from '../engine/health/templates/pattern-runs';
import type { Store } from '../store';
import { recentRecords } from './recent-records';
import { UserError } from './types';

export async function patternRunsOf(store: Store, projectId: string, templateId: string, limit: number): Promise<PatternRunsResult> {
  if (!(await store.aggregates.projectIds()).includes(projectId)) throw new UserError(`No runs for project "${projectId}".`, 'not-found');
  const found = patternRuns(await recentRecords(store, projectId, RECENT_WINDOW_RUNS), templateId, { limit });
  if (!found) throw new UserError(`No error pattern "${templateId}" in the recent runs of "${projectId}" (patterns change as runs arrive: reload the Health page).`, 'not-found');
  return { project_id: projectId, template_id: templateId, limit, ...found };
}
