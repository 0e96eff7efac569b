/** Experiments of a project (issue 9), cached until its runs or its config change. */
import type { ProjectExperiments } from '../../../shared/experiments';
import type { HandlersOf } from '../../../shared/operations';
import type { CoreContext } from '../context';
import { projectExperiments } from '../experiments';

type Handlers = HandlersOf<'experiments'>;

export function experimentHandlers(ctx: CoreContext): Handlers {
  const cache = new Map<string, { key: string; value: ProjectExperiments }>();
  return {
    async getExperiments({ project_id }) {
      // The analysis throws not-found for an unknown project and gives the controls from the config.
      const analysis = ctx.analysis.get(project_id);
      const declared = ctx.store.declaredExperiments.list(project_id).map((e) => e.id).join(',');
      const key = `${ctx.store.aggregates.version(project_id)}|${JSON.stringify(analysis.recommendations.current_config)}|${analysis.recommendations.current_source}|${declared}`;
      const hit = cache.get(project_id);
      if (hit && hit.key === key) return hit.value;
      const value = projectExperiments(ctx.store, project_id, analysis);
      cache.set(project_id, { key, value });
      return value;
    },
  };
}
