/** The runs table, run detail and quarantine: named queries, never SQL from the UI. */
import type { HandlersOf } from '../../../shared/operations';
import { getRunDetail, listQuarantine, listRuns, runFacets } from '../../store/queries';
import type { CoreContext } from '../context';
import { UserError } from '../types';

type Handlers = HandlersOf<'runs'>;

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
      return detail;
    },
    async listQuarantine({ offset, limit }) {
      return listQuarantine(ctx.db, offset, limit);
    },
  };
}
