/** Alerts in reading order (open first); selecting one opens its detail. */
import type { HealthAlert } from '../../../../shared/health';
import { formatDateTime } from '../../lib/format';
import { alertOrder, formatMetric, formatRelativeChange, isOpen, metricLabel, seriesLabel, SEVERITY_TONE } from '../../lib/health-format';

const KIND_LABEL: Record<HealthAlert['kind'], string> = {
  degradation: 'Degradation',
  anomaly: 'Anomalous runs',
  new_error_pattern: 'New error pattern',
  agent_unhealthy: 'Unhealthy agent',
};

export function AlertList({ alerts, selected, onSelect }: { alerts: readonly HealthAlert[]; selected: number | null; onSelect: (i: number) => void }) {
  return (
    <ul className="health-alerts" role="listbox" aria-label="Alerts">
      {alertOrder(alerts).map((i) => {
        const a = alerts[i];
        return (
          <li key={i}>
            <button
              type="button"
              role="option"
              aria-selected={selected === i}
              className={`health-alert ${selected === i ? 'active' : ''}`}
              onClick={() => onSelect(i)}
              data-testid="health-alert"
              data-alert-index={i}
              data-status={a.status}
              data-kind={a.kind}
              data-metric={a.metric}
              data-open={isOpen(a) || undefined}
            >
              <span className={`badge badge-${SEVERITY_TONE[a.severity]}`}>{a.severity}</span>
              <span className="health-alert-title">
                {KIND_LABEL[a.kind]}: {metricLabel(a.metric)} {formatMetric(a.metric, a.before.value)} → {formatMetric(a.metric, a.after.value)}{' '}
                <span className="muted">({formatRelativeChange(a.relative_change)})</span>
              </span>
              <span className="muted small">
                {seriesLabel(a.series)} · {formatDateTime(a.change_at)}
                {a.linked.length ? ` · ${a.linked.map((l) => l.value).join(', ')}` : ''}
              </span>
              <span className={`health-status status-${a.status}`} data-testid="alert-status">
                {a.status === 'ongoing' ? 'ongoing' : 'resolved'}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
