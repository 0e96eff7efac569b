/** The runs table, run detail and quarantine: named queries, never SQL from the UI. */
import type { HandlersOf } from '../../../shared/operations';
import { runLabels } from '../../engine/learning';
import { activeLabelRules } from '../../ingest';
import { storedLabels } from '../../ingest/stored-learning-run';
import { learningRunOfRecord } from '../learning-runs';
import { getRunDetail } from '../run-detail';
import type { CoreContext } from '../context';
import { UserError } from '../types';

type Handlers = HandlersOf<'runs'>;

export function runHandlers(ctx: CoreContext): Handlers {
  return {
    async listRuns(query) {
      return await ctx.store.runs.list(query);
    },
    async getRunFacets({ project_id }) {
      return await ctx.store.runs.facets(project_id);
    },
    async getRun({ project_id, run_id }) {
      const detail = await getRunDetail(ctx.store.runs, project_id, run_id);
      if (!detail) throw new UserError(`Run "${run_id}" of project "${project_id}" not found.`, 'not-found');
      // The labels stored at ingest; a run not labelled yet (stored before labels were kept) is labelled now, not stored.
      const stored = storedLabels((await ctx.store.runLabels.get(project_id, run_id)) ?? null);
      if (stored) return { ...detail, labels: stored, labels_source: 'ingest' as const };
      return { ...detail, labels: runLabels(learningRunOfRecord(detail.record), (await activeLabelRules(ctx.store.settings)).rules), labels_source: 'read' as const };
    },
    async listQuarantine({ offset, limit }) {
      return await ctx.store.quarantine.list(offset, limit);
    },
  };
}
