/** One alert in full: timeline, change point and interval, before/after, method, causes, status, revert. */
import type { ConsideredArm, Recommendation } from '../../../../shared/domain';
import type { AlertTimeline, HealthAlert, RecoveryProposal } from '../../../../shared/health';
import { formatDateTime, formatProbability } from '../../lib/format';
import { navigate, projectHash } from '../../lib/route';
import { useRunsStore } from '../../store/runs-store';
import { formatEstimate, formatRelativeChange, methodLabel, metricLabel, seriesLabel, SEVERITY_TONE } from '../../lib/health-format';
import { AlertTimelineChart } from './alert-timeline-chart';
import { RevertProposal } from './revert-proposal';

/** Opens the runs table at the runs since the change (of the alert's model, when the series is one). */
function openRunsSince(projectId: string, alert: HealthAlert): void {
  const runs = useRunsStore.getState();
  runs.setProject(projectId);
  const model = alert.series.startsWith('model=') ? alert.series.slice(6) : undefined;
  runs.setFilters({ from: alert.change_at, to: alert.resolved_at ?? undefined, model, mode: undefined, prompt_strategy: undefined, status: undefined, qa_status: undefined });
  navigate(projectHash(projectId, 'runs'));
}

const LINK_LABEL: Record<string, string> = {
  config_change: 'Config change',
  prompt_version: 'New prompt version',
  model: 'New model',
  mode: 'New mode',
  recipe: 'New recipe',
  prompt_strategy: 'New strategy',
  error_pattern: 'New error pattern',
  batch_start: 'A batch of runs began',
};

export function AlertDetail({
  projectId, alert, timeline, proposal, rec, held, canApply,
}: { projectId: string; alert: HealthAlert; timeline: AlertTimeline | null; proposal: RecoveryProposal | null; rec: Recommendation | null; held: ConsideredArm | null; canApply: boolean }) {
  return (
    <div className="health-detail" data-testid="alert-detail" data-status={alert.status} data-metric={alert.metric}>
      <header className="health-detail-head">
        <h3>
          {metricLabel(alert.metric)} · {seriesLabel(alert.series)}
        </h3>
        <span className={`badge badge-${SEVERITY_TONE[alert.severity]}`}>{alert.severity}</span>
        <span className={`health-status status-${alert.status}`} data-testid="detail-status">
          {alert.status === 'ongoing' ? 'Ongoing' : `Resolved ${formatDateTime(alert.resolved_at)}`}
        </span>
        <button type="button" className="btn btn-small" onClick={() => openRunsSince(projectId, alert)} data-testid="alert-runs-link">
          {alert.status === 'ongoing' ? 'Runs since the change' : 'Runs of the episode'}
        </button>
      </header>
      {timeline ? (
        <AlertTimelineChart alert={alert} timeline={timeline} />
      ) : (
        <p className="muted" data-testid="no-timeline">
          {alert.kind === 'anomaly'
            ? 'Single anomalous runs: the most extreme one is shown here, every one in the list of anomalous runs below.'
            : alert.method.startsWith('seed_rule')
              ? `The seed rule compares daily buckets (the last 7 days against the 30 before); ${alert.metric.replace(/_/g, ' ')} has no run-by-run series here.`
              : `No run-by-run series of ${alert.metric.replace(/_/g, ' ')} in the recent window for ${alert.series}.`}
        </p>
      )}
      {timeline ? (
        <p className="muted small">
          {timeline.batched ? 'One point per batch (runs that started together)' : `Bins of ${timeline.bin_size} consecutive observations`} with their 95 % interval; shaded: the change interval; dashed: the levels before and after.
        </p>
      ) : null}
      <dl className="health-facts">
        <div>
          <dt>Change at</dt>
          <dd data-testid="detail-change-at">{formatDateTime(alert.change_at)}</dd>
        </div>
        <div>
          <dt>Change interval (95 %)</dt>
          <dd>
            {formatDateTime(alert.change_interval[0])} – {formatDateTime(alert.change_interval[1])}
          </dd>
        </div>
        <div>
          <dt>Detected at</dt>
          <dd>{formatDateTime(alert.detected_at)}</dd>
        </div>
        <div>
          <dt>Before</dt>
          <dd className="num">{formatEstimate(alert.metric, alert.before)}</dd>
        </div>
        <div>
          <dt>After</dt>
          <dd className="num">{formatEstimate(alert.metric, alert.after)}</dd>
        </div>
        <div>
          <dt>Relative change</dt>
          <dd className="num">{formatRelativeChange(alert.relative_change)}</dd>
        </div>
        <div>
          <dt>Certainty it got worse</dt>
          <dd className="num">{formatProbability(alert.certainty)}</dd>
        </div>
        <div>
          <dt>Method</dt>
          <dd>{methodLabel(alert.method)}</dd>
        </div>
        {alert.also_in.length ? (
          <div>
            <dt>Also seen in</dt>
            <dd>{alert.also_in.map(seriesLabel).join(', ')}</dd>
          </div>
        ) : null}
      </dl>
      <h4>Linked causes</h4>
      {alert.linked.length ? (
        <ul className="health-links" data-testid="linked-causes">
          {alert.linked.map((l, i) => (
            <li key={i} data-kind={l.kind}>
              <span className="muted">{LINK_LABEL[l.kind] ?? l.kind}</span> <span className="mono">{l.value}</span> <span className="muted small">{formatDateTime(l.at)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted" data-testid="linked-causes-empty">
          Nothing recorded changed inside the change interval (no config change in the ledger, no first run of a prompt version, model, mode, recipe or strategy, no new error pattern).
        </p>
      )}
      <RevertProposal projectId={projectId} alert={alert} proposal={proposal} rec={rec} held={held} canApply={canApply} />
    </div>
  );
}
