/** The seeds' rule (7 days vs the 30 before) per metric, triggered or not, with sample sizes and intervals. */
import type { ProjectHealth } from '../../../../shared/health';
import { formatProbability } from '../../lib/format';
import { formatEstimate, formatRelativeChange, metricLabel } from '../../lib/health-format';
import { HealthSection } from './section';

export function SeedRuleTable({ health }: { health: ProjectHealth }) {
  const checks = health.seed_rule;
  return (
    <HealthSection
      testId="health-seed-rule"
      title="Seed rule checks"
      subtitle="Last 7 days vs the 30-day baseline before them: a drop > 20 % in pass rate or rating, or a rise > 20 % in cost or duration, with ≥ 30 runs in each window; an alert also needs certainty ≥ 0.995."
      empty={checks.length ? null : 'No metric could be checked: the rule needs at least 30 runs in the last 7 days and 30 in the 30 days before them (counted from the latest run).'}
    >
      <table className="data-table compact">
        <thead>
          <tr>
            <th>Metric</th>
            <th>Last 7 days</th>
            <th>Baseline 30 days</th>
            <th className="right">Change</th>
            <th className="right">Certainty worse</th>
            <th>Result</th>
          </tr>
        </thead>
        <tbody>
          {checks.map((c) => (
            <tr key={c.metric} data-testid="seed-rule-row" data-triggered={c.triggered}>
              <td>{metricLabel(c.metric)}</td>
              <td className="num">
                {formatEstimate(c.metric, c.recent)} <span className="muted small">{c.recent_days.join(' → ')}</span>
              </td>
              <td className="num">
                {formatEstimate(c.metric, c.baseline)} <span className="muted small">{c.baseline_days.join(' → ')}</span>
              </td>
              <td className="right num">{formatRelativeChange(c.relative_change)}</td>
              <td className="right num">{formatProbability(c.certainty)}</td>
              <td className={c.alert ? 'tone-bad' : c.triggered ? 'tone-warn' : 'tone-good'}>{c.alert ? 'alert' : c.triggered ? 'over 20 %, not certain' : 'within 20 %'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </HealthSection>
  );
}
