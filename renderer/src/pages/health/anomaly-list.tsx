/** Anomalous runs (robust z over the recent window), largest |z| first, each linking to its run. */
import type { ProjectHealth } from '../../../../shared/health';
import { formatDateTime } from '../../lib/format';
import { formatMetric, metricLabel } from '../../lib/health-format';
import { projectHash } from '../../lib/route';
import { HealthSection } from './section';

export function AnomalyList({ projectId, health }: { projectId: string; health: ProjectHealth }) {
  const list = health.anomalies;
  return (
    <HealthSection
      testId="health-anomalies"
      title="Anomalous runs"
      subtitle="Robust z = 0.6745·(x − median)/MAD over the recent runs (log scale for cost, duration and tokens), flagged when |z| > 3.5; at most 100."
      empty={list.length ? null : `No anomalous runs among the ${health.runs_analysed} recent runs: no duration, cost, token count or step count is more than 3.5 robust SDs from its median (a metric whose MAD is 0 flags nothing).`}
    >
      <table className="data-table compact">
        <thead>
          <tr>
            <th>Run</th>
            <th>Started</th>
            <th>Metric</th>
            <th className="right">Value</th>
            <th className="right">Median</th>
            <th className="right">z</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {list.map((a) => (
            <tr key={`${a.run_id}-${a.metric}`} data-testid="anomaly-row">
              <td className="mono">
                <a href={projectHash(projectId, 'runs', a.run_id)}>{a.run_id}</a>
              </td>
              <td className="num">{formatDateTime(a.started_at)}</td>
              <td>{metricLabel(a.metric)}</td>
              <td className="right num">{formatMetric(a.metric, a.value)}</td>
              <td className="right num">{formatMetric(a.metric, a.median)}</td>
              <td className="right num">{a.z.toFixed(1)}</td>
              <td className="small">{a.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </HealthSection>
  );
}
