/**
 * A CoreConnection made of plain async handlers, for HTTP tests that are about the transport,
 * not the analysis: every operation answers `{ op, request }` and records the call.
 */
import type { RunBrainEvent, RunBrainEventListener } from '../../../shared/events';
import { OPERATION_NAMES, type OperationName, type RunBrainHandlers } from '../../../shared/operations';
import type { CoreConnection } from '../../core/types';

export interface FakeCore extends CoreConnection {
  calls: Array<{ op: OperationName; request: unknown }>;
  /** Pushes an event to every subscriber, as the real core does after ingest. */
  emit(event: RunBrainEvent): void;
  listenerCount(): number;
  /** Replaces one handler (e.g. to make it throw). */
  override<K extends OperationName>(op: K, handler: (req: unknown) => Promise<unknown>): void;
}

/** Builds the fake; each handler echoes its validated request. */
export function createFakeCore(): FakeCore {
  const calls: FakeCore['calls'] = [];
  const listeners = new Set<RunBrainEventListener>();
  const handlers = Object.fromEntries(
    OPERATION_NAMES.map((op) => [
      op,
      async (request: unknown) => {
        calls.push({ op, request });
        return { op, request };
      },
    ]),
  ) as unknown as RunBrainHandlers;
  return {
    handlers,
    calls,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit: (event) => listeners.forEach((l) => l(event)),
    listenerCount: () => listeners.size,
    override(op, handler) {
      (handlers as unknown as Record<string, (req: unknown) => Promise<unknown>>)[op] = handler;
    },
    async close() {
      listeners.clear();
    },
  };
}
