/** Baselines: p50 / p95 / p99, mean and sd per scope, metric and window, and the 7- vs 30-day trends. */
import { useState } from 'react';
import { BASELINE_METRICS, BASELINE_WINDOWS, type BaselineRow, type ProjectHealth } from '../../../../shared/health';
import { formatCount, formatPct } from '../../lib/format';
import { formatMetric, metricLabel } from '../../lib/health-format';
import { HealthSection } from './section';

const scopeLabel = (r: Pick<BaselineRow, 'scope' | 'value'>) => (r.scope === 'project' ? 'project' : `${r.scope.replace('_', ' ')} ${r.value}`);

export function BaselinesTable({ health }: { health: ProjectHealth }) {
  const { rows, trends } = health.baselines;
  const scopes = [...new Map(rows.map((r) => [scopeLabel(r), r])).keys()];
  const [scope, setScope] = useState('project');
  const current = scopes.includes(scope) ? scope : scopes[0];
  const shown = rows.filter((r) => scopeLabel(r) === current);
  const shownTrends = trends.filter((t) => scopeLabel(t) === current);
  return (
    <HealthSection
      testId="health-baselines"
      title="Baselines"
      subtitle="Windows end at the latest run; exact from the recent runs when they cover the window, else from daily buckets (2 % log-histogram quantiles)."
      empty={rows.length ? null : 'No baselines: the project has no dated runs with duration, cost, tokens or steps.'}
    >
      {scopes.length > 1 ? (
        <label className="health-scope">
          <span className="muted small">Scope</span>{' '}
          <select className="select" value={scope} onChange={(e) => setScope(e.target.value)} data-testid="baseline-scope">
            {scopes.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      ) : null}
      <table className="data-table compact" data-testid="baselines-table">
        <thead>
          <tr>
            <th>Metric</th>
            <th>Window</th>
            <th className="right">n</th>
            <th className="right">p50</th>
            <th className="right">p95</th>
            <th className="right">p99</th>
            <th className="right">Mean</th>
            <th className="right">SD</th>
            <th>Source</th>
          </tr>
        </thead>
        <tbody>
          {BASELINE_METRICS.flatMap((m) =>
            BASELINE_WINDOWS.map((w) => {
              const row = shown.find((r) => r.window === w);
              const s = row?.metrics[m] ?? null;
              return (
                <tr key={`${m}-${w}`} className={w === '24h' ? 'group-start' : ''} data-testid="baseline-row">
                  <td>{w === '24h' ? metricLabel(m) : ''}</td>
                  <td>{w === 'all' ? 'all time' : w}</td>
                  <td className="right num">{s ? formatCount(s.n) : '–'}</td>
                  <td className="right num">{formatMetric(m, s?.p50)}</td>
                  <td className="right num">{formatMetric(m, s?.p95)}</td>
                  <td className="right num">{formatMetric(m, s?.p99)}</td>
                  <td className="right num">{formatMetric(m, s?.mean)}</td>
                  <td className="right num">{formatMetric(m, s?.sd)}</td>
                  <td className="muted small">{row ? (row.source === 'runs' ? 'runs' : 'daily buckets') : 'no runs'}</td>
                </tr>
              );
            }),
          )}
        </tbody>
      </table>
      {shownTrends.length ? (
        <>
          <h4>7-day vs 30-day trend ({current})</h4>
          <ul className="health-trends" data-testid="baseline-trends">
            {shownTrends.map((t, i) => (
              <li key={i}>
                {metricLabel(t.metric)}: {formatMetric(t.metric, t.mean_7d)} vs {formatMetric(t.metric, t.mean_30d)}{' '}
                <span className={t.direction === 'flat' ? 'muted' : t.direction === 'up' ? 'tone-warn' : 'tone-good'}>
                  ({t.change >= 0 ? '+' : '−'}
                  {formatPct(Math.abs(t.change), 0)}, {t.direction})
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </HealthSection>
  );
}
