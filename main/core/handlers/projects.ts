/** Read-only project analysis: list, profile, recommendations. */
import type { ProjectSummary } from '../../../shared/domain';
import type { HandlersOf } from '../../../shared/operations';
import type { CoreContext } from '../context';

type Handlers = HandlersOf<'projects'>;

export function projectHandlers(ctx: CoreContext): Handlers {
  return {
    async listProjects() {
      return ctx.store.aggregates.projectIds().map((id): ProjectSummary => {
        const a = ctx.analysis.get(id);
        const p = a.profile;
        return {
          project_id: id,
          runs_count: p.runs_count,
          avg_cost: p.avg_cost,
          qa_pass_rate: p.overall_qa_pass_rate,
          qa_pass_rate_ci: p.overall_qa_pass_rate_ci,
          trend: p.weekly_trend.map((w) => ({ week_start: w.week_start, qa_pass_rate: w.qa_pass_rate, avg_cost: w.avg_cost })),
          last_run_at: p.last_run_at,
          open_recommendations: a.recommendations.recommendations.length,
          config_path: a.config_path,
        };
      });
    },
    async getProfile({ project_id }) {
      return ctx.analysis.get(project_id).profile;
    },
    async getRecommendations({ project_id }) {
      return ctx.analysis.get(project_id).recommendations;
    },
  };
}
