/**
 * Seed 002 §3.1 automatic labels. Each function returns null when the inputs its rule needs are
 * not logged: a label is left out, never guessed. Rules and thresholds: docs/learning.md.
 */
import type { LearningOptions } from './options';
import { decisionAligned, decisionInOptions, rateCi, runPassed, runRetries } from './run-facts';
import type { LearningDecision, LearningGate, LearningRun } from './types';
import type { RunLabels, GateLabel, DecisionLabel, PromptEffectiveness, OutputQualityLabel, PromptVersionLabel, LabelCounts } from '../../../shared/learning';
export type { RunLabels, GateLabel, DecisionLabel, PromptEffectiveness, OutputQualityLabel, PromptVersionLabel, LabelCounts } from '../../../shared/learning';

type LabelOpts = LearningOptions['labels'];

/**
 * pass → excellent; fail at a retry attempt below max_retries with a successful auto-fix → good
 * (a missing retry_attempt is the first attempt); escalated and human-resolved → acceptable;
 * any other fail or ambiguous → poor. Null without a result.
 */
export function gateLabel(g: LearningGate, o: LabelOpts): GateLabel | null {
  if (g.result == null) return null;
  if (g.result === 'pass') return 'excellent';
  if (g.auto_fix_success === true && (g.retry_attempt ?? 0) < o.maxRetries) return 'good';
  if (g.escalated === true && g.human_resolved === true) return 'acceptable';
  return 'poor';
}

/**
 * Human kept the recommendation → correct; chose another of the agent's listed options →
 * reasonable; otherwise incorrect. Overridden without options logged → incorrect (no option
 * could make it reasonable); overridden with options but no human decision → null.
 */
export function decisionLabel(d: LearningDecision): DecisionLabel | null {
  const aligned = decisionAligned(d);
  if (aligned == null) return null;
  if (aligned) return 'correct';
  if (d.options == null || d.options.length === 0) return 'incorrect';
  const inOptions = decisionInOptions(d);
  if (inOptions == null) return null;
  return inOptions ? 'reasonable' : 'incorrect';
}

/** Seed 002's quality score 0–100 with the inputs that went into it; null below `qualityMinInputs`. */
export function qualityScore(run: LearningRun, o: LabelOpts): { score: number; inputs: string[] } | null {
  const parts: { name: string; weight: number; value: number }[] = [];
  const cov = run.tests?.coverage_percent;
  if (cov != null && Number.isFinite(cov)) parts.push({ name: 'coverage', weight: o.weights.coverage, value: Math.min(100, Math.max(0, cov)) });
  const sec = run.security;
  if (sec != null && (sec.critical != null || sec.major != null)) {
    // "security_clean": no critical and no major finding. Minor findings do not block a release.
    parts.push({ name: 'security', weight: o.weights.security, value: (sec.critical ?? 0) + (sec.major ?? 0) === 0 ? 100 : 0 });
  }
  const slo = run.performance?.within_slo;
  if (slo != null) parts.push({ name: 'performance', weight: o.weights.performance, value: slo ? 100 : 0 });
  if (run.rework != null) {
    const reworked = typeof run.rework === 'number' ? run.rework > 0 : run.rework;
    parts.push({ name: 'rework', weight: o.weights.rework, value: reworked ? 0 : 100 });
  }
  if (parts.length === 0 || parts.length < o.qualityMinInputs) return null;
  // With all four inputs this is the seed's weighted sum; with fewer (if allowed) the weights are renormalised.
  const w = parts.reduce((a, p) => a + p.weight, 0);
  const score = parts.reduce((a, p) => a + p.weight * p.value, 0) / w;
  return { score, inputs: parts.map((p) => p.name) };
}

/** production_ready (≥ 85) / needs_minor_fixes (≥ 70) / needs_rework; null without a score. */
export function outputQualityLabel(run: LearningRun, o: LabelOpts): OutputQualityLabel | null {
  const q = qualityScore(run, o);
  if (!q) return null;
  if (q.score >= o.productionReady) return 'production_ready';
  if (q.score >= o.minorFixes) return 'needs_minor_fixes';
  return 'needs_rework';
}

/**
 * Per prompt version: success = QA passes / runs with a QA outcome (Wilson interval), retries =
 * mean over runs that log step retries. high: success > 90 % and retries < 1.0; medium: > 75 %;
 * low otherwise; not_enough_runs below 10 runs. A version above 90 % whose retries are not logged
 * gets no label (high and medium cannot be told apart).
 */
