import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../shared/run-record';
import { agentHealth } from './agent-health';
import type { StepFact } from './agent-steps';
import { agentUnhealthyAlerts, newErrorPatternAlerts } from './section-alerts';
import { mineErrorPatterns } from './templates/error-patterns';

// Reference values: scipy 1.17 (integrate.quad of P(before − after < 0), beta.cdf, Wilson by binomtest).
const T0 = Date.UTC(2026, 9, 1);
const H6 = 6 * 3_600_000;
const at = (i: number) => new Date(T0 + i * H6).toISOString();

describe('new error pattern alerts', () => {
  // 100 runs, 6 h apart; a config change at run 50; a new 401 pattern in runs 50–69; an old 429 all along.
  const runs: RunRecord[] = Array.from({ length: 100 }, (_, i) => ({
    run_id: `r${i}`, project_id: 'p', started_at: at(i),
    errors: [
      ...(i % 3 === 0 ? [{ message: `429 Too Many Requests: retry in ${i}s` }] : []),
      ...(i >= 50 && i < 70 ? [{ message: `401 Unauthorized: key sk-${i}abc revoked` }] : []),
    ],
  }));
  const since = { config_change_at: at(50), config_change: 'model: gpt-4o → o3-mini', prompt_version_at: at(10), prompt_version: 'v2' };

  it('one alert for the new pattern, with the share of runs since the change and its certainty', () => {
    const patterns = mineErrorPatterns(runs, { since });
    const alerts = newErrorPatternAlerts(runs, patterns, since);
    expect(alerts).toHaveLength(1);
    const a = alerts[0];
    expect(a).toMatchObject({
      kind: 'new_error_pattern', metric: 'error_pattern', series: 'project', template: '<NUM> Unauthorized: key <ID> revoked', category: 'auth',
      change_at: at(50), change_interval: [at(50), at(50)], detected_at: at(50), relative_change: null, severity: 'critical',
      // Last seen at run 69, 7.5 days before the latest run (99): over.
      status: 'resolved', resolved_at: at(69),
      linked: [{ kind: 'config_change', value: 'model: gpt-4o → o3-mini', at: at(50) }],
    });
    expect(a.before).toEqual({ value: 0, ci95: [0, expect.closeTo(0.07134759913335872, 9)], n: 50 });
    expect(a.after.value).toBe(0.4);
    expect(a.after.ci95![0]).toBeCloseTo(0.2760838973025654, 9);
    expect(a.after.ci95![1]).toBeCloseTo(0.5381856225241064, 9);
    expect(a.certainty).toBeCloseTo(0.9999999647407952, 6);
    // Seen within the last 7 days: still going on.
    expect(newErrorPatternAlerts(runs, patterns, since, 8)[0]).toMatchObject({ status: 'ongoing', resolved_at: null });
  });

  it('one sighting is critical only with enough runs before it; no pivot, no alerts', () => {
    const few = runs.slice(0, 10).map((r, i) => ({ ...r, errors: i === 9 ? [{ message: 'prompt is too long: 9000 tokens > 8192 maximum' }] : [] }));
    const late = { prompt_version_at: at(8), prompt_version: 'v3' };
    const [a] = newErrorPatternAlerts(few, mineErrorPatterns(few, { since: late }), late);
    // 8 clean runs before, 1 of 2 after: P(share went up) = 0.9545454545 (scipy), share 0.5.
    expect(a.certainty).toBeCloseTo(0.9545454545454546, 6);
    expect(a.severity).toBe('critical');
    expect(a.linked).toEqual([{ kind: 'prompt_version', value: 'v3', at: at(8) }]);
    // 3 clean runs before, 1 of 7 after: P = 0.5757575758, not sure: info.
    const early = { prompt_version_at: at(3), prompt_version: 'v3' };
    const [b] = newErrorPatternAlerts(few, mineErrorPatterns(few, { since: early }), early);
    expect(b.certainty).toBeCloseTo(0.5757575757575757, 6);
    expect(b.severity).toBe('info');
    expect(newErrorPatternAlerts(few, mineErrorPatterns(few), {})).toEqual([]);
  });
});

describe('agent unhealthy alerts', () => {
  const steps = (agent: string, pattern: string, duration: (i: number) => number = () => 10): StepFact[] =>
    [...pattern].map((c, i) => ({
      run_id: `${agent}${i}`, at: T0 + i * 3_600_000, agent, task_type: 't', model: null, duration_s: duration(i), success: c === 'S',
      retries: null, tokens: null, cost_usd: null, error_message: c === 'F' ? 'x' : null, recovery: null,
    }));

  it('open → critical on success rate, slow-only → warning on p95 duration, closed → none', () => {
    const health = agentHealth([
      ...steps('qa', 'S'.repeat(30) + 'F'.repeat(5)),
      ...steps('planner', 'S'.repeat(60), (i) => (i < 40 ? 10 + (i % 5) : 40)),
      ...steps('coder', 'S'.repeat(30)),
    ]);
    const alerts = agentUnhealthyAlerts(health);
    expect(alerts.map((a) => [a.series, a.metric, a.severity])).toEqual([
      ['agent=qa', 'success_rate', 'critical'],
      ['agent=planner', 'duration_p95', 'warning'],
    ]);
    const [qa, planner] = alerts;
    // qa: last 20 steps = 15 S + 5 F, baseline = the 15 successes before them.
    expect(qa.after.value).toBe(0.75);
    expect(qa.after.ci95![0]).toBeCloseTo(0.5312991223812561, 9);
    expect(qa.after.ci95![1]).toBeCloseTo(0.8881382985923344, 9);
    expect(qa.before).toMatchObject({ value: 1, n: 15 });
    expect(qa.relative_change).toBeCloseTo(-0.25, 12);
    expect(qa.certainty).toBeCloseTo(0.36271191427651733, 9);
    expect(qa.change_interval).toEqual([new Date(T0 + 15 * 3_600_000).toISOString(), new Date(T0 + 34 * 3_600_000).toISOString()]);
    expect(qa.reasons).toEqual(['breaker open: 5 failures in a row']);
    expect(planner).toMatchObject({ before: { value: 14, n: 40 }, after: { value: 40, n: 20 } });
    // All 20 recent steps are slower than the baseline p95: P(share > 5 %) under Beta(21, 1) = 1 − 0.05^21 (closed form).
    expect(planner.certainty).toBeCloseTo(1 - 0.05 ** 21, 12);
    expect(planner.relative_change).toBeCloseTo(26 / 14, 12);
  });
});
