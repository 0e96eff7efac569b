/**
 * The one place operation handlers are registered on ipcMain. Every message goes through the
 * same wrapper: untrusted senders are refused, the payload is validated against the operation's
 * zod schema, and the reply is an envelope whose error message is fit to show the user.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { BridgeError } from '../../shared/bridge';
import { OPERATION_NAMES, channelOf, parseRequest, type OperationName, type RunBrainHandlers } from '../../shared/operations';
import type { IpcEnvelope } from '../../preload/protocol';

type IpcRegistry = Pick<IpcMain, 'handle' | 'removeHandler'>;
type Code = BridgeError['code'];

const CODES: ReadonlySet<string> = new Set<Code>(['invalid-request', 'not-found', 'conflict', 'failed', 'unauthorized', 'forbidden']);

/** Maps any thrown value to an error envelope; details of unexpected errors go to the log only. */
export function toErrorEnvelope(operation: OperationName, error: unknown): { ok: false } & BridgeError {
  // Errors from the core worker arrive as plain objects after structured cloning, so match on
  // name/code rather than on classes.
  const err = (error ?? {}) as { name?: unknown; message?: unknown; code?: unknown };
  // First line only: stack frames and multi-line dumps are for the log, not the user.
  const detail = typeof err.message === 'string' ? (err.message.trim().split('\n')[0] ?? '') : '';
  if (err.name === 'ValidationError') return { ok: false, error: detail || `Invalid request for ${operation}.`, code: 'invalid-request' };
  if (err.name === 'UserError' || (typeof err.code === 'string' && CODES.has(err.code))) {
    const code = typeof err.code === 'string' && CODES.has(err.code) ? (err.code as Code) : 'failed';
    return { ok: false, error: detail || `${operation} failed.`, code };
  }
  return { ok: false, error: detail ? `${operation} failed: ${detail}` : `${operation} failed.`, code: 'failed' };
}

/**
 * Registers one ipcMain handler per operation, replacing any earlier one (so a re-created app
 * state never hits "second handler" errors). Returns a function that removes them all.
 */
export function registerOperations(
  ipcMain: IpcRegistry,
  handlers: RunBrainHandlers,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
  log: (message: string, error?: unknown) => void = (m, e) => console.error(m, e ?? ''),
): () => void {
  for (const name of OPERATION_NAMES) {
    const channel = channelOf(name);
    ipcMain.removeHandler(channel);
    ipcMain.handle(channel, async (event, payload: unknown): Promise<IpcEnvelope<unknown>> => {
      if (!isTrustedSender(event)) {
        log(`Refused ${name}: the sender is not a RunBrain window (${event.senderFrame?.url ?? 'no frame'})`);
        return { ok: false, error: 'Request refused: it did not come from a RunBrain window.', code: 'forbidden' };
      }
      try {
        const request = parseRequest(name, payload);
        const handler = handlers[name] as (req: unknown) => Promise<unknown>;
        return { ok: true, value: await handler(request) };
      } catch (error) {
        const envelope = toErrorEnvelope(name, error);
        if (envelope.code === 'failed') log(`Operation ${name} failed`, error);
        return envelope;
      }
    });
  }
  return () => {
    for (const name of OPERATION_NAMES) ipcMain.removeHandler(channelOf(name));
  };
}
