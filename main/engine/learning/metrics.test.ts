import { describe, expect, it } from 'vitest';
import { learn } from './learn';
import { isMetricName, METRICS, metricSeries } from './metrics';
import { weekStart } from './trends';
import { day, maskTemplate, plantedRuns } from './test-runs';

describe('metrics', () => {
  const { result } = learn({ runs: plantedRuns(), now: new Date(day(28)), templateOf: maskTemplate });
  it('every listed metric has a value or an explicit null', () => {
    for (const name of Object.keys(METRICS)) {
      expect(isMetricName(name)).toBe(true);
      const m = metricSeries(result, name as keyof typeof METRICS);
      expect(m.metric).toBe(name);
      expect(m.value === null || Number.isFinite(m.value)).toBe(true);
    }
    expect(isMetricName('nope')).toBe(false);
    expect(isMetricName('toString')).toBe(false);
  });
  it('computes the planted values', () => {
    // 19 of 49 gate checks failed; 8 of 12 decisions overridden; steps: 60·3 + 10·2 = 200, failures 30 + 1
    expect(metricSeries(result, 'gate_failure_rate').value).toBeCloseTo(19 / 49, 12);
    expect(metricSeries(result, 'override_rate')).toMatchObject({ value: 8 / 12, n: 12 });
    expect(metricSeries(result, 'agent_success_rate')).toMatchObject({ value: 169 / 200, n: 200 });
    const weekly = metricSeries(result, 'agent_success_rate').weekly;
    expect(weekly.map((w) => w.week_start)).toEqual(['2026-01-05', '2026-01-12']);
  });
  it('weeks start on Monday UTC', () => {
    expect(weekStart(Date.parse('2026-01-11T23:59:59Z'))).toBe('2026-01-05');
    expect(weekStart(Date.parse('2026-01-12T00:00:00Z'))).toBe('2026-01-12');
  });
});
