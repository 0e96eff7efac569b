/** The seed's max_rounds rule: lower the limit when runs finish early, raise it when they hit it. */
import type { ProjectProfile } from '../../../shared/domain';
import type { ProjectAggregates } from '../aggregates';
import { type Draft, asNumber, confidenceByRuns, overallEvidenceArm, pct } from './common';

/** Share of runs that must finish within the suggested lower limit (seed: 95 %). */
const FINISH_SHARE = 0.95;
/** Share of runs hitting the limit that calls for a higher one (seed: 20 %). */
const HIT_SHARE = 0.2;

/**
 * Rounds recommendation, or null. A run counts as having hit the limit when it reached the
 * current max_rounds or its own recorded max_rounds (a run made under a lower limit that
 * stopped there was cut short too).
 * - Lower: ≥ 95 % of runs finished before the limit, limit > avg rounds + 2, QA pass rate > 80 %
 *   → the smallest limit within which ≥ 95 % of runs finished.
 * - Higher: ≥ 20 % of runs hit the limit → +50 % (at least +1), or more if runs that had a
 *   higher limit show that 95 % of runs need more.
 */
export function recommendRounds(profile: ProjectProfile, agg: ProjectAggregates, currentValue: string | number | undefined): Draft | null {
  const current = asNumber(currentValue);
  if (current == null || current < 1) return null;
  const rows = [...agg.rounds.values()].filter((r) => r.n > 0).sort((a, b) => a.rounds - b.rounds);
  const total = rows.reduce((s, r) => s + r.n, 0);
  if (total === 0 || profile.avg_rounds_used == null) return null;

  let hits = 0;
  for (const r of rows) hits += r.rounds >= current ? r.n : r.hit_max_n;
  const hitRate = hits / total;
  const finishedBefore = 1 - hitRate;
  // Smallest L with ≥ 95 % of runs at rounds ≤ L.
  let cum = 0;
  let p95Rounds = rows[rows.length - 1].rounds;
  for (const r of rows) {
    cum += r.n;
    if (cum / total >= FINISH_SHARE) {
      p95Rounds = r.rounds;
      break;
    }
  }
  const qa = profile.overall_qa_pass_rate;
  const overall = overallEvidenceArm(profile, agg.overall);
  const values = {
    current_max_rounds: current,
    runs_with_rounds: total,
    runs_hit_limit: hits,
    hit_limit_rate: hitRate,
    finished_before_limit_rate: finishedBefore,
    avg_rounds_used: profile.avg_rounds_used,
    rounds_p95: p95Rounds,
    overall_qa_pass_rate: qa,
  };
  const confidence = confidenceByRuns(total);
  const honesty = `Based on ${total} run${total === 1 ? '' : 's'}; the rule reads shares of past runs, it is not a statistical test.`;

  if (finishedBefore >= FINISH_SHARE && current > profile.avg_rounds_used + 2 && qa != null && qa > 0.8) {
    const target = Math.max(1, p95Rounds);
    if (target >= current) return null;
    const over = rows.filter((r) => r.rounds > target).reduce((s, r) => s + r.n, 0);
    const within = (total - over) / total;
    return {
      category: 'rounds',
      field: 'max_rounds',
      current_value: current,
      recommended_value: target,
      explanation:
        `${pct(within)} of runs complete by round ${target} (average ${profile.avg_rounds_used.toFixed(1)} rounds, limit ${current}), ` +
        `QA pass rate is ${pct(qa)}. ${honesty}`,
      confidence,
      estimated_impact:
        `Faster completion, clearer expectations; ${over} of ${total} past runs (${pct(over / total)}) used more than ${target} rounds and would have been stopped earlier`,
      impact: null,
      evidence: {
        rule: 'rounds-lower: ≥ 95 % of runs finished before max_rounds, max_rounds > avg_rounds_used + 2, QA pass rate > 80 % → smallest limit within which ≥ 95 % of runs finished',
        arms: [overall],
        values,
      },
    };
  }

  if (hitRate >= HIT_SHARE) {
    const step = Math.max(current + 1, Math.ceil(current * 1.5));
    const target = Math.max(step, p95Rounds);
    const fromData = p95Rounds > step;
    return {
      category: 'rounds',
      field: 'max_rounds',
      current_value: current,
      recommended_value: target,
      explanation:
        `${pct(hitRate)} of runs (${hits} of ${total}) hit the limit of ${current} rounds, so some work was likely cut short. ` +
        'Runs stopped by the limit do not show how many rounds they needed, so the right limit cannot be read from the data: ' +
        (fromData
          ? `runs that had a higher limit show 95% finishing within ${target} rounds, so ${target} is suggested. `
          : `${target} is one step of +50% (at least one round); re-check once runs under the new limit arrive. `) +
        honesty,
      confidence,
      estimated_impact: `Runs that hit the limit (${pct(hitRate)}) get room to finish; cost per run may rise for those runs`,
      impact: null,
      evidence: {
        rule: 'rounds-higher: ≥ 20 % of runs hit max_rounds → max(limit + 1, ⌈1.5 × limit⌉, 95th percentile of rounds used)',
        arms: [overall],
        values: { ...values, suggested_step: step },
        notes: ['Rounds of runs that hit the limit are censored: the rounds they would have needed are unknown.'],
      },
    };
  }
  return null;
}
