/**
 * Feedback loops (seed 002 §5.1) turned into prompt-improvement suggestions in the shape of
 * seed 002 §6.1. Every number in a suggestion comes from the evidence; the proposed text is a
 * template filled with it (no LLM); the expected impact is a ceiling, labelled as one.
 */
import betaCdf from '@stdlib/stats-base-dists-beta-cdf';
import { probDiffBelow } from '../stats/beta-compare';
import type { GateRootCause } from './gate-root-causes';
import type { Handoff } from './handoffs';
import type { LearningOptions } from './options';
import type { OverrideRow } from './overrides';
import type { QualityComparison } from './quality-trend';
import { probRateAbove, rateCi, sortByTime } from './run-facts';
import type { TokenEfficiencyRow } from './token-efficiency';
import type { LearningRun } from './types';
import { SUGGESTION_TYPES, type SuggestionLevel, type SuggestionType, type Trigger, type Suggestion } from '../../../shared/learning';
export { SUGGESTION_TYPES, type SuggestionType, type Trigger, type Suggestion };

type Level = SuggestionLevel;

/** Effort and risk per suggestion type (docs/learning.md explains the choice). */
const EFFORT_RISK: Record<SuggestionType, { effort: Level; risk: Level }> = {
  constraint_clarity: { effort: 'low', risk: 'low' },
  example_addition: { effort: 'low', risk: 'low' },
  context_enrichment: { effort: 'medium', risk: 'low' },
  decision_framework: { effort: 'medium', risk: 'medium' },
  constraint_removal: { effort: 'low', risk: 'medium' },
  role_handoff_improvement: { effort: 'medium', risk: 'medium' },
};

/** 32-bit FNV-1a, hex: a stable id needs no crypto. */
export function stableHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** "SUG-" + hash of trigger and subject. */
export function suggestionId(trigger: Trigger, subject: string): string {
  return `SUG-${stableHash(`${trigger}|${subject}`)}`;
}

