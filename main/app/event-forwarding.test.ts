import { describe, expect, it } from 'vitest';
import { FakeWebContents } from './test/electron-mock';
import type { WebContents } from 'electron';
import type { RunBrainEventListener } from '../../shared/events';
import { EVENT_CHANNEL } from '../../shared/operations';
import { forwardEvents } from './event-forwarding';

describe('forwardEvents', () => {
  it('sends core events to live windows on the event channel and stops on unsubscribe', () => {
    const listeners = new Set<RunBrainEventListener>();
    const core = { subscribe: (l: RunBrainEventListener) => (listeners.add(l), () => void listeners.delete(l)) };
    const a = new FakeWebContents();
    const b = new FakeWebContents();
    b.destroyed = true;
    const off = forwardEvents(core, () => [a, b] as unknown as WebContents[]);
    for (const l of listeners) l({ type: 'settings-changed' });
    expect(a.sent).toEqual([[EVENT_CHANNEL, { type: 'settings-changed' }]]);
    expect(b.sent).toEqual([]);
    off();
    expect(listeners.size).toBe(0);
  });
});
