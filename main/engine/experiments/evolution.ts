/**
 * Prompt-version and recipe evolution (§8): versions ordered by version number when they all
 * parse (architect.v2.3, v1.2-rc1, 3.0), else by first seen; per version its runs, time span,
 * pass rate, retries, tokens, cost and override rate; the change vs the previous version with
 * intervals; and deprecation candidates: a newer version better with always-valid confidence
 * while the old one has not run for 14 days.
 */
import type { Change, DeprecationCandidate, EvolutionResult, VersionChange, VersionRow } from '../../../shared/experiments';
import { meanVar, type MomentSums } from '../stats/moments';
import { newcombeDiffInterval } from '../stats/wilson';
import { effectP } from './decide';
import { costPerPassEffect, passEffect } from './estimates';
import { armFigures } from './fixed-n';
import { addRun, emptyArm, type ArmSums } from './sums';
import type { ExperimentRun } from './types';

const DAY_MS = 86_400_000;
/** An old version unused this long, with a better newer one, is a deprecation candidate. */
export const DEPRECATION_IDLE_DAYS = 14;
const Z95 = 1.959963984540054;

export type { Change, DeprecationCandidate, EvolutionResult, VersionChange, VersionRow };

export interface ParsedVersion {
  prefix: string;
  numbers: number[];
  /** Pre-release tag rank (alpha < beta < rc < release) and number. */
  pre: [number, number];
}

const PRE_RANK: Record<string, number> = { a: 0, alpha: 0, b: 1, beta: 1, pre: 2, rc: 2 };

/** Parse "architect.v2.3", "v1.2-rc1", "3.0" (null when there is no version number). */
export function parseVersion(s: string): ParsedVersion | null {
  const m = /^(.*?)v?(\d+(?:\.\d+)*)(?:[-_.]?(alpha|beta|rc|pre|a|b)[-_.]?(\d+)?)?$/i.exec(s.trim());
  if (!m) return null;
  const prefix = m[1].replace(/[-_.\s]+$/, '').toLowerCase();
  const pre: [number, number] = m[3] ? [PRE_RANK[m[3].toLowerCase()], m[4] ? Number(m[4]) : 0] : [3, 0];
  return { prefix, numbers: m[2].split('.').map(Number), pre };
}

