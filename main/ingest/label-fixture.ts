/** Three runs with known auto-labels, for the tests of labels derived at ingest. */
import { fixture, runLine, type Fixture } from './test-helpers';

// Three runs with known labels under the defaults (maxRetries 3, production_ready ≥ 85, minor ≥ 70).
const quality = { tests: { coverage_percent: 80 }, security: { critical: 0, major: 0 }, performance: { within_slo: true } };
/** JSONL lines of project p. */
export const LINES = [
  // fail at attempt 2 with a successful auto-fix → good; aligned decision → correct; score 0.25·80 + 30 + 20 + 25 = 95 → production_ready
  runLine({ run_id: 'a', project_id: 'p', ...quality, rework: false,
    gates: [{ gate_id: 'g', result: 'fail', retry_attempt: 2, auto_fix_success: true }, { gate_id: 'h', result: 'pass' }],
    decisions: [{ decision_type: 't', agent_recommendation: 'x', human_decision: 'x' }] }),
  // seed-002 aliases (gate_result, escalated_to_human): escalated and resolved → acceptable; rework → 70 → needs_minor_fixes
  runLine({ run_id: 'b', project_id: 'p', started_at: '2025-10-02T10:00:00Z', ...quality, rework: 1,
    gates: [{ gate_id: 'g', gate_result: 'fail', escalated_to_human: true, human_resolved: true }],
    decisions: [{ decision_type: 't', agent_recommendation: 'x', human_decision: 'y', options: ['x', 'y'] }] }),
  // no quality inputs → no output-quality label; an overridden decision without options → incorrect
  runLine({ run_id: 'c', project_id: 'p', started_at: '2025-10-03T10:00:00Z',
    gates: [{ gate_id: 'g', result: 'fail', retry_attempt: 3, auto_fix_success: true }],
    decisions: [{ decision_type: 't', agent_recommendation: 'x', human_decision: 'z' }] }),
];
/** Their labels (RunLabels) under the default rules. */
export const EXPECTED = {
  a: { gates: ['good', 'excellent'], decisions: ['correct'], output_quality: 'production_ready', quality_score: 95 },
  b: { gates: ['acceptable'], decisions: ['reasonable'], output_quality: 'needs_minor_fixes', quality_score: 70 },
  c: { gates: ['poor'], decisions: ['incorrect'], output_quality: null, quality_score: null },
};

/** A fixture whose folder holds LINES as p/runs.jsonl (not yet ingested). */
export function labelFixture(): Fixture {
  const fx = fixture();
  fx.write('p/runs.jsonl', `${LINES.join('\n')}\n`);
  return fx;
}

/** The labels stored with run `id` of project p (null: none stored). */
export const storedLabelsOf = async (fx: Fixture, id: string): Promise<unknown> => JSON.parse((await fx.store.runLabels.get('p', id)) ?? 'null') as unknown;
