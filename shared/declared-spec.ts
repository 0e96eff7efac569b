/**
 * The full protocol of a declared experiment (issue 9 §1): variants beyond the one treatment, a
 * start date, the primary metric, guardrails, the minimum detectable effect and the planned split,
 * and the one check both the Experiments page's form and the declare operation run, so a field's
 * error reads the same in the form and from the API.
 */
import { BUILT_IN_FACTORS } from './custom-factors';

/** Metrics a declared experiment can decide on or guard (shared/experiments.ts DecisionMetric). */
export const DECLARED_METRICS = ['cost_per_pass', 'pass_rate', 'cost'] as const;
export type DeclaredMetric = (typeof DECLARED_METRICS)[number];

/** What a declaration may add to name / factor / control / treatment (stored as declared_experiments.spec). */
export interface DeclaredSpec {
  /** Every treatment value (the first is `treatment`). */
  variants?: string[];
  /** Runs before this instant do not count (ISO 8601; default: when it was declared). */
  start_at?: string;
  primary_metric?: DeclaredMetric;
  guardrails?: DeclaredMetric[];
  /** Relative for cost metrics (0.1 = 10 %), absolute for pass rate (0.05 = 5 points). */
  mde?: number;
  /** Planned share per arm (value → weight), for the sample-ratio check. */
  planned_split?: Record<string, number>;
}

/** A declaration as the form and the operation hand it over. */
export interface DeclarationInput extends DeclaredSpec {
  name?: string;
  factor: string;
  control: string;
  treatment?: string;
}

/** The form's fields an error can belong to. */
export type DeclarationField = 'name' | 'factor' | 'control' | 'variants' | 'start_at' | 'primary_metric' | 'guardrails' | 'mde' | 'planned_split';

export interface DeclarationError {
  field: DeclarationField;
  message: string;
}

/**
 * Every problem of a declaration, per field (empty: valid). `namedFactors`: the user-named
 * factors of the settings (a factor must be built-in or one of them).
 */
export function declarationErrors(d: DeclarationInput, namedFactors: readonly string[]): DeclarationError[] {
  const out: DeclarationError[] = [];
  const err = (field: DeclarationField, message: string) => out.push({ field, message });
  if (d.name != null && d.name.trim().length > 200) err('name', 'at most 200 characters');
  const factors = [...BUILT_IN_FACTORS, ...namedFactors];
  if (!factors.includes(d.factor)) err('factor', `"${d.factor}" is not a factor: one of ${factors.join(', ')}`);
  const control = d.control.trim();
  if (control === '') err('control', 'the control value is required');
  const variants = variantsOf(d);
  if (variants.length === 0) err('variants', 'name at least one variant to compare with the control');
  if (control !== '' && variants.includes(control)) err('variants', `"${control}" is the control: a variant must differ from it`);
  const dup = variants.find((v, i) => variants.indexOf(v) !== i);
  if (dup) err('variants', `"${dup}" is listed twice`);
  if (variants.length > 10) err('variants', 'at most 10 variants');
  if (d.start_at != null && !Number.isFinite(Date.parse(d.start_at))) err('start_at', `"${d.start_at}" is not a date (YYYY-MM-DD or an ISO 8601 time)`);
  const primary = d.primary_metric ?? 'cost_per_pass';
  if (!(DECLARED_METRICS as readonly string[]).includes(primary)) err('primary_metric', `one of ${DECLARED_METRICS.join(', ')}`);
  for (const g of d.guardrails ?? []) {
    if (!(DECLARED_METRICS as readonly string[]).includes(g)) err('guardrails', `"${g}" is not a metric: one of ${DECLARED_METRICS.join(', ')}`);
    else if (g === primary) err('guardrails', `"${g}" is the primary metric: a guardrail watches another one`);
  }
  if (d.mde != null) {
    if (!Number.isFinite(d.mde) || d.mde <= 0) err('mde', 'the minimum detectable effect must be above 0');
    else if (primary === 'pass_rate' && d.mde >= 1) err('mde', 'for pass rate the effect is in points: below 100');
    else if (primary !== 'pass_rate' && d.mde >= 1) err('mde', 'for cost the effect is relative: below 100 %');
  }
  if (d.planned_split != null) {
    const arms = [control, ...variants];
    const keys = Object.keys(d.planned_split);
    const missing = arms.filter((a) => !keys.includes(a));
    const extra = keys.filter((k) => !arms.includes(k));
    if (missing.length > 0 || extra.length > 0) err('planned_split', `give one share per arm (${arms.join(', ')})${extra.length > 0 ? `; not an arm: ${extra.join(', ')}` : ''}`);
    else if (Object.values(d.planned_split).some((w) => !Number.isFinite(w) || w <= 0)) err('planned_split', 'every share must be above 0');
  }
  return out;
}

/** The treatment values of a declaration: `variants`, else the one `treatment` (trimmed, blanks dropped). */
export function variantsOf(d: Pick<DeclarationInput, 'variants' | 'treatment'>): string[] {
  const vs = d.variants ?? (d.treatment != null ? [d.treatment] : []);
  return vs.map((v) => v.trim()).filter((v) => v !== '');
}

/** A stored spec read back (bad JSON: none). */
export function parseDeclaredSpec(text: string | null): DeclaredSpec | null {
  if (text == null) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as DeclaredSpec) : null;
  } catch {
    return null;
  }
}
