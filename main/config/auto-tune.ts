/**
 * Auto-tune (seed 000, "Auto-Tuning"): apply eligible recommendations, mark the config with
 * `_auto_tuned: true` and `_tuned_fields`, record each change in the ledger. A failure never
 * blocks anything: it is returned, never thrown.
 */
import type { LedgerStore } from '../store';
import { CONFIDENCE_ORDER, type Recommendation, type TuningConfig } from '../../shared/domain';
import type { TunableField } from '../../shared/run-record';
import { applyChange, type LedgerRow } from './apply';
import { dotted, jsonEqual, valueAt } from './jsonc';
import { FIELD_KEYS, effectiveValue, loadConfigFile, projectSection, tunableValueProblem } from './project-config';

/**
 * The recommendations auto-tune may apply, at most one per field (the most confident first).
 * Eligible: confidence ≥ `confidence_threshold`, and never `low` in safe mode (`apply_safely`).
 * So `low` is applied only when the threshold is lowered to low AND safe mode is off: the
 * seed's "Safe Mode: Skip low-confidence recommendations" and issue 3 §2 ("as in the seed,
 * low is auto-applied only when the user lowers the threshold to low and turns safe mode off").
 * The seed's "Confidence Filtering" table, which lets safe mode apply low at threshold low,
 * contradicts its own safe-mode rule; the stricter reading wins.
 */
export function selectAutoTunable(recs: readonly Recommendation[], tuning: TuningConfig): Recommendation[] {
  const min = CONFIDENCE_ORDER[tuning.confidence_threshold];
  const eligible = recs.filter(
    (r) => CONFIDENCE_ORDER[r.confidence] >= min && !(tuning.apply_safely && r.confidence === 'low'),
  );
  const ordered = [...eligible].sort((a, b) => CONFIDENCE_ORDER[b.confidence] - CONFIDENCE_ORDER[a.confidence]);
  const seen = new Set<TunableField>();
  const out: Recommendation[] = [];
  for (const r of ordered) {
    if (seen.has(r.field)) continue;
    seen.add(r.field);
    out.push(r);
  }
  return out;
}

/** One change auto-tune made to an in-memory config. */
export interface TuneChange {
  field: TunableField;
  key_path: string;
  /** Effective value before (section first, then top level); null when unset. */
  from: string | number | null;
  to: string | number;
  confidence: Recommendation['confidence'];
  recommendation: Recommendation;
}

