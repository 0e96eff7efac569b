/**
 * OS notifications for new high-confidence recommendations, when the user has them switched on
 * (settings.notifications). A first ingest can surface several at once, so events arriving
 * within a short window are coalesced into one notification.
 */
import { Notification } from 'electron';
import type { RunBrainEvent } from '../../shared/events';
import type { Recommendation, Settings } from '../../shared/domain';

export interface NotifierOptions {
  getSettings: () => Promise<Pick<Settings, 'notifications'>>;
  /** Brings the app to the front when a notification is clicked. */
  onClick: () => void;
  /** How long to gather recommendations before notifying. */
  coalesceMs?: number;
}

/** Title and body for a batch of new recommendations (pure). */
export function notificationText(recs: Recommendation[]): { title: string; body: string } {
  if (recs.length === 1) {
    const r = recs[0];
    return {
      title: `New recommendation for ${r.project_id}`,
      body: `${r.field}: ${String(r.current_value ?? 'unset')} → ${String(r.recommended_value)}. ${r.estimated_impact}`.trim(),
    };
  }
  const projects = [...new Set(recs.map((r) => r.project_id))];
  return {
    title: `${recs.length} new high-confidence recommendations`,
    body: projects.length === 1 ? `For ${projects[0]}.` : `For ${projects.slice(0, 3).join(', ')}${projects.length > 3 ? ' and more' : ''}.`,
  };
}

/** A core-event listener that gathers what `pick` takes from events for `coalesceMs` and shows one notification for the batch. */
export function createCoalescingNotifier<T>(
  options: NotifierOptions,
  pick: (event: RunBrainEvent) => T | null,
  text: (batch: T[]) => { title: string; body: string },
): { listener: (event: RunBrainEvent) => void; dispose: () => void } {
  const coalesceMs = options.coalesceMs ?? 1500;
  let pending: T[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = async (): Promise<void> => {
    timer = null;
    const batch = pending;
    pending = [];
    if (batch.length === 0 || !Notification.isSupported()) return;
    try {
      if (!(await options.getSettings()).notifications) return;
    } catch {
      return; // no settings, no notification: never nag on an error path
    }
    const notification = new Notification(text(batch));
    notification.on('click', options.onClick);
    notification.show();
  };

  const listener = (event: RunBrainEvent): void => {
    const item = pick(event);
    if (item == null) return;
    pending.push(item);
    timer ??= setTimeout(() => void flush(), coalesceMs);
  };
  const dispose = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    pending = [];
  };
  return { listener, dispose };
}

/** Returns the event listener to subscribe to the core, plus a dispose for quit. */
export function createRecommendationNotifier(options: NotifierOptions): { listener: (event: RunBrainEvent) => void; dispose: () => void } {
  return createCoalescingNotifier(
    options,
    (event) => (event.type === 'recommendation-new' && event.recommendation.confidence === 'high' ? event.recommendation : null),
    notificationText,
  );
}
