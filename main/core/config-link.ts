/** Resolves which project_config.json belongs to a project. */
import { join } from 'node:path';
import { findConfigNear } from '../config/discover';
import type { ConfigLinkStore } from '../store';

/**
 * The user's explicit link wins; otherwise look near the project's own folder
 * (`<root>/<project>/`, then the run_logs root and its parents, as findConfigNear documents).
 */
export async function resolveConfigPath(store: ConfigLinkStore, projectId: string, links: Record<string, string>): Promise<string | null> {
  const linked = links[projectId];
  if (linked) return linked;
  const root = await store.rootOfProject(projectId);
  if (!root) return null;
  return findConfigNear(join(root, projectId)) ?? findConfigNear(root);
}