export interface TuneObjectResult {
  config: Record<string, unknown>;
  changes: TuneChange[];
  /** Why nothing was considered (auto-tune off, `_skip_auto_tune`), else null. */
  skipped: string | null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function getPath(o: Obj, path: readonly string[]): unknown {
  let cur: unknown = o;
  for (const k of path) {
    if (!isObj(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

function setPath(o: Obj, path: readonly string[], value: unknown): void {
  let cur = o;
  for (const k of path.slice(0, -1)) {
    if (!isObj(cur[k])) cur[k] = {};
    cur = cur[k] as Obj;
  }
  cur[path[path.length - 1]] = value;
}

/** Why auto-tune should not run on this config at all, or null. */
function skipReason(enabled: boolean, skipFlag: unknown): string | null {
  if (!enabled) return 'auto-tune is off (auto_tune.enabled is false)';
  if (skipFlag === true) return '_skip_auto_tune is set in the config';
  return null;
}

/**
 * Pure: the config object as auto-tune would leave it (same shape as the file, changes in the
 * `projects.<projectId>` section when there is one), with the seed's marks. Used by
 * `runbrain tune` without --write. The input is not modified.
 */
export function tuneConfigObject(
  config: Obj,
  recs: readonly Recommendation[],
  tuning: TuningConfig,
  projectId?: string,
): TuneObjectResult {
  const out = structuredClone(config);
  const base = projectId !== undefined && isObj(getPath(out, ['projects', projectId])) ? ['projects', projectId] : [];
  const skipped = skipReason(tuning.enabled, getPath(out, [...base, '_skip_auto_tune']) ?? getPath(out, ['_skip_auto_tune']));
  if (skipped) return { config: out, changes: [], skipped };
  const strategies: Record<string, object> = {};
  for (const b of base.length ? [[], base] : [[]]) {
    const s = getPath(out, [...b, 'prompts', 'strategies']);
    if (isObj(s)) Object.assign(strategies, s);
  }
  const changes: TuneChange[] = [];
  for (const rec of selectAutoTunable(recs, tuning)) {
    if (projectId !== undefined && rec.project_id && rec.project_id !== projectId) continue;
    const rel = FIELD_KEYS[rec.field];
    const own = base.length ? getPath(out, [...base, ...rel]) : undefined;
    const before = own !== undefined ? own : getPath(out, rel);
    if (jsonEqual(before, rec.recommended_value)) continue;
    if (tunableValueProblem(rec.field, rec.recommended_value, { default_strategy: null, strategies })) continue;
    const keyPath = [...base, ...rel];
    setPath(out, keyPath, rec.recommended_value);
    changes.push({
      field: rec.field,
      key_path: dotted(keyPath),
      from: typeof before === 'string' || typeof before === 'number' ? before : null,
      to: rec.recommended_value,
      confidence: rec.confidence,
      recommendation: rec,
    });
  }
  if (changes.length > 0) {
    const listed = getPath(out, [...base, '_tuned_fields']);
    const merged = Array.isArray(listed) ? listed.filter((x): x is string => typeof x === 'string') : [];
    for (const c of changes) if (!merged.includes(c.field)) merged.push(c.field);
    setPath(out, [...base, '_auto_tuned'], true);
    setPath(out, [...base, '_tuned_fields'], merged);
  }
  return { config: out, changes, skipped: null };
}

export interface AutoTuneRequest {
  path: string;
  projectId: string;
  recs: readonly Recommendation[];
  tuning: TuningConfig;
  now: Date;
}

export interface AutoTuneResult {
  applied: LedgerRow[];
  /** Every problem met, joined; null when none. Never thrown. */
  error: string | null;
  skipped: string | null;
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Applies each eligible recommendation to the file (by 'auto-tune': marks + ledger row each).
 * One failing change does not stop the others. Never throws.
 */
export async function applyAutoTune(ledger: LedgerStore, req: AutoTuneRequest): Promise<AutoTuneResult> {
  const applied: LedgerRow[] = [];
  const errors: string[] = [];
  try {
    const first = loadConfigFile(req.path);
    const section = projectSection(first.root, req.projectId, first.path);
    const skipFlag = valueAt(first.root, [...(section ?? []), '_skip_auto_tune']) ?? valueAt(first.root, ['_skip_auto_tune']);
    const skipped = skipReason(req.tuning.enabled, skipFlag);
    if (skipped) return { applied, error: null, skipped };
    const mine = req.recs.filter((r) => !r.project_id || r.project_id === req.projectId);
    for (const rec of selectAutoTunable(mine, req.tuning)) {
      try {
        // Re-read before each change: the previous one changed the bytes (and the hash).
        const file = loadConfigFile(req.path);
        const sec = projectSection(file.root, req.projectId, file.path);
        if (jsonEqual(effectiveValue(file.root, sec, rec.field), rec.recommended_value)) continue;
        applied.push(
          await applyChange(ledger, {
            path: req.path,
            projectId: req.projectId,
            field: rec.field,
            value: rec.recommended_value,
            baseHash: file.hash,
            by: 'auto-tune',
            recommendation: rec,
            now: req.now,
          }),
        );
      } catch (e) {
        errors.push(`auto-tune could not change ${rec.field}: ${messageOf(e)}`);
      }
    }
  } catch (e) {
    errors.push(`auto-tune failed: ${messageOf(e)}`);
  }
  return { applied, error: errors.length ? errors.join('; ') : null, skipped: null };
}
