/**
 * Finding a project's config file near its run logs (issue 3 §3: "project_config.json or
 * agent/project_config.json near the run_logs folder").
 */
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Names tried in each folder, in this order. */
export const CONFIG_CANDIDATES = ['project_config.json', join('agent', 'project_config.json')];

/**
 * The first existing file among, in order: `<folder>/project_config.json`,
 * `<folder>/agent/project_config.json`, then the same two in the parent folder, then in the
 * grandparent. The nearest folder wins; within a folder the plain name wins. Null if none.
 */
export function findConfigNear(runLogsFolder: string): string | null {
  let dir = resolve(runLogsFolder);
  for (let level = 0; level < 3; level++) {
    for (const name of CONFIG_CANDIDATES) {
      const candidate = join(dir, name);
      try {
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        // Not there: try the next candidate.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}
