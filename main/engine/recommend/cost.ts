/** The seed's max_cost_usd rule: fit the cost limit to the historical maximum plus 20 %. */
import type { ProjectProfile } from '../../../shared/domain';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import type { ArmAggregate, ProjectAggregates } from '../aggregates';
import { logSummary } from '../stats/log-cost';
import { type Draft, asNumber, confidenceByRuns, overallEvidenceArm, pct, usd } from './common';

/** Buffer over the historical maximum (seed: × 1.2). */
const BUFFER = 1.2;
/** A limit this far above the historical maximum is too loose (seed: > 1.3 ×). */
const LOOSE = 1.3;

/** Runs whose cost exceeded `limit`, read from the histogram (bins are 0.1 % wide). */
function runsAbove(arm: ArmAggregate, limit: number): number {
  let n = 0;
  for (const [count, sum] of arm.cost_bins.values()) if (sum / count > limit) n += count;
  return n;
}

/**
 * P(the next run costs more than `limit`): a lognormal fitted to the paid runs' log costs, times
 * the share of paid runs (a $0 run never exceeds a limit). Null with < 2 paid runs.
 */
export function pNextExceeds(arm: ArmAggregate, limit: number): number | null {
  const log = logSummary(arm);
  if (!log || log.n < 2 || !(log.sd > 0) || arm.cost_n === 0) return null;
  return (arm.log_n / arm.cost_n) * (1 - normalCdf((Math.log(limit) - log.mean) / log.sd, 0, 1));
}

/**
 * Cost-limit recommendation, or null: when the historical max exceeds the limit, or the limit
 * is more than 1.3 × the historical max, recommend historical max × 1.2 rounded to cents.
 */
export function recommendCost(profile: ProjectProfile, agg: ProjectAggregates, currentValue: string | number | undefined): Draft | null {
  const limit = asNumber(currentValue);
  const max = profile.max_cost;
  const n = agg.overall.cost_n;
  if (limit == null || limit <= 0 || max == null || n === 0) return null;
  const raise = max > limit;
  const lower = limit > LOOSE * max;
  if (!raise && !lower) return null;
  const target = Math.max(0.01, Math.round(max * BUFFER * 100) / 100);
  if (target === limit) return null;

  const above = runsAbove(agg.overall, limit);
  const cut = runsAbove(agg.overall, target);
  const pNext = pNextExceeds(agg.overall, target);
  const proposed = `At ${usd(target)}, ${cut} of ${n} past runs (${pct(cut / n)}) would have been cut` +
    (pNext != null ? `; the chance that the next run exceeds it is about ${pNext < 0.001 ? '<0.1%' : pct(pNext)} (lognormal fit to the paid runs).` : '.');
  // Exchangeability: the next run beats the highest of n past runs with probability 1/(n + 1).
  const tail = `The highest of ${n} runs understates what future runs can cost (about 1 in ${n + 1} new runs will exceed it); the 20% buffer covers part of that.`;
  const explanation = raise
    ? `Historical max cost is ${usd(max)}, above the current limit of ${usd(limit)}: ${above} of ${n} runs (${pct(above / n)}) cost more than the limit. ${tail}`
    : `Historical max cost is ${usd(max)}. Current limit is ${pct(limit / max - 1)} higher than needed (95% of runs cost ≤ ${usd(profile.p95_cost ?? max)}). ${tail}`;
  const full = `${explanation} ${proposed}`;
  return {
    category: 'cost',
    field: 'max_cost_usd',
    current_value: limit,
    recommended_value: target,
    explanation: full,
    kind: 'limit',
    source_experiment: null,
    confidence: confidenceByRuns(n),
    confidence_cost: confidenceByRuns(n),
    confidence_qa: confidenceByRuns(n),
    estimated_impact: raise
      ? `Runs like the ${pct(above / n)} that went over ${usd(limit)} would no longer hit the limit; cost per run of other runs is unchanged`
      : `Better cost control without restricting runs: no past run cost more than ${usd(max)}`,
    impact: null,
    evidence: {
      rule: raise
        ? 'cost-raise: historical max > max_cost_usd → historical max × 1.2, rounded to cents'
        : 'cost-lower: max_cost_usd > 1.3 × historical max → historical max × 1.2, rounded to cents',
      arms: [overallEvidenceArm(profile, agg.overall)],
      values: {
        current_max_cost_usd: limit,
        historical_max_cost: max,
        p95_cost: profile.p95_cost,
        runs_with_cost: n,
        runs_above_limit: above,
        p_next_run_exceeds_max: 1 / (n + 1),
        p_next_run_exceeds_proposed: pNext,
        share_of_past_runs_cut: cut / n,
      },
    },
  };
}
