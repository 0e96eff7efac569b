/** Project health (issue 11): change points, alerts, recovery proposals, baselines, anomalies; an error pattern's runs. */
import type { HandlersOf } from '../../../shared/operations';
import type { CoreContext } from '../context';
import { patternRunsOf } from '../pattern-runs';
import { UserError } from '../types';

type Handlers = HandlersOf<'health'>;

export function healthHandlers(ctx: CoreContext): Handlers {
  return {
    async getHealth({ project_id }) {
      if (!(await ctx.store.aggregates.projectIds()).includes(project_id)) throw new UserError(`No runs for project "${project_id}".`, 'not-found');
      return await ctx.health.view(project_id, ctx.now());
    },
    async getPatternRuns({ project_id, template_id, limit }) {
      return await patternRunsOf(ctx.store, project_id, template_id, limit);
    },
  };
}
