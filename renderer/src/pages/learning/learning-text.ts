/** Small formatting helpers of the Learning page (pure; tested in learning-text.test.ts). */
import type { GateLabel, DecisionLabel, OutputQualityLabel, PromptEffectiveness } from '../../../../shared/learning';

/** "excellent" → "Excellent", "needs_minor_fixes" → "Needs minor fixes". */
export function labelText(label: string | null | undefined): string {
  if (!label) return '–';
  const s = label.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

type AnyLabel = GateLabel | DecisionLabel | OutputQualityLabel | PromptEffectiveness;
const TONE: Record<AnyLabel, 'good' | 'warn' | 'muted' | 'bad'> = {
  excellent: 'good', good: 'good', acceptable: 'warn', poor: 'bad',
  correct: 'good', reasonable: 'warn', incorrect: 'bad',
  production_ready: 'good', needs_minor_fixes: 'warn', needs_rework: 'bad',
  high: 'good', medium: 'warn', low: 'bad', not_enough_runs: 'muted',
};

/** Badge class of a label. */
export function labelTone(label: string | null | undefined): 'good' | 'warn' | 'muted' | 'bad' {
  return (label && TONE[label as AnyLabel]) || 'muted';
}

/** A ratio − 1 as a signed percentage: 0.234 → "+23%", −0.1 → "−10%". */
export function formatRelative(r: number | null | undefined): string {
  if (r == null || !Number.isFinite(r)) return '–';
  const v = Math.round(r * 100);
  return `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v)}%`;
}

/** A score with a fixed number of decimals, or a dash. */
export function formatScore(x: number | null | undefined, digits = 3): string {
  return x == null || !Number.isFinite(x) ? '–' : x.toFixed(digits);
}

/** Evidence entries other than the summary, as label/value text pairs (nested values as JSON). */
export function evidenceEntries(evidence: Record<string, unknown>): Array<[string, string]> {
  return Object.entries(evidence)
    .filter(([k, v]) => k !== 'summary' && v != null)
    .map(([k, v]) => [k.replace(/_/g, ' '), typeof v === 'number' ? String(Number.isInteger(v) ? v : Number(v.toFixed(4))) : typeof v === 'string' ? v : JSON.stringify(v)]);
}
