/** Events pushed from main to every window / browser tab (IPC event channel, SSE in browser mode). */
import type { IngestProgress, LedgerEntry, Recommendation } from './domain';
import type { HealthAlert } from './health';

export type RunBrainEvent =
  | { type: 'ingest-progress'; progress: IngestProgress }
  | { type: 'runs-changed'; project_ids: string[] }
  | { type: 'quarantine-changed' }
  | { type: 'recommendation-new'; project_id: string; recommendation: Recommendation }
  /** An ongoing degradation on a metric and series that had none at the previous look (after new runs). */
  | { type: 'health-alert-new'; project_id: string; alert: HealthAlert }
  | { type: 'auto-tune'; project_id: string; applied: LedgerEntry[]; error: string | null }
  | { type: 'config-changed'; project_id: string }
  | { type: 'settings-changed' };

export type RunBrainEventListener = (event: RunBrainEvent) => void;
