/**
 * Mode, strategy, model, prompt-version and recipe recommendations from the experiments engine:
 * each arm of a factor is judged on the experiment's deciding estimate (paired on shared tasks,
 * stratified over a confounder, else raw), with always-valid p-values Holm-adjusted across the
 * arms, so a card is as safe to re-read after every run as the experiment's status is.
 *
 * Two kinds of card:
 * - cheaper: dollars per run lower by ≥ 15 % (point, on the deciding estimate, $0 runs included),
 *   cost per passed run not worse with always-valid confidence, and the QA tier from
 *   P(pass rate worse by more than the margin). Cost confidence: high when always-valid
 *   p < 0.001 after Holm, medium < 0.05, low on the point conditions alone.
 * - better_quality: pass rate higher with always-valid confidence (p < 0.05 after Holm); the price
 *   per extra passed run is stated; recommended when cost per passed run does not get worse, or
 *   when the price is within the project's willingness to pay; otherwise an option ("considered").
 * The card's tier is the lower of its cost and QA confidences. Every arm not recommended is
 * returned with its reason.
 */
import type { Confidence, ConsideredArm, ConsideredReasonKind, EvidenceArm, RecommendationCategory, RecommendationKind } from '../../../shared/domain';
import type { TunableField } from '../../../shared/run-record';
import { GUARDRAIL_BLOCK } from '../experiments/decide';
import type { ExperimentResult, VariantRow } from '../experiments/types';
import { impactFromRatio, impactText } from '../impact';
import { ARM_RULES, costTier, pQaWorse, pWorseBy, qaTier, type ArmSettings } from './arm-rules';
import { confidenceSequence } from '../stats/confidence-sequence';
export { ARM_RULES, costTier, qaTier, pQaWorse, pWorseBy, type ArmSettings } from './arm-rules';
import { type Draft, pText, pct, probText, rateText, usd } from './common';

export const NOUN: Record<RecommendationCategory, string> = {
  mode: 'Mode', strategy: 'Prompt strategy', model: 'Model', prompt_version: 'Prompt version', recipe: 'Recipe', rounds: 'Rounds', cost: 'Cost',
};

const RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };
const lower = (a: Confidence, b: Confidence): Confidence => (RANK[a] <= RANK[b] ? a : b);

export interface FactorJudgement {
  draft: Draft | null;
  considered: ConsideredArm[];
}

interface Qualified {
  kind: RecommendationKind;
  tier: Confidence;
  /** Sort key within a tier: the saving (cheaper) or the pass-rate gain (better quality). */
  key: number;
  draft: Draft;
}

type Verdict = { ok: true; q: Qualified } | { ok: false; kind: ConsideredReasonKind; reason: string };

interface Ctx {
  /** P(QA worse by more than the margin) per arm, computed once (a numerical integral). */
  qaWorse: (v: VariantRow) => number | null;
  /** P(QA worse by more than twice the margin) per arm (the tail check of high and medium). */
  qaWorse2: (v: VariantRow) => number | null;
  category: RecommendationCategory;
  field: TunableField;
  exp: ExperimentResult;
  c: VariantRow;
  k: number;
  settings: ArmSettings;
}

/**
 * Judges every arm of one factor's experiment against the current value. Returns the best card
 * (highest tier, then the largest saving; better-quality cards after cheaper ones of the same
 * tier, by pass-rate gain) and every other arm with its reason.
 */
