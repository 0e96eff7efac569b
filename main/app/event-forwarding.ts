/** Pushes core events to every open RunBrain window on the event channel. */
import type { WebContents } from 'electron';
import type { RunBrainEvent } from '../../shared/events';
import { EVENT_CHANNEL } from '../../shared/operations';
import type { CoreConnection } from '../core/types';

/** Subscribes to the core and sends each event to the live windows; returns the unsubscribe. */
export function forwardEvents(core: Pick<CoreConnection, 'subscribe'>, targets: () => WebContents[]): () => void {
  return core.subscribe((event: RunBrainEvent) => {
    for (const contents of targets()) {
      if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, event);
    }
  });
}
