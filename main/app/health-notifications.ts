/**
 * OS notifications for a new degradation alert (issue 11 §5), behind the same setting as the
 * recommendation notifications (settings.notifications). Alerts arriving within a short window
 * (one ingest can open several episodes) are coalesced into one notification.
 */
import type { HealthAlert } from '../../shared/health';
import type { RunBrainEvent } from '../../shared/events';
import { createCoalescingNotifier, type NotifierOptions } from './notifications';

interface NewAlert {
  project_id: string;
  alert: HealthAlert;
}

const METRIC = { qa_pass_rate: 'QA pass rate', error_rate: 'Error rate', cost_per_run: 'Cost per run', duration_s: 'Duration', tokens: 'Tokens', retries_per_run: 'Retries per run', rating: 'Rating' } as Record<string, string>;

function value(metric: string, v: number | null): string {
  if (v == null) return '–';
  if (metric.endsWith('_rate')) return `${(v * 100).toFixed(1)} %`;
  if (metric === 'cost_per_run') return `$${v.toFixed(2)}`;
  if (metric === 'duration_s') return `${Math.round(v)} s`;
  return v >= 100 ? String(Math.round(v)) : v.toFixed(2);
}

/** Title and body for a batch of new degradation alerts (pure). */
export function degradationText(batch: readonly NewAlert[]): { title: string; body: string } {
  if (batch.length === 1) {
    const { project_id, alert: a } = batch[0];
    const cause = a.linked.length ? ` after ${a.linked.map((l) => l.value).join(', ')}` : '';
    const where = a.series === 'project' ? '' : ` (${a.series})`;
    return {
      title: `${a.severity === 'critical' ? 'Critical degradation' : 'Degradation'} in ${project_id}`,
      body: `${METRIC[a.metric] ?? a.metric}${where}: ${value(a.metric, a.before.value)} → ${value(a.metric, a.after.value)}${cause}.`,
    };
  }
  const projects = [...new Set(batch.map((b) => b.project_id))];
  return {
    title: `${batch.length} new degradation alerts`,
    body: projects.length === 1 ? `In ${projects[0]}.` : `In ${projects.slice(0, 3).join(', ')}${projects.length > 3 ? ' and more' : ''}.`,
  };
}

/** Returns the event listener to subscribe to the core, plus a dispose for quit. */
export function createHealthNotifier(options: NotifierOptions): { listener: (event: RunBrainEvent) => void; dispose: () => void } {
  return createCoalescingNotifier<NewAlert>(
    options,
    (event) => (event.type === 'health-alert-new' && event.alert.kind === 'degradation' ? { project_id: event.project_id, alert: event.alert } : null),
    degradationText,
  );
}