export function judgeFactor(
  category: RecommendationCategory, field: TunableField, exp: ExperimentResult | undefined,
  currentValue: string | number | undefined, settings: ArmSettings,
): FactorJudgement {
  if (!exp) return { draft: null, considered: [] };
  const current = currentValue == null || currentValue === '' ? null : String(currentValue);
  const ctlRow = exp.variants.find((v) => v.value === exp.control);
  if (current == null || exp.control !== current || !ctlRow) {
    const why = current == null
      ? `No current ${field} to compare with: the linked config does not set it and no run records one.`
      : `The current ${field} "${current}" has no runs, so no arm can be compared with it.`;
    return {
      draft: null,
      considered: exp.variants.filter((v) => v.value !== current).map((v) => considered(category, field, v, 'no_current_value', why, baseEvidence(v, null))),
    };
  }
  const memo = new Map<string, number | null>();
  const qaWorse = (v: VariantRow): number | null => {
    if (!memo.has(v.value)) memo.set(v.value, pQaWorse(v, ctlRow, settings.qa_margin));
    return memo.get(v.value)!;
  };
  const memo2 = new Map<string, number | null>();
  const qaWorse2 = (v: VariantRow): number | null => {
    if (!memo2.has(v.value)) memo2.set(v.value, pWorseBy(v, ctlRow, 2 * settings.qa_margin));
    return memo2.get(v.value)!;
  };
  const ctx: Ctx = { qaWorse, qaWorse2, category, field, exp, c: ctlRow, k: exp.variants.length - 1, settings };
  const good: Qualified[] = [];
  const out: ConsideredArm[] = [];
  for (const v of exp.variants) {
    if (v.value === exp.control) continue;
    const verdict = judgeArm(ctx, v);
    if (verdict.ok) good.push(verdict.q);
    else out.push(considered(category, field, v, verdict.kind, verdict.reason, baseEvidence(v, ctlRow, ctx)));
  }
  good.sort((a, b) => RANK[b.tier] - RANK[a.tier] || kindOrder(a.kind) - kindOrder(b.kind) || b.key - a.key);
  const [best, ...rest] = good;
  for (const q of rest) {
    const v = exp.variants.find((x) => x.value === q.draft.recommended_value)!;
    const reason = q.kind === 'cheaper'
      ? `Also cheaper (${q.tier} confidence), but ${best.draft.recommended_value} is recommended instead (${best.tier} confidence${best.kind === 'cheaper' ? `, saves more per run` : ''}).`
      : `Also better quality (${q.tier} confidence), but ${best.draft.recommended_value} is recommended instead.`;
    out.push(considered(category, field, v, q.kind === 'cheaper' ? 'not_cheaper' : 'better_quality_at_price', reason, baseEvidence(v, ctlRow, ctx)));
  }
  return { draft: best?.draft ?? null, considered: out };
}

const kindOrder = (k: RecommendationKind): number => (k === 'cheaper' ? 0 : 1);

function considered(
  category: RecommendationCategory, field: TunableField, v: VariantRow, kind: ConsideredReasonKind, reason: string, evidence: ConsideredArm['evidence'],
): ConsideredArm {
  return { category, field, value: v.value, reason_kind: kind, reason, evidence };
}

/** The numbers of one arm (and vs the control, when there is one) for the considered list. */
function baseEvidence(v: VariantRow, c: VariantRow | null, ctx?: Ctx): ConsideredArm['evidence'] {
  const ev: ConsideredArm['evidence'] = {
    runs: v.n, qa_runs: v.qa_n, passes: v.passes, pass_rate: v.pass_rate, cost_mean_usd: v.cost_mean, cost_per_pass_usd: v.cost_per_pass,
  };
  if (!c || !ctx) return ev;
  const eC = v.decision_effects.cost;
  const eP = v.decision_effects.pass_rate;
  ev.current_value = c.value;
  ev.current_runs = c.n;
  ev.current_pass_rate = c.pass_rate;
  ev.current_cost_mean_usd = c.cost_mean;
  ev.current_cost_per_pass_usd = c.cost_per_pass;
  ev.decision_basis = v.decision_basis;
  ev.saving = eC ? 1 - Math.exp(-eC.gain) : null;
  ev.pass_rate_gain = eP ? eP.gain : null;
  ev.p_always_valid_cost = v.p_always_valid_adjusted.cost ?? null;
  ev.p_always_valid_pass_rate = v.p_always_valid_adjusted.pass_rate ?? null;
  ev.p_qa_worse = ctx.qaWorse(v);
  ev.qa_margin = ctx.settings.qa_margin;
  ev.required_runs_per_arm = v.required_n;
  return ev;
}

const pts = (x: number): string => `${Math.round(x * 1000) / 10}`;

