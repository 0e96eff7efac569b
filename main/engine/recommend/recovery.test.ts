import { describe, expect, it } from 'vitest';
import type { HealthAlert, RecoveryProposal } from '../../../shared/health';
import type { ExperimentResult, VariantRow } from '../experiments/types';
import { guardRecovery, recoveryConfidence, recoveryRecommendations } from './recovery';

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

describe('recovery reverts checked against the experiment of their field (guardRecovery)', () => {
  const costAlert = { ...alert('critical'), metric: 'cost_per_run' };
  const costProposal = (): RecoveryProposal => ({ ...proposal(), field: 'model', from: 'big', to: 'cheap', evidence: { ...proposal().evidence, metric: 'cost_per_run' } });
  const [revert] = recoveryRecommendations('p', { alerts: [costAlert], recovery_proposals: [costProposal()] }, { model: 'big' });
  const row = (value: string, over: Partial<VariantRow> = {}): VariantRow => ({
    value, n: 200, qa_n: 200, passes: 180, pass_rate: 0.9, cost_mean: 1, cost_per_pass: 1.1, paired_n: 0,
    decision_basis: 'raw', decision_effects: {}, stratified: null, ...over,
  }) as VariantRow;
  const experiment = (cheap: Partial<VariantRow>, warnings: ExperimentResult['warnings'] = []): ExperimentResult =>
    ({ name: null, factor: 'model', control: 'big', variants: [row('big'), row('cheap', cheap)], warnings }) as unknown as ExperimentResult;

  it('keeps a revert whose target is as good on QA (raw Beta posteriors, 180/200 each): high stays high', () => {
    const g = guardRecovery([revert], [experiment({})]);
    expect(g.recommendations.map((r) => r.confidence)).toEqual(['high']);
    expect(g.considered).toEqual([]);
  });

  it('holds a revert to a value fully confounded with another factor', () => {
    const g = guardRecovery([revert], [experiment(
      { decision_basis: null, stratified: { by: ['prompt_strategy', 'week'], p_value_pass: null, cost_diff_usd: null, p_value_cost: null, cost_ratio: null } },
      [{ kind: 'fully_confounded', message: '"cheap" vs "big": no prompt_strategy × week value ran both arms (fully confounded with prompt_strategy and week).' }],
    )]);
    expect(g.recommendations).toEqual([]);
    expect(g.considered[0]).toMatchObject({ value: 'cheap', reason_kind: 'confounded' });
    expect(g.considered[0].reason).toMatch(/^Revert not recommended: The cost per run degraded .* but "cheap" vs "big": no prompt_strategy/);
  });

  it('confounded with the week only (a before/after change, which is what health sees) is not held', () => {
    const g = guardRecovery([revert], [experiment(
      { decision_basis: null, stratified: { by: ['week'], p_value_pass: null, cost_diff_usd: null, p_value_cost: null, cost_ratio: null } },
      [{ kind: 'fully_confounded', message: '"cheap" vs "big": no week value ran both arms.' }],
    )]);
    expect(g.recommendations).toHaveLength(1);
  });

  it('holds a cost revert to a value whose runs mostly cost $0 (not recorded)', () => {
    const g = guardRecovery([revert], [experiment({ cost_mean: 0 }, [{ kind: 'zero_cost', message: '100 % of "cheap"\'s runs cost $0 and the other arms\' do not.' }])]);
    expect(g.considered[0]).toMatchObject({ value: 'cheap', reason_kind: 'cost_not_recorded' });
  });

  it('lowers the confidence to the QA tier: 170/200 vs 180/200 (P(drop > 5 points) ≈ 0.4) is at most low or medium, not high', () => {
    const g = guardRecovery([revert], [experiment({ passes: 170, pass_rate: 0.85 })]);
    expect(g.recommendations).toHaveLength(1);
    expect(g.recommendations[0].confidence).not.toBe('high');
    expect(g.recommendations[0].evidence.notes!.at(-1)).toMatch(/^Confidence lowered from high to the QA tier (low|medium): P\(pass rate worse by > 5 points\) = 0\.\d\d\.$/);
  });

  it('leaves alone a revert with no matching experiment, or whose experiment control is not the current value', () => {
    expect(guardRecovery([revert], []).recommendations).toHaveLength(1);
    const other = { ...experiment({ passes: 100, pass_rate: 0.5 }), control: 'cheap' } as ExperimentResult;
    expect(guardRecovery([revert], [other]).recommendations).toHaveLength(1);
  });
});
