/** Shared pieces of the recommendation rules: ids, evidence arms, number formatting. */
import type { ArmStats, Confidence, EvidenceArm, ProjectProfile, Recommendation, RecommendationCategory } from '../../../shared/domain';
import type { TunableField } from '../../../shared/run-record';
import type { ArmAggregate } from '../aggregates';
import { logSummary } from '../stats/log-cost';

export const FIELD_OF: Record<RecommendationCategory, TunableField> = {
  mode: 'mode',
  rounds: 'max_rounds',
  cost: 'max_cost_usd',
  strategy: 'prompt_strategy',
  model: 'model',
  prompt_version: 'prompt_version',
  recipe: 'recipe',
};

/** FNV-1a 32-bit with a seed; two seeds give a 64-bit id without node:crypto. */
function fnv1a(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Stable id from project, category and recommended value: same advice, same id across refreshes. */
export function recommendationId(projectId: string, category: RecommendationCategory, value: string | number): string {
  const key = `${projectId}\u0000${category}\u0000${String(value)}`;
  const hex = (n: number): string => n.toString(16).padStart(8, '0');
  return `rec_${hex(fnv1a(key, 0x811c9dc5))}${hex(fnv1a(key, 0x01000193))}`;
}

/** Confidence of the rounds and cost rules from how many runs back them (seed: 10+, 5–9, < 5). */
export function confidenceByRuns(n: number): Confidence {
  return n >= 10 ? 'high' : n >= 5 ? 'medium' : 'low';
}

/** The evidence entry of one arm: counts, centres, QA rate with interval, log spread. */
export function evidenceArm(stats: ArmStats, agg: ArmAggregate): EvidenceArm {
  const log = logSummary(agg);
  return {
    arm: stats.arm,
    n: stats.runs_count,
    cost_n: stats.cost_n,
    median_cost: stats.median_cost,
    geo_mean_cost: stats.geo_mean_cost,
    qa_pass_rate: stats.qa_pass_rate,
    qa_pass_rate_ci: stats.qa_pass_rate_ci,
    avg_cost: stats.avg_cost,
    log_n: agg.log_n,
    log_sd: log && log.n > 1 ? log.sd : null,
    qa_n: agg.qa_passed + agg.qa_warning + agg.qa_failed,
    qa_passed: agg.qa_passed,
  };
}

/** Dollars for people: cents above $0.10, more digits below so small costs don't read as $0.00. */
export function usd(x: number): string {
  const a = Math.abs(x);
  const sign = x < 0 ? '−' : '';
  if (a >= 1000) return `${sign}$${Math.round(a).toLocaleString('en-US')}`;
  if (a >= 0.1 || a === 0) return `${sign}$${a.toFixed(2)}`;
  return `${sign}$${a.toPrecision(2)}`;
}

/** A share in [0, 1] as a whole percent. */
export function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/** A probability as the evidence panel shows it: "<0.1%", "0.2%", "31%" — so summary and evidence agree. */
export function probText(p: number): string {
  const v = p * 100;
  if (v > 0 && v < 0.1) return '<0.1%';
  if (v < 10) return `${v.toFixed(1)}%`;
  return `${Math.round(v)}%`;
}

/** A rate with its interval: "95% (77–99%)". */
export function rateText(rate: number | null, ci: [number, number] | null): string {
  if (rate == null) return 'no QA data';
  return ci ? `${pct(rate)} (${Math.round(ci[0] * 100)}–${Math.round(ci[1] * 100)}%)` : pct(rate);
}

/** A p-value the way papers print it. */
export function pText(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

/** Reads a current value as a number (config files sometimes hold "5"). */
export function asNumber(v: string | number | undefined): number | null {
  if (v == null || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

export type Draft = Omit<Recommendation, 'id' | 'project_id'>;

/** The evidence entry for all runs together, from the profile (no second pass over the bins). */
export function overallEvidenceArm(profile: ProjectProfile, agg: ArmAggregate): EvidenceArm {
  const log = logSummary(agg);
  return {
    arm: 'all',
    n: profile.runs_count,
    cost_n: agg.cost_n,
    median_cost: profile.median_cost,
    geo_mean_cost: log ? Math.exp(log.mean) : null,
    qa_pass_rate: profile.overall_qa_pass_rate,
    qa_pass_rate_ci: profile.overall_qa_pass_rate_ci,
    avg_cost: profile.avg_cost,
    log_n: agg.log_n,
    log_sd: log && log.n > 1 ? log.sd : null,
    qa_n: agg.qa_passed + agg.qa_warning + agg.qa_failed,
    qa_passed: agg.qa_passed,
  };
}
