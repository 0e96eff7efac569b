import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeNotification, resetElectronMock } from './test/electron-mock';
import type { RunBrainEvent } from '../../shared/events';
import type { HealthAlert } from '../../shared/health';
import { createHealthNotifier, degradationText } from './health-notifications';

const alert = (over: Partial<HealthAlert> = {}): HealthAlert => ({
  kind: 'degradation', metric: 'error_rate', series: 'project', change_at: '2026-11-25T18:04:00.000Z',
  change_interval: ['2026-11-19T21:02:00.000Z', '2026-11-27T22:57:00.000Z'], detected_at: '2026-12-01T06:46:00.000Z',
  before: { value: 0.118, ci95: null, n: 346 }, after: { value: 0.389, ci95: null, n: 54 }, relative_change: 2.28, certainty: 0.999,
  severity: 'critical', method: 'cusum', status: 'ongoing', resolved_at: null,
  linked: [{ kind: 'prompt_version', value: 'v3.1', at: '2026-11-25T18:04:00.000Z' }], also_in: [], ...over,
});
const event = (a: HealthAlert, project_id = 'support_bot'): RunBrainEvent => ({ type: 'health-alert-new', project_id, alert: a });

describe('degradation notifications', () => {
  beforeEach(() => {
    resetElectronMock();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('notifies a new degradation with its numbers and cause when the setting is on', async () => {
    const onClick = vi.fn();
    const { listener } = createHealthNotifier({ getSettings: async () => ({ notifications: true }), onClick });
    listener(event(alert()));
    await vi.runAllTimersAsync();
    expect(FakeNotification.shown.map((n) => n.options)).toEqual([
      { title: 'Critical degradation in support_bot', body: 'Error rate: 11.8 % → 38.9 % after v3.1.' },
    ]);
    FakeNotification.shown[0].emit('click');
    expect(onClick).toHaveBeenCalled();
  });

  it('stays silent when notifications are off, and for other events and kinds', async () => {
    const off = createHealthNotifier({ getSettings: async () => ({ notifications: false }), onClick: vi.fn() });
    off.listener(event(alert()));
    const on = createHealthNotifier({ getSettings: async () => ({ notifications: true }), onClick: vi.fn() });
    on.listener(event(alert({ kind: 'anomaly' })));
    on.listener({ type: 'runs-changed', project_ids: ['support_bot'] });
    await vi.runAllTimersAsync();
    expect(FakeNotification.shown).toHaveLength(0);
  });

  it('coalesces a burst into one notification', async () => {
    const { listener } = createHealthNotifier({ getSettings: async () => ({ notifications: true }), onClick: vi.fn() });
    listener(event(alert()));
    listener(event(alert({ metric: 'cost_per_run', series: 'model=a', severity: 'warning', linked: [] }), 'analytics_api'));
    await vi.runAllTimersAsync();
    expect(FakeNotification.shown.map((n) => n.options)).toEqual([{ title: '2 new degradation alerts', body: 'In support_bot, analytics_api.' }]);
    expect(degradationText([{ project_id: 'p', alert: alert({ metric: 'cost_per_run', series: 'model=a', severity: 'warning', linked: [], before: { value: 1.02, ci95: null, n: 9 }, after: { value: 1.96, ci95: null, n: 9 } }) }])).toEqual({
      title: 'Degradation in p',
      body: 'Cost per run (model=a): $1.02 → $1.96.',
    });
  });
});
