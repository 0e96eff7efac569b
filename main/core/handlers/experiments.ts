/** Experiments of a project (issue 9), cached until its runs or its config change. */
import type { ProjectExperiments } from '../../../shared/experiments';
import type { HandlersOf } from '../../../shared/operations';
import type { CoreContext } from '../context';
import { CUSTOM_FACTORS_KEY, foldersNeedingRescan } from '../../ingest';
import { projectExperiments } from '../experiments';

type Handlers = HandlersOf<'experiments'>;

export function experimentHandlers(ctx: CoreContext): Handlers {
  const cache = new Map<string, { key: string; value: ProjectExperiments }>();
  return {
    async getExperiments({ project_id }) {
      // The analysis throws not-found for an unknown project and gives the controls from the config.
      const analysis = await ctx.analysis.get(project_id);
      // The whole declarations, not their ids: an id is reused once the latest declaration is removed.
      const declared = JSON.stringify(await ctx.store.declaredExperiments.list(project_id));
      const rescan = await foldersNeedingRescan(ctx.store, (await ctx.settings()).folders);
      const named = await ctx.store.settings.get(CUSTOM_FACTORS_KEY) ?? '';
      const key = `${await ctx.store.aggregates.version(project_id)}|${JSON.stringify(analysis.recommendations.current_config)}|${analysis.recommendations.current_source}|${declared}|${named}|${rescan.join('\n')}`;
      const hit = cache.get(project_id);
      if (hit && hit.key === key) return hit.value;
      const value = { ...await projectExperiments(ctx.store, project_id, analysis), rescan_folders: rescan };
      cache.set(project_id, { key, value });
      return value;
    },
  };
}
