/**
 * The max_rounds rule with censoring. A run hit the limit only when the limit stopped it; its
 * rounds-to-finish is then censored (it needed more than it got), and "finished within L" comes
 * from Kaplan–Meier with a one-sided lower bound, not from a share of past runs.
 * - Lower: ≥ 95 % of runs were not stopped by the limit, limit > avg rounds + 2, QA > 80 % → the
 *   smallest L with KM P(finished ≤ L) ≥ 95 %; confidence from the 95 % lower bound of that share
 *   (high ≥ 0.90, medium ≥ 0.80, else low).
 * - Raise: ≥ 20 % of runs stopped by the limit → the smallest L with KM P(finished ≤ L) ≥ 95 % when
 *   runs under higher limits show it, else max(limit + 1, ⌈1.5 × limit⌉).
 * - Hysteresis: a proposal that would undo the ledger's last applied max_rounds change stands only
 *   when the runs made under the new value, alone, make the same proposal.
 */
import type { Confidence, ProjectProfile } from '../../../shared/domain';
import type { ProjectAggregates } from '../aggregates';
import { finishedWithin, kaplanMeier, smallestLimitReaching, type SurvivalCount } from '../stats/kaplan-meier';
import { type Draft, asNumber, confidenceByRuns, overallEvidenceArm, pct } from './common';

/** Share of runs that must finish within the suggested lower limit (seed: 95 %). */
const FINISH_SHARE = 0.95;
/** Share of runs stopped by the limit that calls for a higher one (seed: 20 %). */
const HIT_SHARE = 0.2;

/** Runs sharing rounds, own limit and how they ended (one row of the store's GROUP BY). */
export interface RoundsOutcome {
  rounds: number;
  /** The run's own max_rounds (null when it did not record one: the current limit is assumed). */
  max_rounds: number | null;
  status: string | null;
  qa_status: string | null;
  /** Whether the run's stop_reason names the limit (null: no stop_reason). */
  stop_reason_limit: boolean | null;
  n: number;
}

/** An applied max_rounds change from the ledger (undone ones left out). */
export interface LimitChange {
  before: number | null;
  after: number;
  applied_ms: number;
}

export interface LimitFacts {
  rounds: RoundsOutcome[];
  /** Applied max_rounds changes, oldest first. */
  changes: LimitChange[];
}

const STOPPED_STATUS = new Set(['aborted', 'timeout', 'failed']);

/** How a run at or past its limit ended: stopped by it, finished, or unknown (no status, no QA). */
export function stoppedByLimit(o: RoundsOutcome, limit: number): boolean | null {
  if (o.rounds < limit) return false;
  if (o.stop_reason_limit === true) return true;
  if (o.status != null && STOPPED_STATUS.has(o.status)) return true;
  if (o.qa_status != null && o.qa_status !== 'passed') return true;
  if (o.status != null || o.qa_status === 'passed' || o.stop_reason_limit === false) return false;
  return null;
}

interface Survival {
  counts: SurvivalCount[];
  total: number;
  stopped: number;
  /** Runs at their limit with neither status nor QA: counted as stopped (the seed's literal rule). */
  fallback: number;
}

function survival(rows: readonly RoundsOutcome[], current: number): Survival {
  const counts: SurvivalCount[] = [];
  let total = 0;
  let stopped = 0;
  let fallback = 0;
  for (const o of rows) {
    if (o.n <= 0) continue;
    const limit = o.max_rounds ?? current;
    const s = stoppedByLimit(o, limit);
    total += o.n;
    // Stopped at its limit: the run needed more rounds than it got (censored at `rounds`).
    if (s === true || s === null) {
      stopped += o.n;
      if (s === null) fallback += o.n;
      counts.push({ time: o.rounds, events: 0, censored: o.n });
    } else counts.push({ time: o.rounds, events: o.n, censored: 0 });
  }
  return { counts, total, stopped, fallback };
}

function tierOf(lowerBound: number): Confidence {
  return lowerBound >= 0.9 ? 'high' : lowerBound >= 0.8 ? 'medium' : 'low';
}

