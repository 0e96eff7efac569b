/** Planted runs for the learning tests (not used by the app). */
import type { LearningGate, LearningRun } from './types';

let seq = 0;
/** A run with only the given fields set (ids unique per process). */
export function lrun(over: Partial<LearningRun> = {}): LearningRun {
  seq++;
  return { run_id: `r${seq}`, project_id: 'p', ...over };
}

/** n runs of which `passes` passed, with the given fields. */
export function passRuns(n: number, passes: number, over: Partial<LearningRun> = {}): LearningRun[] {
  return Array.from({ length: n }, (_, i) => lrun({ qa_status: i < passes ? 'passed' : 'failed', ...over }));
}

/** ISO time `day` days (fractional allowed) after 2026-01-05 (a Monday). */
export function day(d: number): string {
  return new Date(Date.UTC(2026, 0, 5) + d * 86_400_000).toISOString();
}

/** A template function that masks numbers and quoted strings, like the health miner's masking. */
export const maskTemplate = (m: string): string => m.replace(/"[^"]*"/g, '<*>').replace(/\d+/g, '<*>');

/** One project where every loop has something planted. */
export function plantedRuns(): LearningRun[] {
  const gate = (i: number): LearningGate[] => {
    if (i < 30) return [{ gate_id: 'api_contract_present', result: 'pass' }];
    if (i < 42) return [{ gate_id: 'api_contract_present', result: 'fail', agent: 'architect', reason: `missing error codes for endpoint ${i}` }];
    if (i < 47) return [{ gate_id: 'api_contract_present', result: 'fail', agent: 'architect', reason: 'File does not exist at api/openapi.yaml' }];
    if (i < 49) return [{ gate_id: 'api_contract_present', result: 'fail', agent: 'architect', reason: `timeout after ${i}s` }];
    return [];
  };
  const runs: LearningRun[] = [];
  for (let i = 0; i < 60; i++) {
    runs.push(lrun({
      started_at: day(i * 0.2), qa_status: 'passed', gates: gate(i),
      steps: [{ agent: 'architect', success: true }, { agent: 'engineer', success: true }, { agent: 'qa', success: i % 2 === 0 }],
      decisions: i < 12 ? [{ decision_type: 'feature_priority', agent: 'engineer', agent_recommendation: 'A', human_decision: i < 8 ? 'B' : 'A' }] : [],
    }));
  }
  for (let i = 0; i < 10; i++) runs.push(lrun({ started_at: day(13), qa_status: 'passed', steps: [{ agent: 'architect', success: true }, { agent: 'qa', success: i < 9 }] }));
  return runs;
}

