import { describe, expect, it } from 'vitest';
import { firstSeenChanges, linkChanges } from './alerts';
import { gradeOf } from './grade';
import { recoveryProposals } from './recovery-proposal';
import { severityOf } from './severity';
import { seededRng, simulateRuns } from './simulate';
import type { HealthAlert, HealthRun } from './types';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const H = 3_600_000;
const iso = (ms: number): string => new Date(ms).toISOString();

function alert(over: Partial<HealthAlert> = {}): HealthAlert {
  return {
    kind: 'degradation', metric: 'qa_pass_rate', series: 'project', change_at: iso(T0 + 100 * H),
    change_interval: [iso(T0 + 95 * H), iso(T0 + 105 * H)], detected_at: iso(T0 + 120 * H),
    before: { value: 0.9, ci95: [0.85, 0.94], n: 100 }, after: { value: 0.55, ci95: [0.45, 0.65], n: 100 },
    relative_change: -0.39, certainty: 0.999, severity: 'critical', method: 'm', status: 'ongoing', resolved_at: null, linked: [], also_in: [], ...over,
  };
}

describe('linking alerts to changes', () => {
  it('links changes in (from, to], earliest first', () => {
    const a = alert();
    const linked = linkChanges(a, [
      { kind: 'config_change', value: 'model: a → b', at_ms: T0 + 105 * H },
      { kind: 'prompt_version', value: 'v2', at_ms: T0 + 99 * H },
      { kind: 'model', value: 'x', at_ms: T0 + 95 * H }, // at `from`: before the change, not linked
      { kind: 'error_pattern', value: 'timeout after <*> s', at_ms: T0 + 106 * H },
    ]);
    expect(linked).toEqual([
      { kind: 'prompt_version', value: 'v2', at: iso(T0 + 99 * H) },
      { kind: 'config_change', value: 'model: a → b', at: iso(T0 + 105 * H) },
    ]);
  });

  it('links within a wider window when one is given (the 99 % interval of a change point)', () => {
    const a = alert();
    const early = { kind: 'prompt_version' as const, value: 'v2', at_ms: T0 + 93 * H };
    expect(linkChanges(a, [early])).toEqual([]);
    expect(linkChanges(a, [early], [T0 + 92 * H, T0 + 107 * H])).toEqual([{ kind: 'prompt_version', value: 'v2', at: iso(T0 + 93 * H) }]);
  });

  it('first-seen values skip those the first run already used', () => {
    const runs = simulateRuns(seededRng(1), { n: 10, models: ['m'], promptVersion: (i) => (i < 4 ? 'v1' : i < 8 ? 'v2' : 'v1') });
    runs[6] = { ...runs[6], recipe: 'fast' };
    expect(firstSeenChanges(runs)).toEqual([
      { kind: 'prompt_version', value: 'v2', at_ms: runs[4].started_ms },
      { kind: 'recipe', value: 'fast', at_ms: runs[6].started_ms },
    ]);
  });
});

function timeline(versions: (i: number) => string, pass: (i: number) => boolean, n = 200): HealthRun[] {
  return simulateRuns(seededRng(9), { n, models: ['m'], promptVersion: versions }).map((r, i) => ({
    ...r, started_ms: T0 + i * H, qa_status: pass(i) ? 'passed' : 'failed',
  }));
}

describe('recovery proposals', () => {
  const linkedV2 = alert({ linked: [{ kind: 'prompt_version', value: 'v2', at: iso(T0 + 100 * H) }] });

  it('proposes the best earlier value while the bad one is still in use', () => {
    // v0 (runs 0–49) passes 60 %, v1 (50–99) 90 %, v2 from 100 on 55 %.
    const runs = timeline((i) => (i < 50 ? 'v0' : i < 100 ? 'v1' : 'v2'), (i) => (i < 50 ? i % 5 < 3 : i < 100 ? i % 10 !== 0 : i % 20 < 11));
    const { proposals, alerts } = recoveryProposals([linkedV2], runs);
    expect(alerts[0].status).toBe('ongoing');
    expect(proposals).toHaveLength(1);
    expect(proposals[0]).toMatchObject({ field: 'prompt_version', from: 'v2', to: 'v1', alert_index: 0 });
    expect(proposals[0].evidence.with_to).toMatchObject({ value: 0.9, n: 50 });
    expect(proposals[0].evidence.with_from).toMatchObject({ value: 0.55, n: 100 });
    expect(proposals[0].evidence.runs_with_from_recent).toBe(20);
  });

  it('marks a rolled-back episode resolved and proposes nothing', () => {
    const runs = timeline((i) => (i >= 100 && i < 160 ? 'v2' : 'v1'), (i) => (i >= 100 && i < 160 ? i % 20 < 11 : i % 10 !== 0));
    const { proposals, alerts } = recoveryProposals([linkedV2], runs);
    expect(proposals).toEqual([]);
    expect(alerts[0].status).toBe('resolved');
    expect(alerts[0].resolved_at).toBe(iso(T0 + 160 * H));
  });

  it('does not call it resolved when the metric stayed bad after the rollback', () => {
    const runs = timeline((i) => (i >= 100 && i < 160 ? 'v2' : 'v1'), (i) => (i < 100 ? i % 10 !== 0 : i % 20 < 11));
    const { proposals, alerts } = recoveryProposals([linkedV2], runs);
    expect(proposals).toEqual([]);
    expect(alerts[0].status).toBe('ongoing');
  });

  it('needs a linked field change', () => {
    const runs = timeline(() => 'v1', () => true);
    expect(recoveryProposals([alert()], runs).proposals).toEqual([]);
  });
});

describe('severity and grade rules', () => {
  it('severity from size and certainty', () => {
    expect(severityOf('bernoulli', 0.9, 0.6, 0.999)).toBe('critical');
    expect(severityOf('bernoulli', 0.9, 0.6, 0.98)).toBe('warning');
    expect(severityOf('bernoulli', 0.9, 0.87, 0.999)).toBe('info');
    expect(severityOf('lognormal', 1, 1.5, 0.995)).toBe('critical');
    expect(severityOf('lognormal', 1, 1.3, 0.995)).toBe('warning');
    expect(severityOf('lognormal', 1, 1.3, 0.9)).toBe('info');
  });
  it('grade counts ongoing alerts only', () => {
    expect(gradeOf([alert()], 0, 100).grade).toBe('poor');
    expect(gradeOf([alert({ status: 'resolved' })], 0, 100).grade).toBe('excellent');
    expect(gradeOf([alert({ severity: 'warning' })], 0, 100).grade).toBe('fair');
    expect(gradeOf([alert({ severity: 'info' })], 0, 100).grade).toBe('good');
    expect(gradeOf([], 6, 100).grade).toBe('fair');
    expect(gradeOf([], 2, 100).grade).toBe('good');
    expect(gradeOf([], 1, 100)).toEqual({ grade: 'excellent', reasons: ['no ongoing alert', '1 of 100 runs in the last 7 days anomalous'] });
    expect(gradeOf([alert({ kind: 'agent_unhealthy', severity: 'warning' })], 0, 100).grade).toBe('fair');
    // A single anomalous run is not a degradation: it counts through the anomaly share only.
    expect(gradeOf([alert({ kind: 'anomaly', severity: 'warning' })], 0, 100).grade).toBe('excellent');
  });
});
