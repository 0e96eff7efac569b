import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFolder } from '../ingest/ingest-folder';
import { fixture, NOW, runLine, type Fixture } from '../ingest/test-helpers';
import { handoffs } from '../engine/learning/handoffs';
import { learningProjectIds, learningRunOfRecord, loadLearningRuns } from './learning-runs';
import { getRunDetail } from './run-detail';

let fx: Fixture;
beforeEach(async () => {
  fx = fixture();
  const lines = [
    // canonical as written: stored by reference (record NULL)
    runLine({
      run_id: 'a', project_id: 'p', started_at: '2025-10-01T10:00:00Z', tests: { passed: 3, coverage_percent: 81 },
      steps: [{ agent: 'architect', success: true, retries: 1, tokens: 100 }, { agent: 'engineer', success: false }],
      gates: [{ gate_id: 'api', result: 'fail', reason: 'missing error codes', retry_attempt: 1, auto_fix_success: true }],
      decisions: [{ decision_type: 'tech_stack', agent_recommendation: 'pg', human_decision: 'mysql', aligned: false, agent_confidence: 0.8 }],
    }),
    // seed-002 aliases: the canonical record differs from the raw text and is stored
    runLine({
      run_id: 'b', project_id: 'p', started_at: '2025-10-02T10:00:00Z', task_type: 'bugfix',
      steps: [{ agent_role: 'qa', stage: 'qa', success: true }],
      gates: [{ gate_id: 'cov', gate_result: 'pass' }],
    }),
    runLine({ run_id: 'c', project_id: 'p', started_at: undefined, qa_status: 'failed' }),
    runLine({ run_id: 'z', project_id: 'q', started_at: '2025-10-03T10:00:00Z' }),
  ];
  fx.write('p/runs.jsonl', lines.join('\n') + '\n');
  await ingestFolder(fx.store, fx.root, { now: NOW });
});
afterEach(() => fx.cleanup());

describe('loadLearningRuns', () => {
  it('reads runs in time order (undated last) with their children', async () => {
    const runs = await loadLearningRuns(fx.store, 'p');
    expect(runs.map((r) => r.run_id)).toEqual(['a', 'b', 'c']);
    const [a, b, c] = runs;
    expect(a).toMatchObject({ qa_status: 'passed', mode: '2-loop', total_cost_usd: 1, tests: { coverage_percent: 81 } });
    expect(a.steps).toMatchObject([{ agent: 'architect', success: true, retries: 1, tokens: 100 }, { agent: 'engineer', success: false }]);
    expect(a.gates).toMatchObject([{ gate_id: 'api', result: 'fail', reason: 'missing error codes', retry_attempt: 1, auto_fix_success: true }]);
    expect(a.decisions).toMatchObject([{ decision_type: 'tech_stack', human_decision: 'mysql', aligned: false, agent_confidence: 0.8 }]);
    expect(b.steps).toMatchObject([{ agent: 'qa', task_type: 'qa', success: true }]);
    expect(b.gates).toMatchObject([{ gate_id: 'cov', result: 'pass' }]);
    expect(b.task_type).toBe('bugfix');
    expect(c).toMatchObject({ qa_status: 'failed', started_at: null });
    expect(await learningProjectIds(fx.store)).toEqual(['p', 'q']);
  });

  it('--last N keeps the latest dated runs, still in time order', async () => {
    expect((await loadLearningRuns(fx.store, 'p', { last: 2 })).map((r) => r.run_id)).toEqual(['a', 'b']);
    expect((await loadLearningRuns(fx.store, 'p', { last: 1 })).map((r) => r.run_id)).toEqual(['b']);
    expect(await loadLearningRuns(fx.store, 'nope')).toEqual([]);
  });
});

