/** Fan-out of pushed events to every subscriber (windows, SSE clients, tests). */
import type { RunBrainEvent, RunBrainEventListener } from '../../shared/events';

export class EventBus {
  private readonly listeners = new Set<RunBrainEventListener>();

  subscribe(listener: RunBrainEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: RunBrainEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (err) {
        // One broken subscriber must not starve the others.
        console.error('[runbrain] event listener failed:', err);
      }
    }
  }
}
