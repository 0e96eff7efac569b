/** Headline numbers of a learning result: the report's summary and `runbrain metrics`. */
import { decisionAligned, rateCi, runPassed, runRetries, runTokens } from './run-facts';
import type { LearningRun } from './types';
import type { LearningOverview } from '../../../shared/learning';
export type { LearningOverview } from '../../../shared/learning';

/** Overall rates over all runs. */
export function overview(runs: readonly LearningRun[]): LearningOverview {
  let qaS = 0, qaN = 0, stS = 0, stN = 0, gF = 0, gN = 0, ov = 0, dN = 0, ret = 0, retN = 0, tok = 0, tokPass = 0;
  for (const r of runs) {
    const p = runPassed(r);
    if (p != null) {
      qaN++;
      if (p) qaS++;
      const t = runTokens(r);
      if (t != null) {
        tok += t;
        if (p) tokPass++;
      }
    }
    for (const s of r.steps ?? []) {
      if (s.success == null) continue;
      stN++;
      if (s.success) stS++;
    }
    for (const g of r.gates ?? []) {
      if (g.result == null) continue;
      gN++;
      if (g.result === 'fail') gF++;
    }
    for (const d of r.decisions ?? []) {
      const a = decisionAligned(d);
      if (a == null) continue;
      dN++;
      if (!a) ov++;
    }
    const rt = runRetries(r);
    if (rt != null) {
      ret += rt;
      retN++;
    }
  }
  return {
    runs: runs.length, qa_pass_rate: rateCi(qaS, qaN), agent_success_rate: rateCi(stS, stN), gate_failure_rate: rateCi(gF, gN),
    override_rate: rateCi(ov, dN), avg_retries: retN ? ret / retN : null, tokens_per_success: tokPass ? tok / tokPass : null,
  };
}
