import { describe, expect, it } from 'vitest';
import { computeHealth } from './compute-health';
import { STABLE, seededRng, simulateRuns } from './simulate';
import type { HealthRun } from './types';

const NOW = Date.parse('2027-01-01T00:00:00Z');

/** The demo's analytics_api story: v1.2-rc1 drops the pass rate and raises cost; rolled back. */
function episodeRuns(rolledBack: boolean): HealthRun[] {
  const rng = seededRng(7);
  const bad = (i: number): boolean => i >= 150 && (!rolledBack || i < 230);
  return simulateRuns(rng, {
    n: 320,
    stepMs: 2 * 3_600_000,
    regime: (i) => (bad(i) ? { ...STABLE, passRate: 0.53, medianCost: 1.96 } : { ...STABLE, passRate: 0.88 }),
    promptVersion: (i) => (bad(i) ? 'v1.2-rc1' : 'v1.1'),
  });
}

describe('computeHealth', () => {
  it('finds the rolled-back v1.2-rc1 episode, links it and shows it resolved with no revert', () => {
    const runs = episodeRuns(true);
    const h = computeHealth({ project_id: 'analytics_api', runs, now_ms: NOW });
    const pass = h.alerts.find((a) => a.metric === 'qa_pass_rate' && a.series === 'project' && a.method.startsWith('cusum'))!;
    expect(pass).toBeDefined();
    expect(pass.linked.map((l) => l.value)).toContain('v1.2-rc1');
    // The model sub-series saw the same episode: folded into the project alert.
    expect(pass.also_in.some((x) => x.startsWith('model='))).toBe(true);
    expect(h.alerts.filter((a) => a.metric === 'qa_pass_rate' && a.method.startsWith('cusum'))).toHaveLength(1);
    const at = Date.parse(pass.change_at);
    expect(Math.abs(at - runs[150].started_ms)).toBeLessThanOrEqual(15 * 2 * 3_600_000);
    expect(pass.before.value!).toBeGreaterThan(0.8);
    expect(pass.after.value!).toBeLessThan(0.65);
    expect(pass.status).toBe('resolved');
    expect(pass.severity).toBe('critical');
    expect(Date.parse(pass.detected_at)).toBeGreaterThan(at);
    expect(h.recovery_proposals).toEqual([]);
    expect(h.grade).not.toBe('poor');
  });

  it('proposes reverting an ongoing bad prompt version to the previous best', () => {
    const runs = episodeRuns(false);
    const h = computeHealth({ project_id: 'analytics_api', runs, now_ms: NOW });
    const pass = h.alerts.find((a) => a.metric === 'qa_pass_rate' && a.series === 'project' && a.method.startsWith('cusum'))!;
    expect(pass.status).toBe('ongoing');
    expect(h.grade).toBe('poor');
    const p = h.recovery_proposals.find((x) => x.from === 'v1.2-rc1')!;
    // The one revert answers the pass-rate alert and the cost alert alike.
    expect(p.alert_indices).toContain(h.alerts.indexOf(pass));
    expect(p.alert_indices.map((i) => h.alerts[i].metric)).toContain('cost_per_run');
    expect(p).toMatchObject({ field: 'prompt_version', from: 'v1.2-rc1', to: 'v1.1' });
    expect(p.evidence.with_to.value).not.toBe(p.evidence.with_from.value);
    expect(p.evidence.runs_with_from_recent).toBe(20);
    // One proposal for the one revert, naming every alert it answers.
    expect(h.recovery_proposals.filter((x) => x.field === 'prompt_version' && x.from === 'v1.2-rc1')).toHaveLength(1);
    expect(p.alert_indices).toContain(p.alert_index);
  });

  it('keeps a stable project quiet and grades it', () => {
    const runs = simulateRuns(seededRng(3), { n: 300, stepMs: 4 * 3_600_000 });
    const h = computeHealth({ project_id: 'p', runs, now_ms: NOW });
    expect(h.alerts).toEqual([]);
    expect(['excellent', 'good']).toContain(h.grade);
    expect(h.latest_run_at).toBe(new Date(runs[299].started_ms).toISOString());
    expect(h.baselines.rows.filter((r) => r.scope === 'project').map((r) => r.window)).toEqual(['24h', '7d', '30d', 'all']);
  });

  it('takes the error-pattern / agents sections and alerts as given, and grades with them', () => {
    const runs = simulateRuns(seededRng(3), { n: 300, stepMs: 4 * 3_600_000 });
    const at = new Date(runs[299].started_ms).toISOString();
    const pattern = { id: 't0123abcd', counts: { bucket: 'day' as const, from: at.slice(0, 10), counts: [4] }, template: 'timeout after <*> s', category: 'timeout', count: 4, runs: 4, agents: ['coder'], first_seen: at, last_seen: at, example: 'timeout after 30 s', new: true };
    const extra = {
      kind: 'new_error_pattern' as const, metric: 'error_pattern', series: 'project', change_at: at, change_interval: [at, at] as [string, string], detected_at: at,
      before: { value: 0, ci95: null, n: 0 }, after: { value: 4, ci95: null, n: 4 }, relative_change: null, certainty: 1, severity: 'warning' as const,
      method: 'drain', status: 'ongoing' as const, resolved_at: null, linked: [], also_in: [],
    };
    const h = computeHealth({ project_id: 'p', runs, now_ms: NOW, sections: { error_patterns: [pattern] }, extra_alerts: [extra] });
    expect(h.error_patterns).toEqual([pattern]);
    expect(h.agents).toEqual([]);
    expect(h.alerts).toEqual([extra]);
    expect(h.grade).toBe('fair');
  });

  it('rejects a run without a start time, naming it', () => {
    const runs = simulateRuns(seededRng(3), { n: 5 });
    runs[2] = { ...runs[2], started_ms: Number.NaN };
    expect(() => computeHealth({ project_id: 'p', runs, now_ms: NOW })).toThrow(/run "r2" \(index 2\) has no valid started_ms/);
  });
});
