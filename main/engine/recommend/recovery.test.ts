import { describe, expect, it } from 'vitest';
import type { HealthAlert, RecoveryProposal } from '../../../shared/health';
import { recoveryConfidence, recoveryRecommendations } from './recovery';

const est = (value: number, n: number) => ({ value, ci95: [value - 0.05, value + 0.05] as [number, number], n });
const alert = (severity: HealthAlert['severity']): HealthAlert => ({
  kind: 'degradation', metric: 'qa_pass_rate', series: 'project', change_at: '2026-11-25T00:00:00.000Z',
  change_interval: ['2026-11-24T00:00:00.000Z', '2026-11-26T00:00:00.000Z'], detected_at: '2026-11-27T00:00:00.000Z',
  before: est(0.9, 300), after: est(0.6, 100), relative_change: -1 / 3, certainty: 0.999, severity, method: 'cusum',
  status: 'ongoing', resolved_at: null, linked: [{ kind: 'prompt_version', value: 'v2', at: '2026-11-25T00:00:00.000Z' }], also_in: [],
});
const proposal = (alert_index = 0): RecoveryProposal => ({
  field: 'prompt_version', from: 'v2', to: 'v1', alert_index, alert_indices: [alert_index],
  evidence: { metric: 'qa_pass_rate', change_at: '2026-11-25T00:00:00.000Z', before: est(0.9, 300), after: est(0.6, 100), with_from: est(0.6, 100), with_to: est(0.9, 300), runs_with_from_recent: 20, recent_runs: 20 },
});

describe('recovery recommendations', () => {
  it('confidence follows the alert severity', () => {
    expect(['critical', 'warning', 'info'].map((s) => recoveryConfidence({ severity: s as HealthAlert['severity'] }))).toEqual(['high', 'medium', 'low']);
  });

  it('a proposal becomes a recovery recommendation for its field, with the numbers in the text', () => {
    const [r] = recoveryRecommendations('p', { alerts: [alert('warning')], recovery_proposals: [proposal()] }, { prompt_version: 'v2' });
    expect(r).toMatchObject({ kind: 'recovery', field: 'prompt_version', current_value: 'v2', recommended_value: 'v1', confidence: 'medium', category: 'prompt_version' });
    expect(r.explanation).toContain('from 90.0 % to 60.0 % (−33 %)'.replace('−', '-'));
    expect(r.evidence.rule).toBe('health_recovery_revert');
    expect(r.id).toMatch(/^rec_[0-9a-f]{16}$/);
  });

  it('is left out when the settings already hold the proposed value, or its alert is missing', () => {
    expect(recoveryRecommendations('p', { alerts: [alert('critical')], recovery_proposals: [proposal()] }, { prompt_version: 'v1' })).toEqual([]);
    expect(recoveryRecommendations('p', { alerts: [], recovery_proposals: [proposal(3)] }, {})).toEqual([]);
  });

  it('without a current value, the bad value is the current one', () => {
    const [r] = recoveryRecommendations('p', { alerts: [alert('critical')], recovery_proposals: [proposal()] }, {});
    expect(r.current_value).toBe('v2');
    expect(r.confidence).toBe('high');
  });
});