interface Proposal {
  target: number;
  direction: 'lower' | 'raise';
  draft: Draft;
}

/**
 * Rounds recommendation, or null. With `facts` (rounds outcomes from the store), the censoring
 * rule above; without, outcomes are read from the aggregates' rounds histogram (no status there:
 * a run at its limit counts as stopped, the seed's literal rule, and the card says so).
 */
export function recommendRounds(profile: ProjectProfile, agg: ProjectAggregates, currentValue: string | number | undefined, facts?: LimitFacts): Draft | null {
  const current = asNumber(currentValue);
  if (current == null || current < 1 || profile.avg_rounds_used == null) return null;
  const rows = facts?.rounds ?? fromHistogram(agg);
  const all = propose(profile, agg, rows, current);
  if (!all) return null;
  const last = facts?.changes.length ? facts.changes[facts.changes.length - 1] : null;
  if (!last || last.after !== current || last.before == null || last.before === current) return all.draft;
  const undoes = (last.after < last.before && all.direction === 'raise') || (last.after > last.before && all.direction === 'lower');
  if (!undoes) return all.draft;
  // Would move back toward the value the ledger changed away from: only runs under the new value may say so.
  const under = rows.filter((o) => o.max_rounds === current);
  const own = propose(profile, agg, under, current);
  if (!own || own.direction !== all.direction) return null;
  own.draft.evidence.notes = [
    ...(own.draft.evidence.notes ?? []),
    `The ledger changed max_rounds ${last.before} → ${last.after}; this proposal moves back and rests on the ${under.reduce((s, o) => s + o.n, 0)} runs made under ${current} alone.`,
  ];
  return own.draft;
}

function fromHistogram(agg: ProjectAggregates): RoundsOutcome[] {
  return [...agg.rounds.values()].filter((r) => r.n > 0).flatMap((r) => {
    const out: RoundsOutcome[] = [];
    const atOwnLimit = r.hit_max_n;
    const rest = r.n - atOwnLimit;
    if (atOwnLimit > 0) out.push({ rounds: r.rounds, max_rounds: r.rounds, status: null, qa_status: null, stop_reason_limit: null, n: atOwnLimit });
    if (rest > 0) {
      // Without a recorded limit, the current one applies; with one, these runs stopped below it.
      const withLimit = r.with_limit_n - atOwnLimit;
      if (withLimit > 0) out.push({ rounds: r.rounds, max_rounds: r.rounds + 1, status: null, qa_status: null, stop_reason_limit: null, n: withLimit });
      if (rest - withLimit > 0) out.push({ rounds: r.rounds, max_rounds: null, status: null, qa_status: null, stop_reason_limit: null, n: rest - withLimit });
    }
    return out;
  });
}

