/**
 * The IPC wire protocol shared by the preload and the main process: channel names and the reply
 * envelope. Deliberately free of imports: the sandboxed preload may load nothing but `electron`,
 * so it cannot pull in shared/operations.ts (zod). protocol.test.ts proves these strings equal
 * `channelOf` / `EVENT_CHANNEL` of the operation table.
 */
import type { BridgeError } from '../shared/bridge';
import type { OperationName } from '../shared/operations';

/** Prefix of every operation channel; `runbrain:<operation>`. */
export const OPERATION_CHANNEL_PREFIX = 'runbrain:';
/** Channel main uses to push RunBrainEvents to windows. */
export const EVENT_CHANNEL = 'runbrain:event';

/** IPC channel of an operation (same value as shared `channelOf`). */
export const operationChannel = (name: OperationName): string => `${OPERATION_CHANNEL_PREFIX}${name}`;

/**
 * What an operation handler answers over IPC. Errors travel as data, not as thrown errors,
 * because Electron rewrites thrown messages to "Error invoking remote method …: Error: …".
 */
export type IpcEnvelope<T> = { ok: true; value: T } | ({ ok: false } & BridgeError);
