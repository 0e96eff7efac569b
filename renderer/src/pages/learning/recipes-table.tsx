/** Pattern 6: recipe effectiveness (× domain when logged), with the confounding warnings. */
import type { RecipeSummary } from '../../../../shared/learning';
import { RateText } from '../../components/ui';
import { formatCount, formatDecimal, formatDuration, formatPct, formatUsd } from '../../lib/format';
import { LearningSection, SimpleTable } from './section';

export function RecipesTable({ recipes }: { recipes: RecipeSummary }) {
  const rows = recipes.rows;
  return (
    <LearningSection
      id="recipes"
      title="Recipe effectiveness"
      subtitle="Descriptive per recipe; tests between recipes belong to the experiments engine."
      empty={rows.length === 0 ? 'No run logs a recipe.' : null}
    >
      {recipes.warnings.map((w) => (
        <div key={w} className="alert alert-warn small" role="note">
          {w}
        </div>
      ))}
      <SimpleTable
        caption="Recipe effectiveness"
        head={['Recipe', 'Domain', 'Runs', 'QA success (95% CI)', 'Median time', 'Mean / median cost', 'Mean quality', 'Top model']}
        rows={rows.map((r) => [
          <span className="mono">{r.recipe}</span>,
          r.domain ?? '–',
          <span className="num">{formatCount(r.runs)}</span>,
          <RateText rate={r.success.rate} ci={r.success.ci95} n={r.success.n} inline />,
          <span className="num">{formatDuration(r.median_duration_s)}</span>,
          <span className="num">
            {formatUsd(r.mean_cost_usd)} / {formatUsd(r.median_cost_usd)}
          </span>,
          <span className="num">{r.mean_quality == null ? '–' : `${formatDecimal(r.mean_quality, 1)} (n=${formatCount(r.quality_n)})`}</span>,
          <span className="small">{r.top_model ? `${r.top_model} (${formatPct(r.top_model_share)})` : '–'}</span>,
        ])}
      />
    </LearningSection>
  );
}
