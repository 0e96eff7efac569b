/** The runs table, run detail and quarantine: named queries, never SQL from the UI. */
import type { HandlersOf } from '../../../shared/operations';
import { getRunDetail } from '../run-detail';
import type { CoreContext } from '../context';
import { UserError } from '../types';

type Handlers = HandlersOf<'runs'>;

export function runHandlers(ctx: CoreContext): Handlers {
  return {
    async listRuns(query) {
      return ctx.store.runs.list(query);
    },
    async getRunFacets({ project_id }) {
      return ctx.store.runs.facets(project_id);
    },
    async getRun({ project_id, run_id }) {
      const detail = getRunDetail(ctx.store.runs, project_id, run_id);
      if (!detail) throw new UserError(`Run "${run_id}" of project "${project_id}" not found.`, 'not-found');
      return detail;
    },
    async listQuarantine({ offset, limit }) {
      return ctx.store.quarantine.list(offset, limit);
    },
  };
}
