/**
 * Operation handlers that wait for the core worker. The window and IPC come up at once; calls
 * made while the worker is still opening the database simply wait for it (or fail with the
 * reason it could not start).
 */
import { OPERATION_NAMES, type OperationName, type RunBrainHandlers } from '../../shared/operations';
import type { CoreConnection } from '../core/types';

/** Handlers that forward to the core once `core` resolves. */
export function deferredHandlers(core: Promise<CoreConnection>): RunBrainHandlers {
  const entries = OPERATION_NAMES.map((name: OperationName) => [
    name,
    async (req: unknown) => {
      const connection = await core;
      return (connection.handlers[name] as (r: unknown) => Promise<unknown>)(req);
    },
  ]);
  return Object.fromEntries(entries) as RunBrainHandlers;
}
