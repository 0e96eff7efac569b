/**
 * The renderer's only door to the app: `window.runbrain` in Electron (the preload's named
 * functions), otherwise the browser-mode HTTP bridge. Everything in the UI goes through `api`.
 */
import type { RunBrainBridge } from '../../../shared/bridge';
import { captureToken, createHttpBridge } from './http-bridge';

declare global {
  interface Window {
    runbrain?: RunBrainBridge;
  }
}

function createApi(): RunBrainBridge {
  if (typeof window !== 'undefined' && window.runbrain) return window.runbrain;
  return createHttpBridge(captureToken());
}

/** The typed API: one async function per operation plus `onEvent`. */
export const api: RunBrainBridge = createApi();

/** Turns anything thrown by an operation into a message fit for the user. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message.replace(/^Error invoking remote method '[^']+': (Error: )?/, '');
  return String(err);
}
