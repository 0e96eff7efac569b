/** Events pushed from main to every window / browser tab (IPC event channel, SSE in browser mode). */
import type { IngestProgress, LedgerEntry, Recommendation } from './domain';

export type RunBrainEvent =
  | { type: 'ingest-progress'; progress: IngestProgress }
  | { type: 'runs-changed'; project_ids: string[] }
  | { type: 'quarantine-changed' }
  | { type: 'recommendation-new'; project_id: string; recommendation: Recommendation }
  | { type: 'auto-tune'; project_id: string; applied: LedgerEntry[]; error: string | null }
  | { type: 'config-changed'; project_id: string }
  | { type: 'settings-changed' };

export type RunBrainEventListener = (event: RunBrainEvent) => void;
