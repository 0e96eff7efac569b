/** Messages between a transport (main thread) and the core worker. */
import type { RunBrainEvent } from '../../shared/events';
import type { OperationName } from '../../shared/operations';

export type ToWorker = { kind: 'call'; id: number; op: OperationName; req: unknown } | { kind: 'close' };

export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'init-error'; error: string }
  | { kind: 'result'; id: number; ok: true; value: unknown }
  | { kind: 'result'; id: number; ok: false; error: string; code: string }
  | { kind: 'event'; event: RunBrainEvent }
  | { kind: 'closed' };
