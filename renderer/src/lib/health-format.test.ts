import { describe, expect, it } from 'vitest';
import type { HealthAlert } from '../../../shared/health';
import { alertOrder, stripOrder, formatEstimate, formatMetric, formatRelativeChange, openAlertCount, seriesLabel, worstOpenSeverity } from './health-format';

const alert = (over: Partial<HealthAlert>): HealthAlert => ({
  kind: 'degradation', metric: 'qa_pass_rate', series: 'project', change_at: '2026-10-20T00:00:00.000Z',
  change_interval: ['2026-10-19T00:00:00.000Z', '2026-10-21T00:00:00.000Z'], detected_at: '2026-10-22T00:00:00.000Z',
  before: { value: 0.88, ci95: [0.841, 0.912], n: 300 }, after: { value: 0.53, ci95: null, n: 180 }, relative_change: -0.398, certainty: 1,
  severity: 'critical', method: 'cusum', status: 'ongoing', resolved_at: null, linked: [], also_in: [], ...over,
});

describe('health formatting', () => {
  it('writes values in their unit and changes with their sign', () => {
    expect(formatMetric('qa_pass_rate', 0.8812)).toBe('88.1%');
    expect(formatMetric('cost_per_run', 1.96)).toBe('$1.96');
    expect(formatMetric('tokens', 1234.4)).toBe('1,234');
    expect(formatMetric('duration_s', null)).toBe('–');
    expect(formatEstimate('qa_pass_rate', alert({}).before)).toBe('88.0% (84.1% – 91.2%), n = 300');
    expect(formatRelativeChange(-0.398)).toBe('−40 %');
    expect(formatRelativeChange(2.28)).toBe('+228 %');
    expect(formatRelativeChange(null)).toBe('–');
    expect(seriesLabel('prompt_version=v3.1')).toBe('prompt version v3.1');
    expect(seriesLabel('project')).toBe('whole project');
  });

  it('orders alerts open first, then ongoing anomalies, then resolved; by severity, then the latest change', () => {
    const alerts = [
      alert({ status: 'resolved', severity: 'critical' }),
      alert({ kind: 'anomaly', severity: 'warning' }),
      alert({ severity: 'info' }),
      alert({ severity: 'critical', change_at: '2026-10-01T00:00:00.000Z' }),
      alert({ severity: 'critical', change_at: '2026-11-01T00:00:00.000Z' }),
    ];
    expect(alertOrder(alerts)).toEqual([4, 3, 2, 1, 0]);
    expect(openAlertCount({ alerts })).toBe(3);
    expect(worstOpenSeverity({ alerts: [alerts[1], alerts[2]] })).toBe('info');
    expect(worstOpenSeverity({ alerts: [alerts[0]] })).toBeNull();
  });

  it('the Projects strip puts open alerts first, worst severity first, then the worse grade', () => {
    const h = (grade: 'poor' | 'good' | 'excellent' | 'fair', alerts: HealthAlert[]) => ({ grade, alerts }) as never;
    const order = stripOrder([
      { id: 'calm', health: h('excellent', []) },
      { id: 'loading', health: null },
      { id: 'warned', health: h('fair', [alert({ severity: 'warning' })]) },
      { id: 'fair-no-alert', health: h('fair', []) },
      { id: 'burning', health: h('poor', [alert({}), alert({ metric: 'error_rate' })]) },
    ]);
    expect(order).toEqual(['burning', 'warned', 'fair-no-alert', 'calm', 'loading']);
  });
});