export function promptVersionLabels(runs: readonly LearningRun[], o: LabelOpts): PromptVersionLabel[] {
  const by = new Map<string, LearningRun[]>();
  for (const r of runs) {
    if (r.prompt_version == null) continue;
    let list = by.get(r.prompt_version);
    if (!list) by.set(r.prompt_version, (list = []));
    list.push(r);
  }
  const out: PromptVersionLabel[] = [];
  for (const [version, list] of by) {
    let passes = 0;
    let n = 0;
    let retries = 0;
    let retriesN = 0;
    for (const r of list) {
      const p = runPassed(r);
      if (p != null) {
        n++;
        if (p) passes++;
      }
      const rt = runRetries(r);
      if (rt != null) {
        retries += rt;
        retriesN++;
      }
    }
    const success = rateCi(passes, n);
    const avgRetries = retriesN > 0 ? retries / retriesN : null;
    let label: PromptEffectiveness | null;
    let reason: string;
    if (n < o.minRunsPerVersion) {
      label = 'not_enough_runs';
      reason = `${n} runs with a QA outcome; at least ${o.minRunsPerVersion} are needed`;
    } else if (success.rate! > o.highSuccess) {
      if (avgRetries == null) {
        label = null;
        reason = `success ${pct(success.rate!)} > ${pct(o.highSuccess)} but retries are not logged: high or medium cannot be decided`;
      } else if (avgRetries < o.highMaxRetries) {
        label = 'high';
        reason = `success ${pct(success.rate!)} > ${pct(o.highSuccess)} and ${avgRetries.toFixed(2)} retries < ${o.highMaxRetries}`;
      } else {
        label = 'medium';
        reason = `success ${pct(success.rate!)} but ${avgRetries.toFixed(2)} retries ≥ ${o.highMaxRetries}`;
      }
    } else if (success.rate! > o.mediumSuccess) {
      label = 'medium';
      reason = `success ${pct(success.rate!)} > ${pct(o.mediumSuccess)}`;
    } else {
      label = 'low';
      reason = `success ${pct(success.rate!)} ≤ ${pct(o.mediumSuccess)}`;
    }
    out.push({ prompt_version: version, label, reason, success, avg_retries: avgRetries, retries_n: retriesN });
  }
  return out.sort((a, b) => a.prompt_version.localeCompare(b.prompt_version, undefined, { numeric: true }));
}

/**
 * Every label over a set of runs. A run's stored labels (derived at ingest) are counted as they
 * are; a run without them is labelled from its fields here. Per-version labels are always
 * computed here, over the runs given, so they follow new runs.
 */
export function labelCounts(runs: readonly LearningRun[], o: LabelOpts): LabelCounts {
  const gates: Record<GateLabel, number> = { excellent: 0, good: 0, acceptable: 0, poor: 0 };
  const decisions: Record<DecisionLabel, number> = { correct: 0, reasonable: 0, incorrect: 0 };
  const quality: Record<OutputQualityLabel, number> = { production_ready: 0, needs_minor_fixes: 0, needs_rework: 0 };
  const unlabelled = { gates: 0, decisions: 0, runs: 0 };
  const derived = { at_ingest: 0, on_read: 0, rules_since: null };
  for (const r of runs) {
    let l = r.labels;
    if (l) derived.at_ingest++;
    else {
      l = runLabels(r, o);
      derived.on_read++;
    }
    for (const g of l.gates) {
      if (g) gates[g]++;
      else unlabelled.gates++;
    }
    for (const d of l.decisions) {
      if (d) decisions[d]++;
      else unlabelled.decisions++;
    }
    if (l.output_quality) quality[l.output_quality]++;
    else unlabelled.runs++;
  }
  return { gates, decisions, output_quality: quality, unlabelled, prompt_versions: promptVersionLabels(runs, o), derived };
}

/** The labels of one run: what the ingest stores with it (and the run detail shows). */
export function runLabels(run: LearningRun, o: LabelOpts): RunLabels {
  return {
    gates: (run.gates ?? []).map((g) => gateLabel(g, o)),
    decisions: (run.decisions ?? []).map((d) => decisionLabel(d)),
    output_quality: outputQualityLabel(run, o),
    quality_score: qualityScore(run, o)?.score ?? null,
  };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}