describe('seed-002 fields of the canonical record', () => {
  it('reach the learning engine: agents, options, confidence, escalation, quality inputs, task id', async () => {
    const f = fixture();
    try {
      f.write('s/runs.jsonl', `${runLine({
        run_id: 's1', project_id: 's', task_id: 'SWE-1', rework: 0,
        security: { critical: 0, major: 1, minor: 2 }, performance: { within_slo: true }, tests: { coverage_percent: 90 },
        steps: [{ agent: 'architect', success: true, confidence: 0.7 }],
        gates: [{ gate_id: 'api', result: 'fail', agent: 'architect', escalated: true, human_resolved: true }],
        decisions: [{ decision_type: 'tech_stack', agent: 'architect', agent_recommendation: 'pg', human_decision: 'mysql', options: ['pg', 'mysql'], agent_confidence: 0.9 }],
      })}\n`);
      await ingestFolder(f.store, f.root, { now: NOW });
      const [r] = await loadLearningRuns(f.store, 's');
      expect(r).toMatchObject({
        task_key: 'SWE-1', rework: 0, security: { critical: 0, major: 1, minor: 2 }, performance: { within_slo: true }, tests: { coverage_percent: 90 },
        steps: [{ agent: 'architect', success: true, confidence: 0.7 }],
        gates: [{ gate_id: 'api', result: 'fail', agent: 'architect', escalated: true, human_resolved: true }],
        decisions: [{ agent: 'architect', options: ['pg', 'mysql'], agent_confidence: 0.9, human_decision: 'mysql' }],
      });
    } finally {
      f.cleanup();
    }
  });

  it('a gate names its step by index (alias step_index) or its agent (alias role); the handoff reads B\'s gates', async () => {
    const f = fixture();
    try {
      const line = (i: number) => runLine({
        run_id: `h${i}`, project_id: 'h',
        steps: [{ agent: 'architect', success: true }, { agent_role: 'engineer', success: true }, { agent: 'qa', success: i > 0 }],
        gates: [{ gate_id: 'build', step_index: 1, gate_result: i < 2 ? 'pass' : 'fail' }, { gate_id: 'tests', role: 'qa', result: 'pass' }],
      });
      f.write('h/runs.jsonl', `${[0, 1, 2, 3].map(line).join('\n')}\n`);
      await ingestFolder(f.store, f.root, { now: NOW });
      const runs = await loadLearningRuns(f.store, 'h');
      expect(runs[0].gates).toMatchObject([{ gate_id: 'build', step: 1, result: 'pass' }, { gate_id: 'tests', agent: 'qa', result: 'pass' }]);
      const rows = handoffs(runs);
      expect(rows.find((h) => h.to === 'engineer')).toMatchObject({ from: 'architect', basis: 'gates', gate_checks: 4, pass_rate: 0.5 });
      // qa's step fails once in 4, but its gate passes every time: the gate figure is reported.
      expect(rows.find((h) => h.to === 'qa')).toMatchObject({ from: 'engineer', basis: 'gates', gate_checks: 4, pass_rate: 1, success_rate: 0.75 });
    } finally {
      f.cleanup();
    }
  });

  it('a run detail\'s record reads into the same learning fields as the bulk load (for its auto-labels)', async () => {
    for (const run of await loadLearningRuns(fx.store, 'p')) {
      const one = learningRunOfRecord((await getRunDetail(fx.store.runs, 'p', run.run_id))!.record);
      expect(one.run_id).toBe(run.run_id);
      for (const k of ['steps', 'gates', 'decisions', 'tests', 'task_type'] as const) expect(one[k], `${run.run_id} ${k}`).toEqual(run[k]);
    }
    expect(learningRunOfRecord((await getRunDetail(fx.store.runs, 'p', 'b'))!.record)).toMatchObject({ steps: [{ agent: 'qa' }], gates: [{ gate_id: 'cov', result: 'pass' }] });
    expect(learningRunOfRecord(null)).toMatchObject({ run_id: '', steps: [], gates: [], decisions: [] });
  });
});
