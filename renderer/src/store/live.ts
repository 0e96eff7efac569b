/**
 * Boot and live updates: loads the first data, then routes pushed events to the stores.
 * `runs-changed` arrives in bursts while a folder ingests, so refetches are throttled: a lone
 * change is fetched at once (after a short coalescing pause), a burst at most every 250 ms,
 * merged across the projects named.
 */
import type { RunBrainEvent } from '../../../shared/events';
import { api, errorMessage } from '../api/client';
import { isIngesting, useAppStore } from './app-store';
import { useHealthStore } from './health-store';
import { useProjectStore } from './project-store';
import { useProjectsStore } from './projects-store';
import { useQuarantineStore } from './quarantine-store';
import { useRunsStore } from './runs-store';
import { useTrendsStore } from './trends-store';
import { useSettingsStore } from './settings-store';
import { toast } from './toast-store';

const THROTTLE_MS = 250;
/** Lets the events of one file write (or a few files written together) arrive before fetching. */
const COALESCE_MS = 30;

/** Loads status, settings and projects; sets `appState` once they are in. */
export async function boot(): Promise<void> {
  const app = useAppStore.getState();
  const [status, settings] = await Promise.all([app.refreshStatus(), useSettingsStore.getState().load(), useProjectsStore.getState().load()]);
  if (!status || !settings) {
    app.setBootError(useAppStore.getState().bootError ?? useSettingsStore.getState().error ?? 'Could not load the app state.');
    return;
  }
  app.setAppState(settings.folders.length === 0 ? 'onboarding' : 'loaded');
}

/** Keeps `appState` in step with the folders (adding the first folder leaves onboarding). */
export function syncAppState(): void {
  const { appState, setAppState } = useAppStore.getState();
  const settings = useSettingsStore.getState().settings;
  if (!settings || appState === 'loading' || appState === 'error') return;
  const next = settings.folders.length === 0 ? 'onboarding' : 'loaded';
  if (next !== appState) setAppState(next);
}

/** Subscribes to pushed events; returns the unsubscribe function. */
export function startLive(): () => void {
  const pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastFlush = 0;
  let wasIngesting = false;
  const healthLater = new Set<string>();

  const flush = () => {
    timer = null;
    lastFlush = Date.now();
    const ids = new Set(pending);
    pending.clear();
    void useProjectsStore.getState().load();
    const selected = useProjectStore.getState().projectId;
    if (selected && ids.has(selected)) void useProjectStore.getState().refresh(['profile', 'recs', 'ledger']);
    // Health folds the project's history: while a folder ingests, ask once it is done.
    if (isIngesting(useAppStore.getState().progress)) for (const id of ids) healthLater.add(id);
    else useHealthStore.getState().refresh([...ids]);
    for (const id of ids) if (useTrendsStore.getState().byProject[id]) void useTrendsStore.getState().load(id);
    const runsProject = useRunsStore.getState().projectId;
    if (runsProject && ids.has(runsProject)) useRunsStore.getState().invalidate();
  };

  const schedule = (ids: string[]) => {
    for (const id of ids) pending.add(id);
    if (!timer) timer = setTimeout(flush, Math.max(COALESCE_MS, THROTTLE_MS - (Date.now() - lastFlush)));
  };

  const onEvent = (e: RunBrainEvent) => {
    switch (e.type) {
      case 'ingest-progress': {
        useAppStore.getState().setProgress(e.progress);
        const now = isIngesting(e.progress);
        // When an ingest finishes, counts (runs, quarantined) changed: refresh the status once.
        if (wasIngesting && !now) {
          void useAppStore.getState().refreshStatus();
          void useProjectsStore.getState().load();
          useHealthStore.getState().refresh([...healthLater]);
          healthLater.clear();
        }
        wasIngesting = now;
        break;
      }
      case 'runs-changed':
        schedule(e.project_ids);
        break;
      case 'quarantine-changed':
        void useQuarantineStore.getState().load();
        void useAppStore.getState().refreshStatus();
        break;
      case 'settings-changed':
        void useSettingsStore
          .getState()
          .load()
          .then(() => syncAppState());
        void useAppStore.getState().refreshStatus();
        break;
      case 'config-changed':
        // A config change is a cause alerts link to (and may settle a revert proposal).
        useHealthStore.getState().refresh([e.project_id]);
        if (useProjectStore.getState().projectId === e.project_id) void useProjectStore.getState().refresh(['recs', 'tuning', 'ledger']);
        void useProjectsStore.getState().load();
        break;
      case 'recommendation-new':
        if (e.recommendation.confidence === 'high') {
          toast.info(`New high-confidence recommendation for ${e.project_id}`, {
            detail: `${e.recommendation.field}: ${String(e.recommendation.current_value ?? 'unset')} → ${String(e.recommendation.recommended_value)}`,
          });
        }
        break;
      case 'health-alert-new':
        toast.info(`New ${e.alert.severity} degradation in ${e.project_id}: ${e.alert.metric.replace(/_/g, ' ')}`, {
          detail: e.alert.linked.length ? `Linked: ${e.alert.linked.map((l) => l.value).join(', ')}` : undefined,
        });
        useHealthStore.getState().refresh([e.project_id]);
        break;
      case 'auto-tune':
        if (e.error) toast.error(`Auto-tune failed for ${e.project_id}: ${e.error}`);
        else if (e.applied.length) toast.success(`Auto-tune applied ${e.applied.length} change${e.applied.length === 1 ? '' : 's'} to ${e.project_id}`);
        if (useProjectStore.getState().projectId === e.project_id) void useProjectStore.getState().refresh(['recs', 'tuning', 'ledger']);
        break;
    }
  };

  let unsubscribe: () => void = () => undefined;
  try {
    unsubscribe = api.onEvent(onEvent);
  } catch (err) {
    toast.error(`Live updates unavailable: ${errorMessage(err)}`);
  }
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
  };
}
