import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../../shared/domain';
import type { HealthAlert } from '../../../shared/health';
import { chartMarkers, markersByPeriod, periodOf } from './chart-markers';

const WEEKS = ['2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26'];

const alert = (over: Partial<HealthAlert>): HealthAlert => ({
  kind: 'degradation', metric: 'qa_pass_rate', series: 'project', change_at: '2026-10-20T11:08:07.000Z',
  change_interval: ['2026-10-19T00:00:00.000Z', '2026-10-21T00:00:00.000Z'], detected_at: '2026-10-22T00:00:00.000Z',
  before: { value: 0.87, ci95: null, n: 254 }, after: { value: 0.48, ci95: null, n: 58 }, relative_change: -0.44, certainty: 1,
  severity: 'critical', method: 'cusum', status: 'resolved', resolved_at: '2026-11-01T00:00:00.000Z', linked: [], also_in: [], ...over,
});

describe('chart markers', () => {
  it('places a time in the week that contains it, and nowhere outside the charted weeks', () => {
    expect(periodOf(WEEKS, '2026-10-20T11:08:07.000Z', 7)).toBe('2026-10-19');
    expect(periodOf(WEEKS, '2026-10-19T00:00:00.000Z', 7)).toBe('2026-10-19');
    expect(periodOf(WEEKS, '2026-10-18T23:59:59.000Z', 7)).toBe('2026-10-12');
    expect(periodOf(WEEKS, '2026-10-04T12:00:00.000Z', 7)).toBeNull();
    expect(periodOf(WEEKS, '2026-11-02T00:00:00.000Z', 7)).toBeNull();
    expect(periodOf(['2026-10-20', '2026-10-21'], '2026-10-21T05:00:00Z', 1)).toBe('2026-10-21');
  });

  it('puts quality alerts on the QA chart, cost alerts on the cost chart, config changes on both; anomalies and narrower series on none', () => {
    const ledger = [{ applied_at: '2026-10-27T09:00:00.000Z', key_path: 'projects.a.prompt_version', before_value: 'v1.2-rc1', after_value: 'v1.1', undo_of: null } as LedgerEntry];
    const m = chartMarkers(WEEKS, 7, [alert({}), alert({ metric: 'cost_per_run', status: 'ongoing', severity: 'warning' }), alert({ kind: 'anomaly', metric: 'cost_usd' }), alert({ series: 'agent=coder', metric: 'tokens' })], ledger);
    expect(m.map((x) => [x.kind, x.period, x.charts, x.tone])).toEqual([
      ['alert', '2026-10-19', ['qa'], 'muted'],
      ['alert', '2026-10-19', ['cost'], 'warn'],
      ['config', '2026-10-26', ['cost', 'qa'], 'accent'],
    ]);
    expect(m[2].label).toBe('projects.a.prompt_version v1.2-rc1 → v1.1');
    expect(markersByPeriod(m, 'qa').map((g) => [g.period, g.markers.length])).toEqual([['2026-10-19', 1], ['2026-10-26', 1]]);
  });
});
