/** The runs table, run detail and quarantine: named queries, never SQL from the UI. */
import type { HandlersOf } from '../../../shared/operations';
import { resolveOptions, runLabels } from '../../engine/learning';
import { learningRunOfRecord } from '../learning-runs';
import { getRunDetail } from '../run-detail';
import type { CoreContext } from '../context';
import { UserError } from '../types';

type Handlers = HandlersOf<'runs'>;

const LABEL_OPTIONS = resolveOptions().labels;

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
      // Auto-labels are computed from the record on read (cheap, and they follow rule changes).
      return { ...detail, labels: runLabels(learningRunOfRecord(detail.record), LABEL_OPTIONS) };
    },
    async listQuarantine({ offset, limit }) {
      return ctx.store.quarantine.list(offset, limit);
    },
  };
}