/** Order of two parsed versions: by prefix, then numbers (missing parts are 0), then pre-release. */
export function compareVersions(a: ParsedVersion, b: ParsedVersion): number {
  if (a.prefix !== b.prefix) return a.prefix < b.prefix ? -1 : 1;
  for (let i = 0; i < Math.max(a.numbers.length, b.numbers.length); i++) {
    const d = (a.numbers[i] ?? 0) - (b.numbers[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.pre[0] - b.pre[0] || a.pre[1] - b.pre[1];
}

/** Relative change of two means with a delta-method interval on the log of their ratio. */
function relativeChange(newer: MomentSums, older: MomentSums): Change | null {
  const a = meanVar(newer);
  const b = meanVar(older);
  if (!a || !b || !(a.mean > 0) || !(b.mean > 0)) return null;
  const lr = Math.log(a.mean / b.mean);
  const v = a.n >= 2 && b.n >= 2 ? a.variance / (a.n * a.mean * a.mean) + b.variance / (b.n * b.mean * b.mean) : NaN;
  const ci: [number, number] | null = v > 0 ? [Math.exp(lr - Z95 * Math.sqrt(v)) - 1, Math.exp(lr + Z95 * Math.sqrt(v)) - 1] : null;
  return { change: Math.exp(lr) - 1, ci95: ci };
}

function signed(x: number, digits = 0): string {
  const r = x.toFixed(digits);
  return x > 0 ? `+${r}` : x < 0 ? `−${r.slice(1)}` : r;
}

function change(newer: ArmSums, older: ArmSums, newName: string, oldName: string): VersionChange {
  const pd = newcombeDiffInterval(newer.passes, newer.qa_n, older.passes, older.qa_n);
  const fn = armFigures(newer);
  const fo = armFigures(older);
  const cpp = costPerPassEffect(older, newer);
  const cppChange: Change | null = cpp && fn.cost_per_pass != null && fo.cost_per_pass != null
    ? { change: Math.exp(-cpp.gain) - 1, ci95: cpp.variance > 0 ? [Math.exp(-cpp.gain - Z95 * Math.sqrt(cpp.variance)) - 1, Math.exp(-cpp.gain + Z95 * Math.sqrt(cpp.variance)) - 1] : null }
    : null;
  const retries = relativeChange(newer.retries, older.retries);
  const parts: string[] = [];
  if (pd) parts.push(`${signed(pd.estimate * 100)} pts pass rate [${signed(pd.ci_low * 100)}, ${signed(pd.ci_high * 100)}]`);
  if (retries) parts.push(`${signed(retries.change * 100)} % retries`);
  if (cppChange) parts.push(`${signed(cppChange.change * 100)} % cost per passed run`);
  return {
    previous: oldName,
    pass_diff: pd ? pd.estimate : null,
    pass_diff_ci95: pd ? [pd.ci_low, pd.ci_high] : null,
    retries,
    tokens: relativeChange(newer.tokens, older.tokens),
    cost: relativeChange(newer.cost, older.cost),
    cost_per_pass: cppChange,
    summary: `${newName} vs ${oldName}: ${parts.length ? parts.join(', ') : 'no comparable figures'}`,
  };
}

/**
 * Evolution of the values of `factor` (prompt_version, recipe, …). `now` (ms) is the reference
 * for "unused for 14 days"; by default the latest run of the project.
 */
export function versionEvolution(runs: readonly ExperimentRun[], factor: string, now?: number, alpha = 0.05): EvolutionResult {
  const arms = new Map<string, ArmSums>();
  let latest = -Infinity;
  for (const r of runs) {
    if (r.started_ms != null) latest = Math.max(latest, r.started_ms);
    const v = r.factors[factor];
    if (v == null) continue;
    let s = arms.get(v);
    if (!s) {
      s = emptyArm();
      arms.set(v, s);
    }
    addRun(s, r);
  }
  return evolutionOfArms(arms, factor, now ?? (Number.isFinite(latest) ? latest : null), alpha);
}

/**
 * Evolution from the arms' sums of `factor` (the store path: sums kept at ingest). `ref` (ms) is
 * the reference for "unused for 14 days" (the latest run); ties keep the arms' order.
 */
export function evolutionOfArms(arms: ReadonlyMap<string, ArmSums>, factor: string, ref: number | null, alpha = 0.05): EvolutionResult {
  const names = [...arms.keys()];
  const parsed = names.map(parseVersion);
  const byVersion = names.length > 0 && parsed.every((p) => p != null);
  const firstSeen = (v: string): number => arms.get(v)!.first_ms ?? Infinity;
  const order = names.map((v, i) => ({ v, p: parsed[i], i }));
  if (byVersion) order.sort((a, b) => compareVersions(a.p!, b.p!) || a.i - b.i);
  else order.sort((a, b) => firstSeen(a.v) - firstSeen(b.v) || a.i - b.i);
  const rows: VersionRow[] = order.map(({ v, p }, k) => {
    const s = arms.get(v)!;
    const f = armFigures(s);
    // The previous version of the same prompt (same prefix) when ordered by version number.
    let prev: string | null = null;
    for (let j = k - 1; j >= 0; j--) {
      if (!byVersion || order[j].p!.prefix === p!.prefix) {
        prev = order[j].v;
        break;
      }
    }
    return {
      value: v, runs: s.n, first_seen_ms: s.first_ms, last_seen_ms: s.last_ms, pass_rate: f.pass_rate, pass_ci95: f.pass_ci95,
      retries_mean: meanVar(s.retries)?.mean ?? null, tokens_mean: meanVar(s.tokens)?.mean ?? null, cost_mean: f.cost_mean,
      cost_per_pass: f.cost_per_pass, override_rate: s.override_n > 0 ? s.overrides / s.override_n : null,
      vs_previous: prev == null ? null : change(s, arms.get(prev)!, v, prev),
    };
  });
  const candidates: DeprecationCandidate[] = [];
  for (let i = 0; i < order.length; i++) {
    const old = arms.get(order[i].v)!;
    if (ref == null || old.last_ms == null || ref - old.last_ms < DEPRECATION_IDLE_DAYS * DAY_MS) continue;
    for (let j = order.length - 1; j > i; j--) {
      if (byVersion && order[j].p!.prefix !== order[i].p!.prefix) continue;
      const newer = arms.get(order[j].v)!;
      const pass = passEffect(old, newer);
      const cpp = costPerPassEffect(old, newer);
      const pPass = effectP(pass, alpha);
      const pCpp = effectP(cpp, alpha);
      const better = (pPass != null && pPass < alpha && pass!.gain > 0) || (pCpp != null && pCpp < alpha && cpp!.gain > 0);
      const worse = (pPass != null && pPass < alpha && pass!.gain < 0) || (pCpp != null && pCpp < alpha && cpp!.gain < 0);
      if (better && !worse) {
        const idle = Math.floor((ref - old.last_ms) / DAY_MS);
        candidates.push({ value: order[i].v, superseded_by: order[j].v, reason: `${order[j].v} is better with always-valid confidence and ${order[i].v} has not run for ${idle} days` });
        break;
      }
    }
  }
  return { factor, ordered_by: byVersion ? 'version' : 'first_seen', versions: rows, deprecation_candidates: candidates };
}
