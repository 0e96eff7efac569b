import { describe, expect, it } from 'vitest';
import { decisionLabel, gateLabel, labelCounts, outputQualityLabel, promptVersionLabels, qualityScore, runLabels } from './labels';
import { DEFAULT_LEARNING_OPTIONS, resolveOptions } from './options';
import { lrun, passRuns } from './test-runs';

const o = DEFAULT_LEARNING_OPTIONS.labels;

describe('gate label (seed 002 §3.1)', () => {
  it.each([
    [{ result: 'pass' }, 'excellent'],
    [{ result: 'fail', retry_attempt: 1, auto_fix_success: true }, 'good'],
    [{ result: 'fail', auto_fix_success: true }, 'good'],
    [{ result: 'fail', retry_attempt: 3, auto_fix_success: true }, 'poor'],
    [{ result: 'fail', retry_attempt: 3, auto_fix_success: true, escalated: true, human_resolved: true }, 'acceptable'],
    [{ result: 'fail', auto_fix_success: false, escalated: true, human_resolved: true }, 'acceptable'],
    [{ result: 'fail', escalated: true, human_resolved: false }, 'poor'],
    [{ result: 'ambiguous' }, 'poor'],
    [{}, null],
  ] as const)('%o → %s', (g, want) => {
    expect(gateLabel({ gate_id: 'g', ...g }, o)).toBe(want);
  });
  it('max_retries is configurable', () => {
    const g = { gate_id: 'g', result: 'fail' as const, retry_attempt: 3, auto_fix_success: true };
    expect(gateLabel(g, resolveOptions({ labels: { maxRetries: 5 } }).labels)).toBe('good');
  });
});

describe('decision label', () => {
  it.each([
    [{ agent_recommendation: 'A', human_decision: ' a ' }, 'correct'],
    [{ aligned: true }, 'correct'],
    [{ agent_recommendation: 'A', human_decision: 'B', options: ['A', 'B', 'C'] }, 'reasonable'],
    [{ agent_recommendation: 'A', human_decision: 'D', options: ['A', 'B', 'C'] }, 'incorrect'],
    [{ agent_recommendation: 'A', human_decision: 'B' }, 'incorrect'],
    [{ aligned: false, options: ['A', 'B'] }, null],
    [{ aligned: false }, 'incorrect'],
    [{ agent_recommendation: 'A' }, null],
  ] as const)('%o → %s', (d, want) => {
    expect(decisionLabel(d)).toBe(want);
  });
});

describe('output quality (seed weights 0.25 / 0.30 / 0.20 / 0.25)', () => {
  const full = (cov: number, critical: number, major: number, slo: boolean, rework: boolean | number) =>
    lrun({ tests: { coverage_percent: cov }, security: { critical, major, minor: 4 }, performance: { within_slo: slo }, rework });
  it('computes the weighted score and its label', () => {
    // 0.25·80 + 0.30·100 + 0.20·100 + 0.25·100 = 95
    expect(qualityScore(full(80, 0, 0, true, false), o)!.score).toBeCloseTo(95, 12);
    expect(outputQualityLabel(full(80, 0, 0, true, false), o)).toBe('production_ready');
    // 25 + 30 + 0 + 25 = 80
    expect(qualityScore(full(100, 0, 0, false, 0), o)!.score).toBeCloseTo(80, 12);
    expect(outputQualityLabel(full(100, 0, 0, false, 0), o)).toBe('needs_minor_fixes');
    // 15 + 0 + 20 + 25 = 60
    expect(qualityScore(full(60, 1, 0, true, false), o)!.score).toBeCloseTo(60, 12);
    expect(outputQualityLabel(full(60, 0, 2, true, false), o)).toBe('needs_rework');
    // a rework count > 0 is rework: 25 + 30 + 20 + 0 = 75
    expect(qualityScore(full(100, 0, 0, true, 2), o)!.score).toBeCloseTo(75, 12);
  });
  it('leaves the label out when an input is missing, unless fewer inputs are allowed', () => {
    const partial = lrun({ tests: { coverage_percent: 90 }, performance: { within_slo: true } });
    expect(outputQualityLabel(partial, o)).toBeNull();
    const two = resolveOptions({ labels: { qualityMinInputs: 2 } }).labels;
    // renormalised: (0.25·90 + 0.20·100) / 0.45 = 94.444…
    expect(qualityScore(partial, two)!.score).toBeCloseTo(42.5 / 0.45, 12);
    expect(qualityScore(partial, two)!.inputs).toEqual(['coverage', 'performance']);
  });
});

describe('prompt effectiveness per version', () => {
  const retries = (n: number) => ({ steps: [{ agent: 'a', retries: n }] });
  const runs = [
    ...passRuns(20, 19, { prompt_version: 'v1', ...retries(0) }).map((r, i) => (i < 10 ? { ...r, ...retries(1) } : r)),
    ...passRuns(20, 19, { prompt_version: 'v2', ...retries(2) }),
    ...passRuns(20, 16, { prompt_version: 'v3' }),
    ...passRuns(20, 10, { prompt_version: 'v4' }),
    ...passRuns(9, 9, { prompt_version: 'v5' }),
    ...passRuns(20, 19, { prompt_version: 'v6' }),
  ];
  const labels = Object.fromEntries(promptVersionLabels(runs, o).map((l) => [l.prompt_version, l]));
  it('labels high / medium / low / not enough runs, and leaves out what it cannot decide', () => {
    expect(labels.v1.label).toBe('high');
    expect(labels.v1.avg_retries).toBeCloseTo(0.5, 12);
    expect(labels.v2.label).toBe('medium'); // 95 % but 2 retries per run
    expect(labels.v3.label).toBe('medium'); // 80 %
    expect(labels.v4.label).toBe('low'); // 50 %
    expect(labels.v5.label).toBe('not_enough_runs');
    expect(labels.v6.label).toBeNull(); // 95 %, retries not logged
    expect(labels.v6.reason).toMatch(/retries are not logged/);
  });
  it('carries the Wilson interval of the success rate (scipy/numpy reference)', () => {
    expect(labels.v1.success.rate).toBeCloseTo(0.95, 12);
    expect(labels.v1.success.ci95![0]).toBeCloseTo(0.763868806553258, 10);
    expect(labels.v1.success.ci95![1]).toBeCloseTo(0.9911185511992047, 10);
  });
});

describe('label counts', () => {
  it('counts each label and what could not be labelled', () => {
    const c = labelCounts([
      lrun({ gates: [{ gate_id: 'a', result: 'pass' }, { gate_id: 'a', result: 'fail' }, { gate_id: 'b' }], decisions: [{ aligned: true }, {}] }),
      lrun({ tests: { coverage_percent: 80 }, security: { critical: 0, major: 0 }, performance: { within_slo: true }, rework: false }),
    ], o);
    expect(c.gates).toEqual({ excellent: 1, good: 0, acceptable: 0, poor: 1 });
    expect(c.decisions).toEqual({ correct: 1, reasonable: 0, incorrect: 0 });
    expect(c.output_quality.production_ready).toBe(1);
    expect(c.unlabelled).toEqual({ gates: 1, decisions: 1, runs: 1 });
    expect(runLabels(lrun({ gates: [{ gate_id: 'a', result: 'pass' }] }), o)).toEqual({ gates: ['excellent'], decisions: [], output_quality: null, quality_score: null });
  });
});
