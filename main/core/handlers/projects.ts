/** Read-only project analysis: list, profile, recommendations. */
import type { ProjectSummary, Recommendation } from '../../../shared/domain';
import type { HandlersOf } from '../../../shared/operations';
import type { CoreContext } from '../context';

type Handlers = HandlersOf<'projects'>;

export function projectHandlers(ctx: CoreContext): Handlers {
  return {
    async listProjects() {
      const out: ProjectSummary[] = [];
      for (const id of await ctx.store.aggregates.projectIds()) {
        const a = await ctx.analysis.get(id);
        const p = a.profile;
        out.push({
          project_id: id,
          runs_count: p.runs_count,
          avg_cost: p.avg_cost,
          qa_pass_rate: p.overall_qa_pass_rate,
          qa_pass_rate_ci: p.overall_qa_pass_rate_ci,
          trend: p.weekly_trend.map((w) => ({ week_start: w.week_start, qa_pass_rate: w.qa_pass_rate, avg_cost: w.avg_cost })),
          last_run_at: p.last_run_at,
          open_recommendations: a.recommendations.recommendations.length,
          top_recommendation: topOf(a.recommendations.recommendations),
          config_path: a.config_path,
        });
      }
      return out;
    },
    async getProfile({ project_id }) {
      return (await ctx.provisionalProfile?.(project_id)) ?? (await ctx.analysis.get(project_id)).profile;
    },
    async getRecommendations({ project_id }) {
      return (await ctx.analysis.get(project_id)).recommendations;
    },
  };
}

/** The first card (they come sorted by tier, then impact) as the projects list shows it. */
function topOf(recs: Recommendation[]): ProjectSummary['top_recommendation'] {
  const r = recs[0];
  if (!r) return null;
  return {
    category: r.category, field: r.field, current_value: r.current_value, recommended_value: r.recommended_value,
    confidence: r.confidence, kind: r.kind ?? null, estimated_impact: r.estimated_impact, per_100_runs_usd: r.impact?.per_100_runs_usd ?? null,
  };
}