/** One arm: a qualified card, or the reason it is not recommended. */
function judgeArm(ctx: Ctx, v: VariantRow): Verdict {
  const { c, exp } = ctx;
  if (v.n < ARM_RULES.minRunsPerArm || c.n < ARM_RULES.minRunsPerArm) {
    return { ok: false, kind: 'too_few_runs', reason: `Too few runs to compare: ${v.n} vs ${c.n} (the rule needs ≥ ${ARM_RULES.minRunsPerArm} in each arm)${moreRuns(v)}.` };
  }
  if (v.decision_basis == null) {
    const w = exp.warnings.find((x) => x.kind === 'fully_confounded' && x.message.includes(`"${v.value}"`));
    return { ok: false, kind: 'confounded', reason: w ? w.message : `Confounded: no stratum ran both ${v.value} and ${c.value}.` };
  }
  const eC = v.decision_effects.cost;
  const eP = v.decision_effects.pass_rate;
  const quality = eP && eP.gain > 0 && (v.p_always_valid_adjusted.pass_rate ?? 1) < ARM_RULES.mediumAlpha ? betterQuality(ctx, v, ctx.qaWorse(v)) : null;

  const zeroCost = exp.warnings.find((w) => w.kind === 'zero_cost' && (w.message.includes(`"${v.value}"`) || w.message.includes(`"${c.value}"`)));
  if (!eC || !(eC.variance > 0)) {
    if (quality) return quality;
    // All-$0 arms have no cost effect at all: more runs would not settle it, recording cost would.
    if (zeroCost) return { ok: false, kind: 'cost_not_recorded', reason: `No cost comparison of ${v.value} with ${c.value}: ${zeroCost.message}` };
    const zero = exp.warnings.some((w) => w.kind === 'zero_variance' && w.message.includes(`"${v.value}"`)) || (eC != null && eC.variance === 0);
    return zero
      ? { ok: false, kind: 'zero_variance', reason: `Every run of ${v.value} costs the same, and every run of ${c.value} too (no spread), so no cost test is possible.` }
      : { ok: false, kind: 'too_few_runs', reason: `Too few runs with a cost to compare ${v.value} with ${c.value}${moreRuns(v)}.` };
  }
  const saving = 1 - Math.exp(-eC.gain);
  const confounder = v.decision_basis === 'stratified' && v.stratified ? ` within ${v.stratified.by.join(' × ')} strata` : '';
  if (saving < ARM_RULES.minSaving) {
    if (quality) return quality;
    const what = saving <= 0 ? `costs ${pct(-saving)} more per run` : `costs only ${pct(saving)} less per run (the rule needs ≥ 15 %)`;
    return { ok: false, kind: 'not_cheaper', reason: `${v.value} ${what} than ${c.value}${confounder} (${fmt(v.cost_mean)} vs ${fmt(c.cost_mean)} mean per run).` };
  }
  // A low-tier card rests on the point estimate alone. When that estimate is a stratified one the
  // raw dollars do not bear out (time- or factor-confounded arms with thin overlap), it is noise.
  const rawSaving = v.cost_mean != null && c.cost_mean ? 1 - v.cost_mean / c.cost_mean : null;
  const pCost = v.p_always_valid_adjusted.cost ?? 1;
  if (pCost >= ARM_RULES.mediumAlpha && rawSaving != null && rawSaving < ARM_RULES.minSaving) {
    if (quality) return quality;
    const raw = rawSaving <= 0 ? `costs ${pct(-rawSaving)} more` : `costs only ${pct(rawSaving)} less`;
    return {
      ok: false,
      kind: 'not_cheaper',
      reason: `${v.value} ${raw} per run than ${c.value} (${fmt(v.cost_mean)} vs ${fmt(c.cost_mean)} mean per run); the ${pct(saving)} saving${confounder} is a point estimate (always-valid p = ${pCost.toFixed(2)}), not evidence.`,
    };
  }
  const cheaper = cheaperCard(ctx, v, saving, ctx.qaWorse(v));
  if (!cheaper.ok && quality) return quality;
  if (cheaper.ok && quality?.ok && RANK[quality.q.tier] > RANK[cheaper.q.tier]) return quality;
  return cheaper;
}

function moreRuns(v: VariantRow): string {
  if (v.required_n == null) return '';
  const days = v.required_days != null ? `, ~${Math.ceil(v.required_days)} days at the current pace` : '';
  const dollars = v.required_usd != null ? `, ~${usd(v.required_usd)}` : '';
  return `; ≈ ${v.required_n} runs per arm would settle it${dollars}${days}`;
}

const fmt = (x: number | null): string => (x == null ? 'n/a' : usd(x));

function basisText(v: VariantRow): string {
  if (v.decision_basis === 'paired') return `, on ${v.paired_n} tasks both ran`;
  if (v.decision_basis === 'stratified' && v.stratified) return `, within ${v.stratified.by.join(' × ')} strata`;
  return '';
}

