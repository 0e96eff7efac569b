/** The learning analysis of a project and the learning report export (issue 12 §5, §6). */
import type { HandlersOf } from '../../../shared/operations';
import type { CoreContext } from '../context';
import { reportsDir, watchedFolderHolding, writeLearningReport } from '../learning-report-file';
import { declarationErrors, variantsOf, type DeclaredSpec } from '../../../shared/declared-spec';
import { UserError } from '../types';

type Handlers = HandlersOf<'learning'>;

export function learningHandlers(ctx: CoreContext): Handlers {
  return {
    async getLearning({ project_id }) {
      return await ctx.learning.get(project_id);
    },
    async exportReport({ project_id, format }) {
      if (format === 'pdf') {
        throw new UserError('PDF export needs the desktop app; export HTML here and print it from the browser.', 'invalid-request');
      }
      const holder = watchedFolderHolding(reportsDir(ctx.dataDir), (await ctx.settings()).folders);
      if (holder) {
        throw new UserError(`The data folder's reports/ is inside the watched run-logs folder ${holder}: reports never go there. Move the data folder (RUNBRAIN_DATA_DIR).`, 'conflict');
      }
      const ids = project_id != null ? [project_id] : await ctx.store.aggregates.projectIds();
      if (ids.length === 0) throw new UserError('No projects to report on yet: add a run_logs folder first.', 'not-found');
      const results = [];
      for (const id of ids) results.push(await ctx.learning.get(id));
      const written = writeLearningReport(ctx.dataDir, results, project_id ?? null, format, new Date(ctx.now()));
      return { ...written, format };
    },
    async declareExperiment(req) {
      const { project_id, factor, control, name, suggestion_id, hypothesis } = req;
      const variants = variantsOf(req);
      if (variants.length === 1 && variants[0] === control) {
        throw new UserError(`Control and treatment are both "${control}": an experiment compares two different ${factor} values.`, 'invalid-request');
      }
      const errors = declarationErrors(req, (await ctx.settings()).experiment_factors ?? []);
      // The first problem, named by its field (the form shows each under its field before calling).
      if (errors.length > 0) throw new UserError(`${errors[0].field}: ${errors[0].message}.`, 'invalid-request');
      const treatment = variants[0];
      const spec: DeclaredSpec = {};
      if (req.variants) spec.variants = variants;
      if (req.start_at != null) spec.start_at = new Date(Date.parse(req.start_at)).toISOString();
      if (req.primary_metric) spec.primary_metric = req.primary_metric;
      if (req.guardrails) spec.guardrails = req.guardrails;
      if (req.mde != null) spec.mde = req.mde;
      if (req.planned_split) spec.planned_split = req.planned_split;
      const saved = await ctx.store.declaredExperiments.insert({
        project_id, factor, control, treatment,
        name: name ?? `${factor}: ${control} → ${variants.join(', ')}`,
        suggestion_id: suggestion_id ?? null,
        hypothesis: hypothesis ?? null,
        created_at: new Date(ctx.now()).toISOString(),
        spec: Object.keys(spec).length > 0 ? spec : null,
      });
      if (!saved) throw new UserError(`An experiment ${factor} ${control} → ${treatment} is already declared for "${project_id}".`, 'conflict');
      return saved;
    },
    async listDeclaredExperiments({ project_id }) {
      return await ctx.store.declaredExperiments.list(project_id);
    },
    async deleteDeclaredExperiment({ id }) {
      if (!await ctx.store.declaredExperiments.delete(id)) throw new UserError(`No declared experiment ${id}.`, 'not-found');
      return { id };
    },
  };
}
