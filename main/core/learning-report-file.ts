/**
 * Writes the learning report into the app data folder (`<data>/reports/`), never next to the run
 * logs: atomically (temp file + rename), named for what it covers and when.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { renderLearningHtml, renderLearningMarkdown, type LearningResult } from '../engine/learning';

/** The folder reports go to, inside the data folder. */
export function reportsDir(dataDir: string): string {
  return join(dataDir, 'reports');
}

/** The watched folder that contains `path`, if any: a report there would sit among the run logs. */
export function watchedFolderHolding(path: string, folders: readonly string[]): string | null {
  const p = resolve(path);
  return folders.find((f) => {
    const root = resolve(f);
    return p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);
  }) ?? null;
}

/** `learning_<project|all>_<YYYY-MM-DD-HHMMSS>.<ext>`, with the project id made file-safe. */
export function reportFileName(projectId: string | null, at: Date, ext: 'html' | 'md' | 'pdf'): string {
  const who = projectId == null ? 'all' : projectId.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'project';
  const stamp = at.toISOString().slice(0, 19).replace('T', '-').replace(/:/g, '');
  return `learning_${who}_${stamp}.${ext}`;
}

/** Renders and writes the report; returns its path, name and text. */
export function writeLearningReport(dataDir: string, results: LearningResult[], projectId: string | null, format: 'html' | 'md', at: Date): {
  path: string; file_name: string; content: string;
} {
  const content = format === 'html' ? renderLearningHtml(results) : renderLearningMarkdown(results);
  const dir = reportsDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const fileName = reportFileName(projectId, at, format);
  const path = join(dir, fileName);
  writeFileSync(`${path}.tmp`, content);
  renameSync(`${path}.tmp`, path);
  return { path, file_name: fileName, content };
}
