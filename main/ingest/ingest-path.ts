/** One path at a time (the watcher's unit of work): ingest a file or folder, or drop what left. */
import { statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { Store } from '../store';
import { ingestJsonFile, JsonlJob, type FileOptions, type FileOutcome, type FileTarget } from './ingest-file';
import type { PathResult } from './ingest-folder';
import { inTransaction, openSession, type IngestOptions, type Session } from './session';
import { fileKind, relPath, skippedName, walkFolder } from './walk';

const tick = () => new Promise<void>((r) => setImmediate(r));

export interface IngestPathOptions extends IngestOptions {
  /** Watcher mode: a half-written file is reported incomplete instead of quarantined. */
  settling?: boolean;
}

function empty(file: string, kind: PathResult['kind']): PathResult {
  return { file, kind, runs: 0, events: 0, quarantined: 0, incomplete: false, changedProjects: [] };
}

function add(r: PathResult, o: FileOutcome, projects: string[]): void {
  r.runs += o.runs;
  r.events += o.events;
  r.quarantined += o.quarantined;
  r.incomplete ||= o.incomplete;
  for (const p of projects) if (!r.changedProjects.includes(p)) r.changedProjects.push(p);
}

/** Whether a path under the root is one the ingest reads (extension, not hidden). */
export function isRunLogPath(root: string, path: string): boolean {
  const rel = relPath(root, path);
  if (rel.startsWith('..') || rel.split('/').some(skippedName)) return false;
  return fileKind(rel.slice(rel.lastIndexOf('/') + 1)) != null;
}

/** Reads one file with its own commits (per chunk for JSONL), then re-reads any sources it made stale. */
async function ingestOne(s: Session, t: FileTarget, opts: FileOptions, r: PathResult, depth = 0): Promise<void> {
  let out: FileOutcome;
  if (t.kind === 'json') {
    const res = await inTransaction(s, () => ingestJsonFile(s, t, opts));
    out = res.value;
    add(r, out, res.projects);
  } else {
    const job = new JsonlJob(s, t, opts);
    const projects: string[] = [];
    try {
      let more = true;
      while (more) {
        const res = await inTransaction(s, () => job.step());
        more = res.value;
        projects.push(...res.projects);
        if (more) await tick(); // never yield inside a transaction
      }
    } finally {
      job.close();
    }
    out = job.out;
    add(r, out, projects);
  }
  if (depth < 2) for (const p of out.restale) await ingestSessionPath(s, p, {}, r, depth + 1);
}

/** Session-level ingestPath (the watcher keeps one session). Adds into `r`. */
export async function ingestSessionPath(s: Session, file: string, opts: FileOptions, r: PathResult, depth = 0): Promise<void> {
  const path = resolve(file);
  let st;
  try {
    st = statSync(path);
  } catch {
    await removeSessionPath(s, path, r);
    return;
  }
  if (st.isDirectory()) {
    for (const f of walkFolder(path).files) await ingestOne(s, { path: f.path, rel: relPath(s.root, f.path), kind: f.kind }, opts, r, depth);
    return;
  }
  if (!isRunLogPath(s.root, path)) {
    r.kind = 'skipped';
    return;
  }
  const kind = fileKind(path.slice(path.lastIndexOf(sep) + 1));
  if (!kind) return;
  const src = await s.store.sources.get(path);
  if (src && src.status === 'ok' && src.size === st.size && src.mtime_ms === st.mtimeMs && src.ino === st.ino && !opts.fromZero) return;
  await ingestOne(s, { path, rel: relPath(s.root, path), kind }, opts, r, depth);
}

/** Session-level removePath: the file's runs leave, or every file's under a removed folder. */
export async function removeSessionPath(s: Session, file: string, r: PathResult): Promise<void> {
  const path = resolve(file);
  const ids = await s.store.sources.idsAtOrBelow(path, sep);
  if (ids.length === 0) return;
  r.kind = 'removed';
  const res = await inTransaction(s, async () => {
    const restale: string[] = [];
    for (const id of ids) restale.push(...(await s.writer.deleteSource(id, s.fold.removed)));
    return restale;
  });
  add(r, { runs: 0, events: 0, quarantined: 0, bytes: 0, incomplete: false, restale: [] }, res.projects);
  for (const p of new Set(res.value)) await ingestSessionPath(s, p, {}, r, 1);
}

/** Ingests one file (or every file under a folder) below `root`; a path that no longer exists is removed. */
export async function ingestPath(store: Store, root: string, file: string, opts: IngestPathOptions = {}): Promise<PathResult> {
  const s = await openSession(store, root, opts);
  const r = empty(resolve(file), 'ingested');
  await ingestSessionPath(s, file, { settling: opts.settling }, r);
  return r;
}

/** Removes the runs, events and quarantine of a deleted file (or of every file under a deleted folder). */
export async function removePath(store: Store, root: string, file: string, opts: IngestOptions = {}): Promise<PathResult> {
  const s = await openSession(store, root, opts);
  const r = empty(resolve(file), 'removed');
  await removeSessionPath(s, file, r);
  return r;
}

export { empty as emptyPathResult };
