/**
 * The IPC reply envelope shared by the preload and the main process. The channel names live in
 * shared/operation-names.ts, which is import-free, so the sandboxed preload (which may load
 * nothing but `electron`) bundles it without pulling in shared/operations.ts (zod).
 */
import type { BridgeError } from '../shared/bridge';

/**
 * What an operation handler answers over IPC. Errors travel as data, not as thrown errors,
 * because Electron rewrites thrown messages to "Error invoking remote method …: Error: …".
 */
export type IpcEnvelope<T> = { ok: true; value: T } | ({ ok: false } & BridgeError);