function cheaperCard(ctx: Ctx, v: VariantRow, saving: number, pQa: number | null): Verdict {
  const { c, k, settings, category } = ctx;
  const margin = settings.qa_margin;
  const eC = v.decision_effects.cost!;
  const eCpp = v.decision_effects.cost_per_pass;
  const pCpp = v.p_always_valid_adjusted.cost_per_pass ?? null;
  if (eCpp && eCpp.gain < 0 && pCpp != null && pCpp < ARM_RULES.mediumAlpha) {
    return { ok: false, kind: 'qa_risk', reason: `${v.value} is ${pct(saving)} cheaper per run, but its cost per passed run is higher with always-valid confidence (${fmt(v.cost_per_pass)} vs ${fmt(c.cost_per_pass)}, ${pText(pCpp)}): it passes QA too much less often.` };
  }
  const qa = qaTier(pQa, pQa == null ? 0 : ctx.qaWorse2(v) ?? 0);
  const qaWords = pQa == null ? 'QA outcomes are missing for at least one arm' : `${probText(pQa)} chance QA drops by more than ${pts(margin)} points`;
  if (qa == null) {
    return { ok: false, kind: 'qa_risk', reason: `${v.value} is ${pct(saving)} cheaper per run, but QA may be worse by more than ${pts(margin)} points: P = ${pQa!.toFixed(2)} (${qaWords}; pass rate ${rateText(v.pass_rate, v.pass_ci95)} vs ${rateText(c.pass_rate, c.pass_ci95)}).` };
  }
  const pCost = v.p_always_valid_adjusted.cost ?? null;
  // A saving that rests on $0 runs the other arm does not have may be cost that was not recorded.
  const zeroCost = ctx.exp.warnings.some((w) => w.kind === 'zero_cost' && w.message.includes(`"${v.value}"`));
  const cost = zeroCost ? 'low' : costTier(pCost);
  const tier = lower(cost, qa);
  const ratio = Math.exp(-eC.gain);
  const cs = confidenceSequence(eC.gain, eC.variance, eC.n, ARM_RULES.mediumAlpha);
  const ratioCi: [number, number] = [Math.exp(-cs[1]), Math.exp(-cs[0])];
  const impact = impactFromRatio(c.cost_mean, ratio, ratioCi);
  const holm = k > 1 ? `, Holm-adjusted over ${k} alternatives` : '';
  const noun = NOUN[category];
  const parts = [
    `${noun} ${v.value} costs ${pct(saving)} less per run than ${c.value} in dollars (mean ${fmt(v.cost_mean)} vs ${fmt(c.cost_mean)}${basisText(v)}; ` +
      `always-valid ${pCost == null ? 'p n/a' : pText(pCost)}${holm}; the saving lies in ${savingRange(ratioCi)} at any look).`,
    `QA pass rate ${rateText(v.pass_rate, v.pass_ci95)} vs ${rateText(c.pass_rate, c.pass_ci95)}: ${qaWords}.`,
    `Cost per passed run ${fmt(v.cost_per_pass)} vs ${fmt(c.cost_per_pass)}.`,
    `Rule: cheaper — cost confidence ${cost} (${zeroCost ? `at most low: ${v.value} has $0 runs the current value does not, and their cost may not have been recorded` : cost === 'low' ? 'point conditions only: ≥ 3 runs per arm, ≥ 15 % cheaper' : `always-valid p < ${cost === 'high' ? ARM_RULES.highAlpha : ARM_RULES.mediumAlpha}`}), ` +
      `QA confidence ${qa} (P ≤ ${ARM_RULES.qaTier[qa]}${qa === 'low' ? '' : ` and P(drop > ${pts(2 * margin)} points) ≤ ${ARM_RULES.qaTail[qa]}`}); the card takes the lower.`,
  ];
  // The experiment's guardrail stops "winner" at a lower P than the low tier allows: say why the two differ.
  if (pQa != null && pQa >= GUARDRAIL_BLOCK) {
    parts.push(`The ${ctx.exp.name ?? ctx.exp.factor} experiment does not call ${v.value} a winner for the same reason (its QA guardrail stops at P ≥ ${GUARDRAIL_BLOCK}): this card is only low.`);
  }
  if (cost === 'low' && v.required_n != null) parts.push(`About ${v.required_n} runs per arm would settle the cost gap.`);
  const notes = ctx.exp.warnings.filter((w) => w.message.includes(`"${v.value}"`) || !/"[^"]+"/.test(w.message)).map((w) => w.message);
  notes.push('Impact: the current mean cost per run times the dollar ratio; its interval is the always-valid one.');
  const draft: Draft = {
    category, field: ctx.field, current_value: c.value, recommended_value: v.value,
    explanation: parts.join(' '),
    confidence: tier, confidence_cost: cost, confidence_qa: qa, kind: 'cheaper', source_experiment: ctx.exp.name ?? ctx.exp.factor,
    estimated_impact: impact ? impactText(impact) : `~${pct(saving)} lower cost per run`,
    impact,
    evidence: {
      rule: `cheaper: ≥ ${ARM_RULES.minRunsPerArm} runs per arm, ≥ 15 % lower dollars per run on the ${v.decision_basis} estimate, cost per passed run not worse with always-valid confidence; ` +
        `cost confidence high: always-valid p < ${ARM_RULES.highAlpha} after Holm, medium: < ${ARM_RULES.mediumAlpha}, low: point conditions only; ` +
        `QA confidence from P(pass rate worse by > ${pts(margin)} pts): high ≤ ${ARM_RULES.qaTier.high} (and P(> ${pts(2 * margin)} pts) ≤ ${ARM_RULES.qaTail.high}), ` +
        `medium ≤ ${ARM_RULES.qaTier.medium} (and ≤ ${ARM_RULES.qaTail.medium}), low ≤ ${ARM_RULES.qaTier.low}; tier = the lower`,
      arms: [evidenceArm(c), evidenceArm(v)],
      p_value: v.p_value_cost ?? undefined,
      p_value_adjusted: pCost ?? undefined,
      arms_compared: k,
      cost_ratio: { estimate: ratio, ci_low: ratioCi[0], ci_high: ratioCi[1] },
      ...qaDiff(v),
      p_qa_worse: pQa ?? undefined,
      qa_blocked: false,
      values: {
        factor: ctx.exp.factor, decision_basis: v.decision_basis, saving, paired_tasks: v.paired_n,
        p_always_valid_cost: pCost, p_fixed_n_cost: v.p_value_cost, p_qa_worse: pQa, p_qa_worse_twice_margin: ctx.qaWorse2(v), qa_margin: margin,
        cost_per_pass_current: c.cost_per_pass, cost_per_pass_recommended: v.cost_per_pass, current_arm: c.value, recommended_arm: v.value,
      },
      notes,
    },
  };
  return { ok: true, q: { kind: 'cheaper', tier, key: saving, draft } };
}