const MISSING_DETAIL = /\b(missing|absent|not found|does not exist|doesn't exist|required|lacks?|without|undefined|empty|no \w+)\b/i;

const pct = (x: number, digits = 0): string => `${(x * 100).toFixed(digits)} %`;
const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;

export interface SuggestionInputs {
  runs: readonly LearningRun[];
  rootCauses: readonly GateRootCause[];
  overrides: readonly OverrideRow[];
  tokens: readonly TokenEfficiencyRow[];
  quality: QualityComparison | null;
  handoffs: readonly Handoff[];
  options: LearningOptions;
}

/** The prompt version in use: that of the latest run (in time order) that logs one. */
export function currentPromptVersion(runs: readonly LearningRun[]): string | null {
  const dated = sortByTime(runs);
  for (let i = dated.length - 1; i >= 0; i--) if (dated[i].prompt_version) return dated[i].prompt_version!;
  return null;
}

/** All suggestions the loops trigger, highest confidence first; the experiment's control defaults to the current version. */
export function suggestions(input: SuggestionInputs): Suggestion[] {
  const current = currentPromptVersion(input.runs);
  const out = [
    ...gateSuggestions(input),
    ...overrideSuggestions(input),
    ...tokenSuggestions(input),
    ...qualitySuggestions(input),
    ...handoffSuggestions(input),
  ];
  for (const s of out) s.experiment.control ??= current;
  return out.sort((a, b) => b.confidence - a.confidence || a.suggestion_id.localeCompare(b.suggestion_id));
}

function make(
  trigger: Trigger, subject: string, agent: string | null, type: SuggestionType,
  rest: Omit<Suggestion, 'suggestion_id' | 'trigger' | 'subject' | 'agent_role' | 'suggestion_type' | 'effort' | 'risk'>,
): Suggestion {
  return { suggestion_id: suggestionId(trigger, subject), trigger, subject, agent_role: agent, suggestion_type: type, ...rest, ...EFFORT_RISK[type] };
}

/** Loop 1 → rule 1 (the reason names something missing) or rule 2 (it does not). */
function gateSuggestions({ rootCauses, options }: SuggestionInputs): Suggestion[] {
  const out: Suggestion[] = [];
  const o = options.loops;
  for (const g of rootCauses) {
    const pGate = probRateAbove(g.failures, g.checks, options.patterns.gateFailureRate);
    for (const r of g.reasons) {
      if (r.count < o.gateRepeat || r.examples.length === 0) continue;
      const type: SuggestionType = MISSING_DETAIL.test(r.template) ? 'constraint_clarity' : 'example_addition';
      const role = g.agent ?? `the agent behind ${g.gate_id}`;
      const prompt = g.agent ? `the ${g.agent} prompt` : `the prompt of the agent behind gate "${g.gate_id}"`;
      const example = r.examples[0];
      const text = type === 'constraint_clarity'
        ? `Add an explicit constraint to ${prompt} so that output for gate "${g.gate_id}" never fails with "${r.template}". State the required element and show one compliant example.`
        : `Add an example to ${prompt} demonstrating output that passes gate "${g.gate_id}". Example failure to avoid: "${example}". Show what the correct output looks like for that case.`;
      const after = g.failure_rate * (1 - r.share);
      out.push(make('gate_root_cause', `${g.gate_id}: ${r.template}`, g.agent, type, {
        confidence: round(pGate * r.share),
        confidence_basis: `P(gate failure rate > ${pct(options.patterns.gateFailureRate)}) = ${pGate.toFixed(3)} (Beta(1+${g.failures}, 1+${g.checks - g.failures})) × share of its failures with this cause ${r.share.toFixed(3)}`,
        evidence: {
          summary: `${g.gate_id} fails ${g.failures} of ${g.checks} checks (${pct(g.failure_rate, 1)}); "${r.template}" accounts for ${r.count} (${pct(r.share)})`,
          gate_id: g.gate_id, failure_rate: g.failure_rate, failure_ci95: g.failure_ci95, checks: g.checks, failures: g.failures,
          root_cause: r.template, count: r.count, share: r.share, examples: r.examples,
        },
        proposed_change: {
          section: `gate ${g.gate_id}`, text,
          rationale: `${role[0].toUpperCase()}${role.slice(1)} missed this in ${r.count} attempts (${pct(r.share)} of ${g.gate_id} failures).`,
        },
        expected_impact: {
          ceiling: true, metric: 'gate_failure_rate', at_most: -r.share,
          text: `at most −${pct(r.share)} ${g.gate_id} failures (failure rate ${pct(g.failure_rate, 1)} → ${pct(after, 1)}), if this root cause disappears`,
        },
        experiment: { factor: 'prompt_version', control: null },
      }));
    }
  }
  return out;
}

/** Loop 2 → rule 3 (decisions list options: context is missing) or rule 4 (no options: unstructured). */
function overrideSuggestions({ overrides, options }: SuggestionInputs): Suggestion[] {
  const o = options.loops;
  return overrides
    .filter((r) => r.n >= o.overrideMinN && r.override_rate >= o.overrideRate)
    .map((r) => {
      const structured = r.with_options * 2 >= r.n;
      const type: SuggestionType = structured ? 'context_enrichment' : 'decision_framework';
      const p = probRateAbove(r.overrides, r.n, o.overrideRate);
      const text = structured
        ? `Provide the ${r.agent} prompt with the context humans use for "${r.decision_type}" decisions (e.g. customer impact, revenue impact, technical risk): add it to the system context. Humans overrode ${r.overrides} of ${r.n}${r.examples.length ? `; e.g. ${r.examples[0]}` : ''}.`
        : `Add a decision framework to the ${r.agent} prompt for "${r.decision_type}": list option 1, option 2, option 3, pick the best and explain why. Only ${r.with_options} of ${r.n} decisions listed their options.`;
      return make('override_rate', `${r.decision_type} × ${r.agent}`, r.agent === '(unknown)' ? null : r.agent, type, {
        confidence: round(p),
        confidence_basis: `P(override rate ≥ ${pct(o.overrideRate)}) = ${p.toFixed(3)} under Beta(1+${r.overrides}, 1+${r.n - r.overrides})`,
        evidence: {
          summary: `${r.agent}'s "${r.decision_type}" decisions overridden ${r.overrides} of ${r.n} (${pct(r.override_rate)})`,
          decision_type: r.decision_type, override_rate: r.override_rate, override_ci95: r.override_ci95, n: r.n,
          overrides: r.overrides, with_options: r.with_options, examples: r.examples,
        },
        proposed_change: { section: `decisions: ${r.decision_type}`, text, rationale: `${r.agent} lacks what the human uses to decide "${r.decision_type}".` },
        expected_impact: {
          ceiling: true, metric: 'override_rate', at_most: -r.override_rate,
          text: `at most −${r.overrides} overrides in ${r.n} decisions (${pct(r.override_rate)} → 0 %), if every override came from what the prompt lacks`,
        },
        experiment: { factor: 'prompt_version', control: null },
      });
    });
}

/** The role in a seed-002 version name "{role}.v{major}.{minor}" (e.g. "architect.v2.3"), else null. */
export function roleOfVersion(version: string): string | null {
  const m = /^([A-Za-z][\w-]*)\.v\d/.exec(version);
  return m ? m[1] : null;
}

/** Loop 5 → rule 5: more tokens per pass than the previous version, without better quality. */
function tokenSuggestions({ tokens, options }: SuggestionInputs): Suggestion[] {
  const byVersion = new Map(tokens.map((t) => [t.prompt_version, t]));
  const out: Suggestion[] = [];
  for (const t of tokens) {
    if (!t.flagged || t.tokens_per_success == null) continue;
    const cmp = byVersion.get(t.flagged_against === 'previous' ? t.previous_version! : t.best_version!)!;
    const excess = t.flagged_against === 'previous' ? t.vs_previous! : t.vs_best!;
    if (t.flagged_against === 'previous' && excess <= options.loops.tokenExcess) continue;
    const p = probDiffBelow({ a: 1 + cmp.passes, b: 1 + cmp.runs - cmp.passes }, { a: 1 + t.passes, b: 1 + t.runs - t.passes }, 0);
    const saving = 1 - cmp.tokens_per_success! / t.tokens_per_success;
    out.push(make('token_excess', t.prompt_version, roleOfVersion(t.prompt_version), 'constraint_removal', {
      confidence: round(1 - p),
      confidence_basis: `posterior probability that ${t.prompt_version}'s pass rate is no better than ${cmp.prompt_version}'s (Beta(1,1) priors) = ${(1 - p).toFixed(3)}`,
      evidence: {
        summary: `${t.prompt_version} uses ${Math.round(t.tokens_per_success)} tokens per pass, ${pct(excess)} more than ${cmp.prompt_version} (${Math.round(cmp.tokens_per_success!)}), pass rate ${pct(t.passes / t.runs)} vs ${pct(cmp.passes / cmp.runs)} (one-sided Fisher p = ${t.quality_p?.toFixed(3)})`,
        prompt_version: t.prompt_version, comparator: cmp.prompt_version, tokens_per_success: t.tokens_per_success,
        comparator_tokens_per_success: cmp.tokens_per_success, excess, quality_p: t.quality_p,
        pass_rate: rateCi(t.passes, t.runs), comparator_pass_rate: rateCi(cmp.passes, cmp.runs),
      },
      proposed_change: {
        section: `prompt ${t.prompt_version}`,
        text: `Remove or loosen what ${t.prompt_version} added over ${cmp.prompt_version}: it costs ${pct(excess)} more tokens per passing run with no measurably better pass rate.`,
        rationale: `Constraint added in ${t.prompt_version} does not improve output quality.`,
      },
      expected_impact: {
        ceiling: true, metric: 'tokens_per_success', at_most: -saving,
        text: `at most −${pct(saving)} tokens per success (back to ${cmp.prompt_version}'s ${Math.round(cmp.tokens_per_success!)}), if the extra tokens buy nothing`,
      },
      experiment: { factor: 'prompt_version', control: t.prompt_version },
    }));
  }
  return out;
}

/** Loop 4 → rule 1: quality dropped > 10 % vs the previous period; names what changed. */
function qualitySuggestions({ quality: q, options }: SuggestionInputs): Suggestion[] {
  if (!q || !(q.relative_drop > options.loops.qualityDrop)) return [];
  const isRate = q.metric === 'qa_pass_rate';
  const fmt = (v: number): string => (isRate ? pct(v, 1) : v.toFixed(1));
  const changes = q.changed.map((k) => `${k} ${q.previous.top[k]} → ${q.current.top[k]}`);
  const version = q.current.top.prompt_version;
  const text = changes.length
    ? `Quality fell after ${changes.join(', ')}. Compare the previous setting against the current one in an experiment; revert or tighten the constraints that changed.`
    : `Quality fell with no change in prompt version, model or recipe: check the tasks of the latest period (harder domain?) and add the missing constraints or examples.`;
  return [make('quality_drop', `${q.metric} ${q.current.from}`, null, 'constraint_clarity', {
    confidence: round(q.prob_lower),
    confidence_basis: isRate
      ? `posterior probability that the current period's pass rate is below the previous one's (Beta(1,1) priors) = ${q.prob_lower.toFixed(3)}`
      : `normal-approximation probability that the current mean quality score is below the previous one's = ${q.prob_lower.toFixed(3)}`,
    evidence: {
      summary: `${q.metric} ${fmt(q.previous.value!)} → ${fmt(q.current.value!)} (−${pct(q.relative_drop)}) between ${q.previous.from.slice(0, 10)}…${q.current.from.slice(0, 10)} and ${q.current.from.slice(0, 10)}…${q.current.to.slice(0, 10)}`,
      metric: q.metric, previous: q.previous, current: q.current, relative_drop: q.relative_drop, changed: q.changed,
    },
    proposed_change: { section: version ? `prompt ${version}` : 'pipeline', text, rationale: `Quality regression of ${pct(q.relative_drop)} vs the previous period.` },
    expected_impact: {
      ceiling: true, metric: q.metric, at_most: q.relative_drop,
      text: `at most +${pct((q.previous.value! - q.current.value!) / q.current.value!)} ${q.metric} (back to the previous period's ${fmt(q.previous.value!)}), if the cause is found and undone`,
    },
    experiment: { factor: 'prompt_version', control: version },
  })];
}

/** B's step success when it does not follow A: the handoff's ceiling. */
function successElsewhere(runs: readonly LearningRun[], from: string, to: string): { s: number; n: number } {
  let s = 0;
  let n = 0;
  for (const r of runs) {
    const steps = r.steps ?? [];
    steps.forEach((st, i) => {
      if (st.agent !== to || st.success == null) return;
      if (i > 0 && steps[i - 1].agent === from) return;
      n++;
      if (st.success) s++;
    });
  }
  return { s, n };
}

/** Handoff loop → rule 6: B does worse after A than elsewhere. */
function handoffSuggestions({ handoffs, runs, options }: SuggestionInputs): Suggestion[] {
  const o = options.loops;
  const out: Suggestion[] = [];
  for (const h of handoffs) {
    if (h.success_rate == null || h.success_n < o.handoffMinN || !(h.success_rate < o.handoffSuccess)) continue;
    const other = successElsewhere(runs, h.from, h.to);
    if (other.n === 0 || !(other.s / other.n > h.success_rate)) continue;
    const s = Math.round(h.success_rate * h.success_n);
    const p = betaCdf(o.handoffSuccess, 1 + s, 1 + h.success_n - s);
    const gap = other.s / other.n - h.success_rate;
    out.push(make('handoff', `${h.from} → ${h.to}`, h.from, 'role_handoff_improvement', {
      confidence: round(p),
      confidence_basis: `P(${h.to}'s success after ${h.from} < ${pct(o.handoffSuccess)}) = ${p.toFixed(3)} under Beta(1+${s}, 1+${h.success_n - s})`,
      evidence: {
        summary: `${h.to} succeeds ${pct(h.success_rate)} after ${h.from} (${s}/${h.success_n}) vs ${pct(other.s / other.n)} otherwise (${other.s}/${other.n})`,
        from: h.from, to: h.to, n: h.n, success_rate: h.success_rate, success_ci95: h.success_ci95, avg_retries: h.avg_retries,
        success_elsewhere: rateCi(other.s, other.n),
      },
      proposed_change: {
        section: `handoff ${h.from} → ${h.to}`,
        text: `Improve the ${h.from} → ${h.to} handoff: ask ${h.from} to list in its output what ${h.to} needs (inputs, assumptions, open questions), and add a checklist of those items to the ${h.from} prompt.`,
        rationale: `${h.to} fails ${pct(1 - h.success_rate)} of the time after ${h.from}, ${pct(1 - other.s / other.n)} otherwise.`,
      },
      expected_impact: {
        ceiling: true, metric: 'handoff_success_rate', at_most: gap,
        text: `at most +${(gap * 100).toFixed(0)} points of ${h.to} success after ${h.from} (to its ${pct(other.s / other.n)} elsewhere), if the handoff is the whole difference`,
      },
      experiment: { factor: 'prompt_version', control: null },
    }));
  }
  return out;
}
