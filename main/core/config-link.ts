/** Resolves which project_config.json belongs to a project. */
import { join } from 'node:path';
import { findConfigNear } from '../config/discover';
import type { Db } from '../store/db';

/**
 * The user's explicit link wins; otherwise look near the project's own folder
 * (`<root>/<project>/`, then the run_logs root and its parents, as findConfigNear documents).
 */
export function resolveConfigPath(db: Db, projectId: string, links: Record<string, string>): string | null {
  const linked = links[projectId];
  if (linked) return linked;
  const root = db
    .prepare('SELECT s.root FROM runs r JOIN sources s ON s.id = r.source_id WHERE r.project_id = ? LIMIT 1')
    .pluck()
    .get(projectId) as string | undefined;
  if (!root) return null;
  return findConfigNear(join(root, projectId)) ?? findConfigNear(root);
}
