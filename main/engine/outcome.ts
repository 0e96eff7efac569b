/**
 * Predicted vs realised effect of an applied change: the ledger's closing of the loop, in the
 * units the recommendation decided in: dollars per run (the mean, $0 runs included, with its
 * 95 % t-interval) and the pass rate with its Wilson interval.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import type { ArmOutcome, EvidenceArm, LedgerEntry, Recommendation } from '../../shared/domain';
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
  /** Σ cost² (for the dollar interval; without it the realised interval is null). */
  sum_cost2?: number;
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
  return {
    runs: arm.n,
    cost_per_run: arm.avg_cost ?? null,
    cost_ci: arm.avg_cost_ci ?? null,
    qa_pass_rate: arm.qa_pass_rate,
    qa_ci: arm.qa_pass_rate_ci,
  };
}

/** What runs under the new setting actually did. */
export function realisedOutcome(s: RealisedStats): ArmOutcome {
  const n = s.cost_n;
  const mean = n > 0 ? s.sum_cost / n : null;
  let ci: [number, number] | null = null;
  if (mean != null && n >= 2 && s.sum_cost2 != null) {
    const sd = Math.sqrt(Math.max(0, (s.sum_cost2 - n * mean * mean) / (n - 1)));
    const half = tQuantile(0.975, n - 1) * sd / Math.sqrt(n);
    ci = [mean - half, mean + half];
  }
  return {
    runs: s.runs,
    cost_per_run: mean,
    cost_ci: ci,
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
