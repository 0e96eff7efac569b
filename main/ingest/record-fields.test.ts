/** The optional canonical fields of issues 8 and 12, read from real files with their aliases and a mapping. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRunDetail } from '../core/run-detail';
import { ingestFolder } from './ingest-folder';
import { fixture, NOW, type Fixture } from './test-helpers';

let fx: Fixture;
beforeEach(() => (fx = fixture()));
afterEach(() => fx.cleanup());

const ingest = () => ingestFolder(fx.store, fx.root, { now: NOW });
const reasons = async () => (await fx.store.quarantine.list(0, 100)).items.map((q) => q.reason);
const base = { project_id: 'p', started_at: '2025-10-01T10:00:00Z' };
const line = (o: Record<string, unknown>) => JSON.stringify({ ...base, ...o });

describe('task, stop reason and the quality inputs', () => {
  it('canonical names and aliases land in the record; numbers become strings, booleans counts, percents shares', async () => {
    fx.write('p/runs.jsonl', [
      line({ run_id: 'canon', task_id: 'django-11099', stop_reason: 'solved', security: { critical: 0, major: 1, minor: 2 }, performance: { within_slo: true }, rework: 2 }),
      line({ run_id: 'alias1', instance_id: 4242, exit_reason: 'max_rounds', security_scan: { critical: 1, vulnerabilities_found: 3 },
        performance_metrics: { within_slo: false, page_load_time_ms: 812.5 }, rework: true }),
      line({ run_id: 'alias2', case_id: 'c-7', termination_reason: 'budget', rework: false }),
      line({ run_id: 'alias3', task: 't-1' }),
    ].join('\n') + '\n');
    await ingest();
    expect(await reasons()).toEqual([]);
    const rec = async (id: string) => (await getRunDetail(fx.store.runs, 'p', id))!.record;
    expect(await rec('canon')).toMatchObject({ task_id: 'django-11099', stop_reason: 'solved', security: { critical: 0, major: 1, minor: 2 }, performance: { within_slo: true }, rework: 2 });
    expect(await rec('alias1')).toMatchObject({ task_id: '4242', stop_reason: 'max_rounds', security: { critical: 1, vulnerabilities_found: 3 },
      performance: { within_slo: false, page_load_time_ms: 812.5 }, rework: 1 });
    expect((await rec('alias1')).extra).toBeUndefined();
    expect(await rec('alias2')).toMatchObject({ task_id: 'c-7', stop_reason: 'budget', rework: 0 });
    expect((await rec('alias3')).task_id).toBe('t-1');
  });

  it('agent on gates and decisions, options, escalation, step confidence (0–1 or percent)', async () => {
    fx.write('p/runs.jsonl', line({
      run_id: 'r',
      steps: [{ agent: 'coder', confidence: 85 }, { agent: 'qa', agent_confidence: 0.4 }, { agent: 'x', confidence: '0.5' }],
      gates: [{ gate_id: 'g1', agent_role: 'architect', escalated_to_human: 'yes', human_resolved: 1 }, { gate_id: 'g2', role: 'qa', escalated: false }],
      decisions: [{ decision_type: 'tech_stack', role: 'architect', options: ['react', 'vue'], agent_recommendation: 'react', human_decision: 'vue' },
        { decision_type: 'scope', agent_role: 'pm' }],
    }) + '\n');
    await ingest();
    expect(await reasons()).toEqual([]);
    const r = (await getRunDetail(fx.store.runs, 'p', 'r'))!.record;
    expect(r.steps?.map((s) => s.confidence)).toEqual([0.85, 0.4, 0.5]);
    expect(r.gates).toEqual([
      { gate_id: 'g1', agent: 'architect', escalated: true, human_resolved: true },
      { gate_id: 'g2', agent: 'qa', escalated: false },
    ]);
    expect(r.decisions?.map((d) => [d.agent, d.options])).toEqual([['architect', ['react', 'vue']], ['pm', undefined]]);
  });

  it('bad values are refused with the field named', async () => {
    fx.write('p/bad.jsonl', [
      line({ run_id: 'a', steps: [{ confidence: 150 }] }),
      line({ run_id: 'b', security: { critical: -1 } }),
      line({ run_id: 'c', rework: 'lots' }),
      line({ run_id: 'd', decisions: [{ options: 'react' }] }),
      line({ run_id: 'e', performance: { within_slo: 'maybe' } }),
      line({ run_id: 'f', task_id: { id: 1 } }),
    ].join('\n') + '\n');
    await ingest();
    expect(await reasons()).toEqual([
      'line 1: steps[0].confidence must be a number from 0 to 1, got 150',
      'line 2: security.critical must be a number ≥ 0, got -1',
      'line 3: rework must be a number ≥ 0, got "lots"',
      'line 4: decisions[0].options must be an array, got "react"',
      'line 5: performance.within_slo must be a boolean, got "maybe"',
      'line 6: task_id must be a string, got {"id":1}',
    ]);
  });

  it('a mapping file can name the task field like any other', async () => {
    fx.write('runbrain.map.json', JSON.stringify({ fields: { 'meta.benchmark_case': 'task_id', why_stopped: 'stop_reason' } }));
    fx.write('p/runs.jsonl', line({ run_id: 'm', meta: { benchmark_case: 'case-9' }, why_stopped: 'timeout' }) + '\n');
    await ingest();
    expect((await getRunDetail(fx.store.runs, 'p', 'm'))!.record).toMatchObject({ task_id: 'case-9', stop_reason: 'timeout' });
  });
});