function propose(profile: ProjectProfile, agg: ProjectAggregates, rows: readonly RoundsOutcome[], current: number): Proposal | null {
  const sv = survival(rows, current);
  if (sv.total === 0) return null;
  const steps = kaplanMeier(sv.counts);
  const stoppedShare = sv.stopped / sv.total;
  const qa = profile.overall_qa_pass_rate;
  const overall = overallEvidenceArm(profile, agg.overall);
  const reach = smallestLimitReaching(steps, FINISH_SHARE);
  const values: Record<string, number | string | null> = {
    current_max_rounds: current,
    runs_with_rounds: sv.total,
    runs_stopped_by_limit: sv.stopped,
    stopped_by_limit_rate: stoppedShare,
    runs_judged_by_seed_rule: sv.fallback,
    avg_rounds_used: profile.avg_rounds_used,
    km_limit_95: reach,
    overall_qa_pass_rate: qa,
  };
  const fallbackNote = sv.fallback > 0
    ? [`${sv.fallback} of ${sv.total} runs reached their limit with neither a status nor a QA outcome: counted as stopped by the limit (the seed's literal rule).`]
    : [];
  const runsText = `${sv.total} run${sv.total === 1 ? '' : 's'}`;

  if (1 - stoppedShare >= FINISH_SHARE && current > profile.avg_rounds_used! + 2 && qa != null && qa > 0.8 && reach != null) {
    const target = Math.max(1, reach);
    if (target >= current) return null;
    const fw = finishedWithin(steps, target)!;
    const confidence = tierOf(fw.lower);
    const over = rows.filter((o) => o.rounds > target).reduce((s, o) => s + o.n, 0);
    return {
      target, direction: 'lower',
      draft: {
        category: 'rounds', field: 'max_rounds', kind: 'limit', source_experiment: null, current_value: current, recommended_value: target,
        explanation:
          `${pct(fw.share)} of runs finish within ${target} rounds (Kaplan–Meier over ${runsText}, runs stopped by a limit counted as unfinished; ` +
          `one-sided 95% lower bound ${pct(fw.lower)}, effective n ${fw.n_eff.toFixed(1)}); average ${profile.avg_rounds_used!.toFixed(1)} rounds, limit ${current}, QA pass rate ${pct(qa)}. ` +
          `Confidence ${confidence}: the lower bound is ${fw.lower >= 0.9 ? '≥ 0.90' : fw.lower >= 0.8 ? '≥ 0.80' : 'below 0.80'}.`,
        confidence, confidence_cost: confidence, confidence_qa: confidence,
        estimated_impact: `Faster completion, clearer expectations; ${over} of ${sv.total} past runs (${pct(over / sv.total)}) used more than ${target} rounds and would have been stopped earlier`,
        impact: null,
        evidence: {
          rule: 'rounds-lower: ≥ 95 % of runs not stopped by the limit, max_rounds > avg_rounds_used + 2, QA pass rate > 80 % → smallest L with Kaplan–Meier P(finished ≤ L) ≥ 95 %; confidence from its one-sided 95 % lower bound: high ≥ 0.90, medium ≥ 0.80, else low',
          arms: [overall],
          values: { ...values, km_share_at_target: fw.share, km_lower_bound_at_target: fw.lower, km_effective_n: fw.n_eff },
          notes: fallbackNote,
        },
      },
    };
  }

  if (stoppedShare >= HIT_SHARE) {
    const step = Math.max(current + 1, Math.ceil(current * 1.5));
    const fromData = reach != null && reach > current;
    const target = fromData ? reach : step;
    const fw = fromData ? finishedWithin(steps, target) : null;
    const confidence: Confidence = fw ? tierOf(fw.lower) : confidenceByRuns(sv.total) === 'high' ? 'medium' : 'low';
    return {
      target, direction: 'raise',
      draft: {
        category: 'rounds', field: 'max_rounds', kind: 'limit', source_experiment: null, current_value: current, recommended_value: target,
        explanation:
          `${pct(stoppedShare)} of runs (${sv.stopped} of ${sv.total}) were stopped by the limit of ${current} rounds before finishing. ` +
          (fromData
            ? `Runs made under higher limits show ${pct(fw!.share)} finishing within ${target} rounds (Kaplan–Meier, lower bound ${pct(fw!.lower)}), so ${target} is suggested.`
            : `Runs stopped by the limit do not show how many rounds they needed and no runs under a higher limit show it, so ${target} is one step of +50% (at least one round); re-check once runs under the new limit arrive.`),
        confidence, confidence_cost: confidence, confidence_qa: confidence,
        estimated_impact: `Runs stopped by the limit (${pct(stoppedShare)}) get room to finish; cost per run may rise for those runs`,
        impact: null,
        evidence: {
          rule: 'rounds-higher: ≥ 20 % of runs stopped by max_rounds → smallest L with Kaplan–Meier P(finished ≤ L) ≥ 95 % from runs under higher limits, else max(limit + 1, ⌈1.5 × limit⌉)',
          arms: [overall],
          values: { ...values, suggested_step: step },
          notes: ['Rounds of runs stopped by the limit are censored: Kaplan–Meier counts them as unfinished at that round.', ...fallbackNote],
        },
      },
    };
  }
  return null;
}
