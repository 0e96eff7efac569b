/**
 * What the renderer sees as `window.runbrain` (Electron preload) and what the browser-mode client
 * implements over HTTP: one async function per operation plus an event subscription.
 */
import type { RunBrainEvent } from './events';
import type { RunBrainApi } from './operations';

export type RunBrainBridge = RunBrainApi & {
  /** Subscribes to pushed events; returns the unsubscribe function. */
  onEvent(listener: (event: RunBrainEvent) => void): () => void;
};

/** Serialised error crossing a transport: the message is meant for the user. */
export interface BridgeError {
  error: string;
  code: 'invalid-request' | 'not-found' | 'conflict' | 'failed' | 'unauthorized' | 'forbidden' | 'unavailable';
}

/** HTTP bridge conventions (browser mode). */
export const HTTP = {
  /** POST `${apiPrefix}${operation}` with the JSON request body. */
  apiPrefix: '/api/op/',
  /** Server-sent events stream. */
  eventsPath: '/api/events',
  /** Query parameter carrying the per-launch token on the first page load. */
  tokenParam: 'token',
  tokenHeader: 'x-runbrain-token',
  tokenCookie: 'runbrain_token',
} as const;
