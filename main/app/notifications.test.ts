import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeNotification, resetElectronMock } from './test/electron-mock';
import type { Recommendation } from '../../shared/domain';
import type { RunBrainEvent } from '../../shared/events';
import { createRecommendationNotifier, notificationText } from './notifications';

const rec = (id: string, confidence: Recommendation['confidence'], project_id = 'alpha'): Recommendation => ({
  id,
  project_id,
  category: 'mode',
  field: 'mode' as Recommendation['field'],
  current_value: '3loop',
  recommended_value: '2loop',
  explanation: 'cheaper at the same QA pass rate',
  confidence,
  estimated_impact: 'Saves about $0.40 per run.',
  impact: null,
  evidence: { rule: 'mode' },
});
const event = (r: Recommendation): RunBrainEvent => ({ type: 'recommendation-new', project_id: r.project_id, recommendation: r });

describe('recommendation notifications', () => {
  beforeEach(() => {
    resetElectronMock();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('notifies once for a high-confidence recommendation when the setting is on', async () => {
    const onClick = vi.fn();
    const { listener } = createRecommendationNotifier({ getSettings: async () => ({ notifications: true }), onClick });
    listener(event(rec('r1', 'high')));
    await vi.runAllTimersAsync();
    expect(FakeNotification.shown).toHaveLength(1);
    expect(FakeNotification.shown[0].options).toEqual({
      title: 'New recommendation for alpha',
      body: 'mode: 3loop → 2loop. Saves about $0.40 per run.',
    });
    FakeNotification.shown[0].emit('click');
    expect(onClick).toHaveBeenCalled();
  });

  it('ignores medium/low confidence and other events', async () => {
    const { listener } = createRecommendationNotifier({ getSettings: async () => ({ notifications: true }), onClick: vi.fn() });
    listener(event(rec('r1', 'medium')));
    listener(event(rec('r2', 'low')));
    listener({ type: 'runs-changed', project_ids: ['alpha'] });
    await vi.runAllTimersAsync();
    expect(FakeNotification.shown).toHaveLength(0);
  });

  it('stays silent when notifications are switched off in settings', async () => {
    const { listener } = createRecommendationNotifier({ getSettings: async () => ({ notifications: false }), onClick: vi.fn() });
    listener(event(rec('r1', 'high')));
    await vi.runAllTimersAsync();
    expect(FakeNotification.shown).toHaveLength(0);
  });

  it('coalesces a burst into one notification', async () => {
    const { listener } = createRecommendationNotifier({ getSettings: async () => ({ notifications: true }), onClick: vi.fn() });
    listener(event(rec('r1', 'high', 'alpha')));
    listener(event(rec('r2', 'high', 'beta')));
    listener(event(rec('r3', 'high', 'beta')));
    await vi.runAllTimersAsync();
    expect(FakeNotification.shown.map((n) => n.options)).toEqual([{ title: '3 new high-confidence recommendations', body: 'For alpha, beta.' }]);
  });

  it('dispose drops a pending batch', async () => {
    const { listener, dispose } = createRecommendationNotifier({ getSettings: async () => ({ notifications: true }), onClick: vi.fn() });
    listener(event(rec('r1', 'high')));
    dispose();
    await vi.runAllTimersAsync();
    expect(FakeNotification.shown).toHaveLength(0);
  });

  it('words batches for many projects', () => {
    const recs = ['a', 'b', 'c', 'd'].map((p, i) => rec(`r${i}`, 'high', p));
    expect(notificationText(recs).body).toBe('For a, b, c and more.');
  });
});
