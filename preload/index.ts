/**
 * Sandboxed preload: exposes `window.runbrain`, one named function per operation plus `onEvent`.
 * It never exposes ipcRenderer or a generic invoke, so the page can only ask for the operations
 * of the table. Bundled to a single CommonJS file that imports only `electron`.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { RunBrainBridge } from '../shared/bridge';
import type { RunBrainEvent } from '../shared/events';
import type { OperationName, OpRequest, OpResult } from '../shared/operations';
import { EVENT_CHANNEL, operationChannel, type IpcEnvelope } from './protocol';

/** Calls one operation and unwraps the envelope: failures become a rejected Error with the user-facing message. */
async function call<K extends OperationName>(name: K, req: OpRequest<K>): Promise<OpResult<K>> {
  const reply = (await ipcRenderer.invoke(operationChannel(name), req ?? {})) as IpcEnvelope<OpResult<K>> | undefined;
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

const api = {
  getStatus: (req) => call('getStatus', req),
  getIngestProgress: (req) => call('getIngestProgress', req),
  listProjects: (req) => call('listProjects', req),
  getProfile: (req) => call('getProfile', req),
  getRecommendations: (req) => call('getRecommendations', req),
  previewApply: (req) => call('previewApply', req),
  applyRecommendation: (req) => call('applyRecommendation', req),
  previewUndo: (req) => call('previewUndo', req),
  undoChange: (req) => call('undoChange', req),
  listLedger: (req) => call('listLedger', req),
  listRuns: (req) => call('listRuns', req),
  getRunFacets: (req) => call('getRunFacets', req),
  getRun: (req) => call('getRun', req),
  listQuarantine: (req) => call('listQuarantine', req),
  getStrategies: (req) => call('getStrategies', req),
  getTuningConfig: (req) => call('getTuningConfig', req),
  setAutoTune: (req) => call('setAutoTune', req),
  updateTuningConfig: (req) => call('updateTuningConfig', req),
  getSettings: (req) => call('getSettings', req),
  updateSettings: (req) => call('updateSettings', req),
  addFolder: (req) => call('addFolder', req),
  removeFolder: (req) => call('removeFolder', req),
  pickFolder: (req) => call('pickFolder', req),
  pickConfigFile: (req) => call('pickConfigFile', req),
  linkConfig: (req) => call('linkConfig', req),
  createDemoData: (req) => call('createDemoData', req),
  revealPath: (req) => call('revealPath', req),
  rescan: (req) => call('rescan', req),
  onEvent,
} satisfies RunBrainBridge;

contextBridge.exposeInMainWorld('runbrain', api);
