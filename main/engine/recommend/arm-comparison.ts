/**
 * Mode, strategy and model recommendations: is another arm of the same factor cheaper, and not
 * worse on QA? The seed's point thresholds (≥ 3 runs per arm, ≥ 15 % cheaper, QA within
 * 5 points) decide whether there is anything to say; the tests below decide how sure we are.
 */
import type { ArmStats, Confidence, Evidence, RecommendationCategory } from '../../../shared/domain';
import type { Factor } from '../../../shared/run-record';
import type { ArmAggregate } from '../aggregates';
import { impactFromRatio, impactText } from '../impact';
import { probAltWorse } from '../stats/beta-compare';
import { holmAdjust } from '../stats/holm';
import { logSummary } from '../stats/log-cost';
import { runsToSettle } from '../stats/power';
import { welchLogTest, type WelchLogResult } from '../stats/welch-log-test';
import { newcombeDiffInterval } from '../stats/wilson';
import { type Draft, FIELD_OF, evidenceArm, pText, pct, probText, rateText, usd } from './common';

export const ARM_RULES = {
  minRunsPerArm: 3,
  /** Seed: the other arm costs > 15 % less (point estimate, ratio of geometric means). */
  maxRatio: 0.85,
  /** Seed: QA "similar or better", within 5 points (point estimate; low tier only). */
  qaMargin: 0.05,
  /** Block when P(p_alt − p_cur < −qaMargin) ≥ this, under Beta(1,1) priors. */
  qaBlockProbability: 0.8,
  mediumAlpha: 0.01,
  highAlpha: 0.001,
  highMaxRatio: 0.8,
  highMinRunsPerArm: 5,
  /** High needs the observed QA difference ≥ −2 points. */
  highQaFloor: -0.02,
} as const;

const NOUN: Record<RecommendationCategory, string> = { mode: 'Mode', strategy: 'Prompt strategy', model: 'Model', rounds: 'Rounds', cost: 'Cost' };

interface Candidate {
  arm: string;
  stats: ArmStats;
  agg: ArmAggregate;
  test: WelchLogResult;
  pAdj: number;
}

const qaN = (a: ArmAggregate): number => a.qa_passed + a.qa_warning + a.qa_failed;

/**
 * The QA guard: P(p_alt − p_cur < −5 points) under Beta(1,1) priors, and whether that blocks
 * the alternative (probability ≥ 0.8). A blocked arm is never recommended, at any confidence.
 */
export function qaGuard(altPassed: number, altN: number, curPassed: number, curN: number): { p_qa_worse: number; blocked: boolean } {
  const p = probAltWorse(altPassed, altN, curPassed, curN, ARM_RULES.qaMargin);
  return { p_qa_worse: p, blocked: p >= ARM_RULES.qaBlockProbability };
}
const TIER_RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

/**
 * Compares every other arm of `factor` with the current one and returns the best
 * recommendation, or null. Nothing is said when the current arm has < 3 runs.
 */
export function recommendArm(
  category: 'mode' | 'strategy' | 'model',
  factor: Factor,
  armStatsByName: Record<string, ArmStats>,
  arms: Map<string, ArmAggregate>,
  currentValue: string | number | undefined,
): Draft | null {
  if (currentValue == null || currentValue === '') return null;
  const current = String(currentValue);
  const curAgg = arms.get(current);
  const curStats = armStatsByName[current];
  const curLog = curAgg ? logSummary(curAgg) : null;
  if (!curAgg || !curStats || !curLog || curAgg.n < ARM_RULES.minRunsPerArm || curLog.n < 2) return null;

  // Every alternative with enough runs is tested, so Holm counts all comparisons made.
  const tested: Array<Omit<Candidate, 'pAdj'>> = [];
  for (const [arm, agg] of arms) {
    if (arm === current || agg.n < ARM_RULES.minRunsPerArm || !armStatsByName[arm]) continue;
    const log = logSummary(agg);
    const test = log ? welchLogTest(log, curLog) : null;
    if (test) tested.push({ arm, stats: armStatsByName[arm], agg, test });
  }
  if (tested.length === 0) return null;
  const adjusted = holmAdjust(tested.map((c) => c.test.p_one_sided));
  const k = tested.length;

  let best: { draft: Draft; rank: number; ratio: number } | null = null;
  for (let i = 0; i < k; i++) {
    const c: Candidate = { ...tested[i], pAdj: adjusted[i] };
    const draft = judge(category, factor, current, curStats, curAgg, c, k);
    if (!draft) continue;
    const rank = TIER_RANK[draft.confidence];
    if (!best || rank > best.rank || (rank === best.rank && c.test.ratio < best.ratio)) best = { draft, rank, ratio: c.test.ratio };
  }
  return best?.draft ?? null;
}