function betterQuality(ctx: Ctx, v: VariantRow, pQa: number | null): Verdict {
  const { c, settings, category, k } = ctx;
  const eP = v.decision_effects.pass_rate!;
  const eC = v.decision_effects.cost;
  const eCpp = v.decision_effects.cost_per_pass;
  const pPass = v.p_always_valid_adjusted.pass_rate!;
  const dCost = c.cost_mean != null && eC ? c.cost_mean * (Math.exp(-eC.gain) - 1) : v.cost_mean != null && c.cost_mean != null ? v.cost_mean - c.cost_mean : null;
  const price = dCost != null && dCost > 0 ? dCost / eP.gain : 0;
  const cppNotWorse = eCpp ? eCpp.gain >= 0 : dCost != null && dCost <= 0;
  const wtp = settings.willingness_to_pay_usd;
  const withinWtp = wtp != null && dCost != null && price <= wtp;
  const priceText = dCost == null
    ? `+${pts(eP.gain)} pts pass rate (cost effect unknown)`
    : dCost > 0
      ? `+${pts(eP.gain)} pts for ${usd(dCost)} more per run: ${usd(price)} per extra passed run`
      : `+${pts(eP.gain)} pts and ${usd(-dCost)} less per run`;
  if (!cppNotWorse && !withinWtp) {
    return {
      ok: false, kind: 'better_quality_at_price',
      reason: `Better quality at a price: ${v.value} passes QA more often with always-valid confidence (${rateText(v.pass_rate, v.pass_ci95)} vs ${rateText(c.pass_rate, c.pass_ci95)}, ${pText(pPass)}), ` +
        `${priceText}; cost per passed run rises (${fmt(v.cost_per_pass)} vs ${fmt(c.cost_per_pass)}). ` +
        (wtp == null ? 'Set a willingness to pay per extra passed run to have it recommended.' : `Above the willingness to pay of ${usd(wtp)} per extra passed run.`),
    };
  }
  const qa: Confidence = pPass < ARM_RULES.highAlpha ? 'high' : 'medium';
  const pCpp = v.p_always_valid_adjusted.cost_per_pass ?? null;
  const pCost = v.p_always_valid_adjusted.cost ?? null;
  const cost: Confidence = cppNotWorse ? costTier(pCpp) : costTier(pCost);
  const tier = lower(cost, qa);
  const impact = dCost == null ? null : { cost_per_run_usd: dCost, ci_low: null, ci_high: null, per_100_runs_usd: dCost * 100 };
  const noun = NOUN[category];
  const why = cppNotWorse ? 'cost per passed run does not get worse' : `the price is within the willingness to pay of ${usd(wtp!)} per extra passed run`;
  const draft: Draft = {
    category, field: ctx.field, current_value: c.value, recommended_value: v.value,
    explanation:
      `${noun} ${v.value} passes QA more often than ${c.value}: ${rateText(v.pass_rate, v.pass_ci95)} vs ${rateText(c.pass_rate, c.pass_ci95)}${basisText(v)} ` +
      `(always-valid ${pText(pPass)}${k > 1 ? `, Holm-adjusted over ${k} alternatives` : ''}). ${priceText}. ` +
      `Cost per passed run ${fmt(v.cost_per_pass)} vs ${fmt(c.cost_per_pass)}. Rule: better quality — recommended because ${why}; ` +
      `QA confidence ${qa}, cost confidence ${cost}; the card takes the lower.`,
    confidence: tier, confidence_cost: cost, confidence_qa: qa, kind: 'better_quality', source_experiment: ctx.exp.name ?? ctx.exp.factor,
    estimated_impact: dCost == null ? `+${pts(eP.gain)} pts QA pass rate` : `+${pts(eP.gain)} pts QA pass rate; ${dCost > 0 ? `~${usd(dCost * 100)} more` : `~${usd(-dCost * 100)} less`} per 100 runs`,
    impact,
    evidence: {
      rule: `better quality: pass rate higher with always-valid p < ${ARM_RULES.mediumAlpha} after Holm (high: < ${ARM_RULES.highAlpha}); recommended when cost per passed run does not get worse or the price per extra passed run is within the willingness to pay`,
      arms: [evidenceArm(c), evidenceArm(v)],
      p_value: v.p_value_pass ?? undefined,
      p_value_adjusted: pPass,
      arms_compared: k,
      ...qaDiff(v),
      p_qa_worse: pQa ?? undefined,
      values: {
        factor: ctx.exp.factor, decision_basis: v.decision_basis, pass_rate_gain: eP.gain, extra_cost_per_run_usd: dCost,
        price_per_extra_pass_usd: dCost != null && dCost > 0 ? price : null, willingness_to_pay_usd: wtp,
        p_always_valid_pass_rate: pPass, cost_per_pass_current: c.cost_per_pass, cost_per_pass_recommended: v.cost_per_pass,
        current_arm: c.value, recommended_arm: v.value,
      },
      notes: ctx.exp.warnings.filter((w) => w.message.includes(`"${v.value}"`)).map((w) => w.message),
    },
  };
  return { ok: true, q: { kind: 'better_quality', tier, key: eP.gain, draft } };
}

function qaDiff(v: VariantRow): { qa_diff?: { estimate: number; ci_low: number; ci_high: number } } {
  const e = v.decision_effects.pass_rate;
  if (!e || !(e.variance > 0)) return {};
  const cs = confidenceSequence(e.gain, e.variance, e.n, ARM_RULES.mediumAlpha);
  return { qa_diff: { estimate: e.gain, ci_low: cs[0], ci_high: cs[1] } };
}

/** The evidence entry of one experiment arm. */
function evidenceArm(r: VariantRow): EvidenceArm {
  return {
    arm: r.value, n: r.n, cost_n: r.n, median_cost: r.cost_median, geo_mean_cost: null, qa_pass_rate: r.pass_rate, qa_pass_rate_ci: r.pass_ci95,
    avg_cost: r.cost_mean, avg_cost_ci: r.cost_ci95, qa_n: r.qa_n, qa_passed: r.passes,
  };
}

function savingRange([lo, hi]: [number, number]): string {
  // Ratio interval [lo, hi] of variant/current: saving from 1 − hi to 1 − lo.
  const a = 1 - hi;
  const b = 1 - lo;
  return a < 0 ? `from ${pct(-a)} more to ${pct(b)} less` : `${pct(a)}–${pct(b)} less`;
}
