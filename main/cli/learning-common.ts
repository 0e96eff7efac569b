/** Shared by `train`, `metrics`, `report` and `predict`: ingest a folder, learn per project (main/core/project-learning.ts). */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { learnProjectFromStore, type ProjectLearning } from '../core/project-learning';
import type { TemplateOf } from '../engine/learning';
import { ingestFolder } from '../ingest';
import { learningProjectIds } from '../core/learning-runs';
import { UsageError } from './io';
import { openCliStore } from './open-store';

export { drainTemplateOf, learnProjectFromStore, maskTemplateOf, type ProjectLearning } from '../core/project-learning';

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

/** Ingests the folder (into a temporary database unless --db) and learns from each project. */
export async function learnFolder(args: FolderArgs, now: Date, templateOf?: TemplateOf): Promise<ProjectLearning[]> {
  const { store, dispose } = openCliStore(args.db);
  try {
    await ingestFolder(store, args.dir, { mapFile: args.map, now: now.getTime() });
    const all = await learningProjectIds(store);
    if (args.project !== undefined && !all.includes(args.project)) {
      throw new UsageError(`project "${args.project}" has no runs in ${args.dir} (projects: ${all.join(', ') || 'none'}).`);
    }
    const out = [];
    for (const id of args.project !== undefined ? [args.project] : all) out.push(await learnProjectFromStore(store, id, now, { last: args.last, templateOf }));
    return out;
  } finally {
    await dispose();
  }
}

/** True when `inner` is `outer` or inside it. */
export function isInside(inner: string, outer: string): boolean {
  const a = resolve(inner);
  const b = resolve(outer);
  return a === b || a.startsWith(b.endsWith('/') ? b : `${b}/`);
}
