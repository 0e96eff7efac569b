/** The learning analysis of a project and the learning report export (issue 12 §5, §6). */
import type { HandlersOf } from '../../../shared/operations';
import type { CoreContext } from '../context';
import { reportsDir, watchedFolderHolding, writeLearningReport } from '../learning-report-file';
import { UserError } from '../types';

type Handlers = HandlersOf<'learning'>;

export function learningHandlers(ctx: CoreContext): Handlers {
  return {
    async getLearning({ project_id }) {
      return ctx.learning.get(project_id);
    },
    async exportReport({ project_id, format }) {
      if (format === 'pdf') {
        throw new UserError('PDF export needs the desktop app; export HTML here and print it from the browser.', 'invalid-request');
      }
      const holder = watchedFolderHolding(reportsDir(ctx.dataDir), ctx.settings().folders);
      if (holder) {
        throw new UserError(`The data folder's reports/ is inside the watched run-logs folder ${holder}: reports never go there. Move the data folder (RUNBRAIN_DATA_DIR).`, 'conflict');
      }
      const ids = project_id != null ? [project_id] : ctx.store.aggregates.projectIds();
      if (ids.length === 0) throw new UserError('No projects to report on yet: add a run_logs folder first.', 'not-found');
      const results = ids.map((id) => ctx.learning.get(id));
      const written = writeLearningReport(ctx.dataDir, results, project_id ?? null, format, new Date(ctx.now()));
      return { ...written, format };
    },
    async declareExperiment({ project_id, factor, control, treatment, name, suggestion_id, hypothesis }) {
      if (control === treatment) throw new UserError(`Control and treatment are both "${control}": an experiment compares two different ${factor} values.`, 'invalid-request');
      const saved = ctx.store.declaredExperiments.insert({
        project_id, factor, control, treatment,
        name: name ?? `${factor}: ${control} → ${treatment}`,
        suggestion_id: suggestion_id ?? null,
        hypothesis: hypothesis ?? null,
        created_at: new Date(ctx.now()).toISOString(),
      });
      if (!saved) throw new UserError(`An experiment ${factor} ${control} → ${treatment} is already declared for "${project_id}".`, 'conflict');
      return saved;
    },
    async listDeclaredExperiments({ project_id }) {
      return ctx.store.declaredExperiments.list(project_id);
    },
    async deleteDeclaredExperiment({ id }) {
      if (!ctx.store.declaredExperiments.delete(id)) throw new UserError(`No declared experiment ${id}.`, 'not-found');
      return { id };
    },
  };
}