function judge(
  category: 'mode' | 'strategy' | 'model', factor: Factor, current: string, curStats: ArmStats, curAgg: ArmAggregate, c: Candidate, k: number,
): Draft | null {
  const R = ARM_RULES;
  const { test } = c;
  const qaAlt = c.stats.qa_pass_rate;
  const qaCur = curStats.qa_pass_rate;
  const qaDiff = qaAlt != null && qaCur != null ? qaAlt - qaCur : null;
  // The seed's cost threshold holds at every tier: nothing to say about a < 15 % saving.
  if (test.ratio > R.maxRatio) return null;
  // QA guard: a cheaper arm that is probably worse on QA is never recommended.
  const guard = qaGuard(c.agg.qa_passed, qaN(c.agg), curAgg.qa_passed, qaN(curAgg));
  if (guard.blocked) return null;
  const pWorse = guard.p_qa_worse;

  const runsOk = c.agg.n >= R.highMinRunsPerArm && curAgg.n >= R.highMinRunsPerArm;
  let confidence: Confidence = 'low';
  if (c.pAdj < R.mediumAlpha) confidence = 'medium';
  if (c.pAdj < R.highAlpha && test.ratio <= R.highMaxRatio && runsOk && qaDiff != null && qaDiff >= R.highQaFloor) confidence = 'high';
  // Low rests on point values only, so it keeps the seed's point QA threshold too. Medium and
  // high judge QA by its uncertainty (the guard above): with 20 runs per arm and equal true
  // rates the observed difference falls below −5 points about a third of the time.
  if (confidence === 'low' && qaDiff != null && qaDiff < -R.qaMargin) return null;

  const altLog = logSummary(c.agg)!;
  const curLog = logSummary(curAgg)!;
  const power = confidence === 'low'
    ? runsToSettle({ diff: test.diff, sd_alt: altLog.sd, sd_cur: curLog.sd, n_alt: altLog.n, n_cur: curLog.n, alpha: R.mediumAlpha / k })
    : null;
  const qaCi = newcombeDiffInterval(c.agg.qa_passed, qaN(c.agg), curAgg.qa_passed, qaN(curAgg));
  const impact = impactFromRatio(curStats.avg_cost, test.ratio, test.ratio_ci);

  const saving = 1 - test.ratio;
  const savingCi: [number, number] = [1 - test.ratio_ci[1], 1 - test.ratio_ci[0]];
  const multi = k > 1 ? `, Holm-adjusted over ${k} alternatives` : '';
  const qaWord =
    qaDiff == null ? 'QA outcomes are missing for at least one of them'
      : qaDiff >= 0 ? 'similar or better QA pass rate'
        : qaDiff >= -R.qaMargin ? 'similar QA pass rate'
          : 'lower QA pass rate, but not clearly worse';
  const parts = [
    `${NOUN[category]} ${c.arm} costs ${pct(saving)} less than ${current} per run ` +
      `(geometric mean ${usd(c.stats.geo_mean_cost!)} vs ${usd(curStats.geo_mean_cost!)}, medians ${fmtMaybe(c.stats.median_cost)} vs ${fmtMaybe(curStats.median_cost)}; ` +
      `95% CI for the saving ${savingRange(savingCi)}, one-sided ${pText(c.pAdj)}${multi}).`,
    `${cap(qaWord)}: ${rateText(qaAlt, c.stats.qa_pass_rate_ci)} vs ${rateText(qaCur, curStats.qa_pass_rate_ci)}; ` +
      `chance that ${c.arm} passes QA more than 5 points less often: ${probText(pWorse)}.`,
  ];
  if (confidence === 'low') {
    const more = power ? power.more_runs_per_arm : null;
    parts.push(
      `With ${c.agg.n} and ${curAgg.n} runs the cost gap could still be noise` +
        (more != null && more > 0 ? `; about ${more} more runs per arm would settle it.` : '.'),
    );
  }

  const notes: string[] = [];
  if (qaDiff == null) notes.push('No QA outcomes for at least one arm: the QA guard used the uniform prior only.');
  if (c.agg.log_n < c.agg.cost_n || curAgg.log_n < curAgg.cost_n) notes.push('Runs with cost $0 are left out of the log-cost test.');
  notes.push('Impact assumes the switch scales each run\'s cost by the ratio of geometric means.');

  const evidence: Evidence = {
    rule:
      `${category}-arm-comparison: ≥ ${R.minRunsPerArm} runs per arm, geometric-mean saving ≥ 15 %, QA not blocked ` +
      `(P(p_alt − p_cur < −5 pts) < ${R.qaBlockProbability}); medium: one-sided Welch t on log cost, Holm-adjusted p < ${R.mediumAlpha}; ` +
      `high: also p < ${R.highAlpha}, saving ≥ 20 %, ≥ ${R.highMinRunsPerArm} runs per arm, observed QA difference ≥ −2 pts; low: otherwise`,
    arms: [evidenceArm(curStats, curAgg), evidenceArm(c.stats, c.agg)],
    p_value: test.p_one_sided,
    p_value_adjusted: c.pAdj,
    arms_compared: k,
    cost_ratio: { estimate: test.ratio, ci_low: test.ratio_ci[0], ci_high: test.ratio_ci[1] },
    p_qa_worse: pWorse,
    qa_blocked: false,
    values: { factor, saving, t: test.t, df: test.df, current_arm: current, recommended_arm: c.arm },
    notes,
  };
  if (qaCi) evidence.qa_diff = qaCi;
  if (power) evidence.power = power;

  return {
    category,
    field: FIELD_OF[category],
    current_value: current,
    recommended_value: c.arm,
    explanation: parts.join(' '),
    confidence,
    estimated_impact: impact ? impactText(impact) : `~${pct(saving)} lower cost per run`,
    impact,
    evidence,
  };
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const fmtMaybe = (x: number | null): string => (x == null ? 'n/a' : usd(x));

function savingRange([lo, hi]: [number, number]): string {
  // lo < 0 means the interval still allows the alternative to cost more.
  return lo < 0 ? `from ${pct(-lo)} more to ${pct(hi)} less` : `${pct(lo)}–${pct(hi)}`;
}
