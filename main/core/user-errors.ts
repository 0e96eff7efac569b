/**
 * Config-layer errors are sentences for the user: they leave the core as UserErrors with a
 * transport code, so the HTTP bridge answers 409 for a conflict (the file changed since the
 * preview, a change already undone, a lock held by another writer), 404 for a change id that
 * does not exist, and 400 for any other
 * refusal (read-only file, invalid JSONC, a value the field cannot take) instead of 500.
 */
import type { RunBrainHandlers } from '../../shared/operations';
import { ConfigConflictError, ConfigError, ConfigNotFoundError } from '../config/jsonc';
import { UserError } from './types';

/** The UserError a thrown error becomes, or the error itself when it is not a config error. */
export function toUserError(err: unknown): unknown {
  if (err instanceof ConfigConflictError) return new UserError(err.message, 'conflict');
  if (err instanceof ConfigNotFoundError) return new UserError(err.message, 'not-found');
  if (err instanceof ConfigError) return new UserError(err.message, 'invalid-request');
  return err;
}

/** Every handler, with config errors turned into UserErrors. */
export function withUserErrors(handlers: RunBrainHandlers): RunBrainHandlers {
  const wrapped = Object.entries(handlers).map(([name, fn]) => [
    name,
    async (req: unknown) => {
      try {
        return await (fn as (r: unknown) => Promise<unknown>)(req);
      } catch (err) {
        throw toUserError(err);
      }
    },
  ]);
  return Object.fromEntries(wrapped) as RunBrainHandlers;
}
