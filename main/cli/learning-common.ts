/** Shared by `train`, `metrics`, `report` and `predict`: ingest a folder, learn per project. */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { mineTemplates } from '../engine/health/templates/drain';
import type { RecoveryStrategySlot, RetryHotspotSlot } from '../engine/health/types';
import { learn, type LearningResult, type Predictor, type TemplateOf } from '../engine/learning';
import { ingestFolder } from '../ingest';
import type { LearningRun } from '../engine/learning';
import { learningProjectIds, loadLearningRuns } from '../core/learning-runs';
import type { Store } from '../store';
import { UsageError } from './io';
import { openCliStore } from './open-store';

/**
 * Message → template by masking alone (quoted strings, paths, hex ids, numbers): the fallback for
 * a message the miner did not see.
 */
export const maskTemplateOf: TemplateOf = (m) =>
  m
    .replace(/"[^"]*"|'[^']*'/g, '<*>')
    .replace(/(?:[A-Za-z]:)?(?:[\w.-]*\/)+[\w.-]+/g, '<path>')
    .replace(/\b0x[0-9a-f]+\b|\b[0-9a-f]{8,}\b/gi, '<*>')
    .replace(/\d+(?:\.\d+)?/g, '<*>')
    .replace(/\s+/g, ' ')
    .trim();

export interface FolderArgs {
  dir: string;
  db?: string;
  map?: string;
  project?: string;
  last?: number;
}

/** Checks the folder and the numeric options; throws UsageError with one clear sentence. */
export function folderArgs(command: string, positional: string | undefined, values: { db?: string; map?: string; project?: string; last?: string }): FolderArgs {
  if (positional === undefined) throw new UsageError(`${command} needs the run_logs folder`, { showUsage: true });
  const dir = resolve(positional);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a folder.`);
  if (values.map && !existsSync(values.map)) throw new UsageError(`mapping file ${values.map} does not exist.`);
  let last: number | undefined;
  if (values.last !== undefined) {
    if (!/^\d+$/.test(values.last) || Number(values.last) < 1) throw new UsageError(`--last must be a whole number ≥ 1, not "${values.last}".`);
    last = Number(values.last);
  }
  return { dir, db: values.db, map: values.map ? resolve(values.map) : undefined, project: values.project, last };
}

export interface ProjectLearning {
  project_id: string;
  result: LearningResult;
  predictor: Predictor;
}

/**
 * Message → template from the health engine's Drain miner, mined over the given messages (the
 * project's gate-failure reasons) in one pass so every message gets its group's final template.
 */
export function drainTemplateOf(messages: readonly string[]): TemplateOf {
  const distinct = [...new Set(messages)];
  const { templates, assignments } = mineTemplates(distinct);
  const byMessage = new Map(distinct.map((m, i) => [m, templates[assignments[i]].template]));
  return (m) => byMessage.get(m) ?? maskTemplateOf(m);
}

/** The failure reasons of a project's gates, as the root-cause pattern reads them. */
function gateReasons(runs: readonly LearningRun[]): string[] {
  return runs.flatMap((r) => (r.gates ?? []).flatMap((g) => (g.result === 'fail' && g.reason?.trim() ? [g.reason.trim()] : [])));
}

/** The learning analysis of one project already in the store. */
export function learnProjectFromStore(store: Store, projectId: string, now: Date, opts: {
  last?: number;
  templateOf?: TemplateOf;
  health?: { retry_hotspots?: RetryHotspotSlot[]; error_recovery?: RecoveryStrategySlot[] };
} = {}): ProjectLearning {
  const runs = loadLearningRuns(store, projectId, { last: opts.last });
  const { result, predictor } = learn({ runs, now, templateOf: opts.templateOf ?? drainTemplateOf(gateReasons(runs)), health: opts.health });
  return { project_id: projectId, result, predictor };
}

/** Ingests the folder (into a temporary database unless --db) and learns from each project. */
export async function learnFolder(args: FolderArgs, now: Date, templateOf?: TemplateOf): Promise<ProjectLearning[]> {
  const { store, dispose } = openCliStore(args.db);
  try {
    await ingestFolder(store, args.dir, { mapFile: args.map, now: now.getTime() });
    const all = learningProjectIds(store);
    if (args.project !== undefined && !all.includes(args.project)) {
      throw new UsageError(`project "${args.project}" has no runs in ${args.dir} (projects: ${all.join(', ') || 'none'}).`);
    }
    return (args.project !== undefined ? [args.project] : all).map((id) => learnProjectFromStore(store, id, now, { last: args.last, templateOf }));
  } finally {
    dispose();
  }
}

/** True when `inner` is `outer` or inside it. */
export function isInside(inner: string, outer: string): boolean {
  const a = resolve(inner);
  const b = resolve(outer);
  return a === b || a.startsWith(b.endsWith('/') ? b : `${b}/`);
}
