/**
 * Predicted vs realised effect of an applied change: the ledger's closing of the loop.
 * Cost is compared as the geometric mean per run with the t-interval on mean log cost,
 * exponentiated (the aggregates keep log-cost sums, not sums of squared costs, and log cost is
 * what the recommendation tested). QA as the pass rate with its Wilson interval.
 */
import type { ArmOutcome, EvidenceArm, LedgerEntry, Recommendation } from '../../shared/domain';
import { geoMeanInterval, logSummaryFromSums } from './stats/log-cost';
import { wilsonInterval } from './stats/wilson';

/** What the runs made under the new setting add up to (the same sums the aggregates keep). */
export interface RealisedStats {
  runs: number;
  sum_cost: number;
  cost_n: number;
  /** Sums over runs with cost > 0; `log_n` defaults to cost_n when not given. */
  sum_log_cost: number;
  sum_log_cost2: number;
  log_n?: number;
  qa_passed: number;
  /** Runs with a QA outcome (passed + warning + failed). */
  qa_n: number;
}

/** The arm whose history predicts the new setting: the recommended arm, else all runs. */
function predictedArm(rec: Recommendation): EvidenceArm | null {
  const arms = rec.evidence.arms ?? [];
  return arms.find((a) => a.arm === String(rec.recommended_value)) ?? arms.find((a) => a.arm === 'all') ?? null;
}

/**
 * The prediction a recommendation made for runs under its new setting: for mode/strategy/model
 * the recommended arm's history; for rounds and cost limits, all runs so far (those rules
 * predict no change in cost per run or QA). Null when the evidence holds no arm.
 */
export function predictedOutcome(rec: Recommendation): ArmOutcome | null {
  const arm = predictedArm(rec);
  if (!arm) return null;
  const logN = arm.log_n ?? arm.cost_n;
  let costCi: [number, number] | null = null;
  if (arm.geo_mean_cost != null && arm.geo_mean_cost > 0 && arm.log_sd != null && logN >= 2) {
    costCi = geoMeanInterval({ n: logN, mean: Math.log(arm.geo_mean_cost), sd: arm.log_sd });
  }
  return {
    runs: arm.n,
    cost_per_run: arm.geo_mean_cost,
    cost_ci: costCi,
    qa_pass_rate: arm.qa_pass_rate,
    qa_ci: arm.qa_pass_rate_ci,
  };
}

/** What runs under the new setting actually did. */
export function realisedOutcome(s: RealisedStats): ArmOutcome {
  const log = logSummaryFromSums(s.log_n ?? s.cost_n, s.sum_log_cost, s.sum_log_cost2);
  return {
    runs: s.runs,
    cost_per_run: log ? Math.exp(log.mean) : null,
    cost_ci: geoMeanInterval(log),
    qa_pass_rate: s.qa_n > 0 ? s.qa_passed / s.qa_n : null,
    qa_ci: wilsonInterval(s.qa_passed, s.qa_n),
  };
}

/** The ledger entry's outcome block: ready once ≥ min_runs runs ran under the new setting. */
export function ledgerOutcome(rec: Recommendation | null, realised: RealisedStats, minRuns: number): NonNullable<LedgerEntry['outcome']> {
  return {
    min_runs: minRuns,
    runs_since: realised.runs,
    ready: realised.runs >= minRuns,
    predicted: rec ? predictedOutcome(rec) : null,
    realised: realised.runs > 0 ? realisedOutcome(realised) : null,
  };
}
