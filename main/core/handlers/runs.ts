/** The runs table, run detail and quarantine: named queries, never SQL from the UI. */
import type { HandlersOf } from '../../../shared/operations';
import { resolveOptions, runLabels } from '../../engine/learning';
import { learningRunOfRecord } from '../../store/learning-runs';
import { getRunDetail, listQuarantine, listRuns, runFacets } from '../../store/queries';
import type { CoreContext } from '../context';
import { UserError } from '../types';

type Handlers = HandlersOf<'runs'>;

const LABEL_OPTIONS = resolveOptions().labels;

export function runHandlers(ctx: CoreContext): Handlers {
  return {
    async listRuns(query) {
      return listRuns(ctx.db, query);
    },
    async getRunFacets({ project_id }) {
      return runFacets(ctx.db, project_id);
    },
    async getRun({ project_id, run_id }) {
      const detail = getRunDetail(ctx.db, project_id, run_id);
      if (!detail) throw new UserError(`Run "${run_id}" of project "${project_id}" not found.`, 'not-found');
      // Auto-labels are computed from the record on read (cheap, and they follow rule changes).
      return { ...detail, labels: runLabels(learningRunOfRecord(detail.record), LABEL_OPTIONS) };
    },
    async listQuarantine({ offset, limit }) {
      return listQuarantine(ctx.db, offset, limit);
    },
  };
}
