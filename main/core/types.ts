/** The core as the transports see it: validated-request handlers plus pushed events. */
import type { RunBrainEventListener } from '../../shared/events';
import type { RunBrainHandlers } from '../../shared/operations';

export interface CoreConnection {
  handlers: RunBrainHandlers;
  subscribe(listener: RunBrainEventListener): () => void;
  /** Resolves when the initial ingest of the configured folders has finished. */
  ready?: Promise<void>;
  close(): Promise<void>;
}

/** Errors whose message is safe and useful to show the user, with a transport-neutral code. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly code: 'not-found' | 'conflict' | 'failed' | 'invalid-request' = 'failed',
  ) {
    super(message);
    this.name = 'UserError';
  }
}
