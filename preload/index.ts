/**
 * Sandboxed preload: exposes `window.runbrain`, one named function per operation plus `onEvent`.
 * It never exposes ipcRenderer or a generic invoke, so the page can only ask for the operations
 * of the table. Bundled to a single CommonJS file that imports only `electron` (the name list of
 * shared/operation-names.ts is import-free and bundled in).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { RunBrainBridge } from '../shared/bridge';
import type { RunBrainEvent } from '../shared/events';
import { EVENT_CHANNEL, OPERATION_NAMES, channelOf, type OperationName } from '../shared/operation-names';
import type { OpRequest, OpResult, RunBrainApi } from '../shared/operations';
import type { IpcEnvelope } from './protocol';

/** Calls one operation and unwraps the envelope: failures become a rejected Error with the user-facing message. */
async function call<K extends OperationName>(name: K, req: OpRequest<K>): Promise<OpResult<K>> {
  const reply = (await ipcRenderer.invoke(channelOf(name), req ?? {})) as IpcEnvelope<OpResult<K>> | undefined;
  if (reply && reply.ok === true) return reply.value;
  // Only `message` survives the context bridge; the code is kept for callers inside the preload.
  const error = new Error(reply && reply.ok === false ? reply.error : `${name} failed: no reply from RunBrain`);
  error.name = 'RunBrainError';
  throw Object.assign(error, { code: reply && reply.ok === false ? reply.code : 'failed' });
}

/** Subscribes to pushed events; the IpcRendererEvent (which holds `sender`) is never passed on. */
function onEvent(listener: (event: RunBrainEvent) => void): () => void {
  const handler = (_event: IpcRendererEvent, payload: RunBrainEvent): void => listener(payload);
  ipcRenderer.on(EVENT_CHANNEL, handler);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  };
}

// One named function per operation, derived from the name list so none can be missing or extra.
const operations = Object.fromEntries(
  OPERATION_NAMES.map((name) => [name, (req: unknown) => call(name, req as OpRequest<typeof name>)]),
) as unknown as RunBrainApi;

const api: RunBrainBridge = { ...operations, onEvent };

contextBridge.exposeInMainWorld('runbrain', api);
