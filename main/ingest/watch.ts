/**
 * Live watching with chokidar. Each event is retried until the file settles: a file that looks
 * half-written (JSON that does not parse yet, a JSONL line without its newline) is left alone
 * and read again; only a file that stays broken after it stopped changing is quarantined.
 * Work runs one path at a time, so ingests never overlap. ENOSPC / EMFILE (out of inotify
 * watches or file handles) switch to polling.
 */
import { watch, type FSWatcher } from 'chokidar';
import { statSync, type Stats } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { IngestProgress } from '../../shared/domain';
import type { Store } from '../store';
import { ingestFolder, type IngestFolderOptions, type PathResult } from './ingest-folder';
import { emptyPathResult, ingestSessionPath, removeSessionPath } from './ingest-path';
import { MAP_FILE_NAME } from './mapping';
import { openSession, type IngestOptions, type Session } from './session';
import { fileKind, relPath, skippedName } from './walk';

export interface WatchOptions extends IngestOptions {
  /** Called after every path that was ingested or removed. */
  onChange?: (r: PathResult) => void;
  /** Called after every read of a changed path, also one left for later as half-written (`incomplete`). */
  onAttempt?: (r: PathResult) => void;
  onProgress?: (p: IngestProgress) => void;
  /** Passed to the scans' ingestFolder (issue 7 §6: a first scan's provisional aggregates). */
  onProvisional?: IngestFolderOptions['onProvisional'];
  provisional?: IngestFolderOptions['provisional'];
  onError?: (e: Error) => void;
  /** Run ingestFolder once the watcher is ready, so nothing written before it is missed (default true). */
  initialScan?: boolean;
  /** How long a half-written file must stay unchanged before it is read as final (default 300 ms). */
  settleMs?: number;
  /** Delay between an event and the first read, to coalesce bursts (default 15 ms). */
  debounceMs?: number;
  /** Start in polling mode (otherwise used only after ENOSPC / EMFILE). */
  polling?: boolean;
  pollIntervalMs?: number;
}

export interface FolderWatcher {
  /** Resolves once the watcher is watching (and the initial scan, if any, is done). */
  ready: Promise<void>;
  /** True after falling back to polling. */
  readonly polling: boolean;
  /** Resolves when no event is waiting or being processed (tests, shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

interface Pending {
  timer: NodeJS.Timeout | null;
  sig: string;
  stableSince: number;
}

const sigOf = (st: Stats | undefined) => (st ? `${st.size}:${st.mtimeMs}:${st.ino}` : 'gone');

/** Watches `root` and keeps the store in step with it. */
export async function watchFolder(store: Store, root: string, opts: WatchOptions = {}): Promise<FolderWatcher> {
  const abs = resolve(root);
  const settleMs = opts.settleMs ?? 300;
  const debounceMs = opts.debounceMs ?? 15;
  let session: Session = await openSession(store, abs, opts);
  let watcher: FSWatcher | null = null;
  let polling = opts.polling ?? false;
  let closed = false;
  let busy = 0;
  let chain: Promise<void> = Promise.resolve();
  const pending = new Map<string, Pending>();

  const fail = (e: unknown) => opts.onError?.(e instanceof Error ? e : new Error(String(e)));
  const enqueue = (job: () => Promise<void>) => {
    busy++;
    chain = chain.then(() => (closed ? undefined : job())).catch(fail).finally(() => busy--);
  };
  const report = (r: PathResult) => {
    if (r.kind !== 'skipped' && (r.runs || r.events || r.quarantined || r.changedProjects.length || r.kind === 'removed')) opts.onChange?.(r);
  };

  const rescan = () =>
    enqueue(async () => {
      session = await openSession(store, abs, opts); // reloads the mapping
      const res = await ingestFolder(store, abs, { mapFile: opts.mapFile, now: opts.now, onProgress: opts.onProgress, onProvisional: opts.onProvisional, provisional: opts.provisional });
      opts.onChange?.({ file: abs, kind: 'ingested', runs: 0, events: 0, quarantined: 0, incomplete: false, changedProjects: res.changedProjects });
    });

  const attempt = (path: string) =>
    enqueue(async () => {
      const p = pending.get(path);
      if (!p) return;
      p.timer = null;
      let st: Stats | undefined;
      try {
        st = statSync(path);
      } catch {
        st = undefined;
      }
      const sig = sigOf(st);
      const now = Date.now();
      if (sig !== p.sig) {
        p.sig = sig;
        p.stableSince = now;
      }
      const final = now - p.stableSince >= settleMs;
      const r = emptyPathResult(path, 'ingested');
      await ingestSessionPath(session, path, { settling: !final }, r);
      opts.onAttempt?.(r);
      report(r);
      if (r.incomplete && !final) {
        p.timer = setTimeout(() => attempt(path), Math.max(20, settleMs - (Date.now() - p.stableSince)));
      } else pending.delete(path);
    });

  const isMapFile = (path: string) => basename(path) === MAP_FILE_NAME && resolve(path, '..') === abs;

  const touched = (path: string) => {
    if (closed) return;
    if (isMapFile(path)) {
      rescan();
      return;
    }
    let p = pending.get(path);
    if (!p) pending.set(path, (p = { timer: null, sig: '', stableSince: Date.now() }));
    if (p.timer) clearTimeout(p.timer);
    p.timer = setTimeout(() => attempt(path), debounceMs);
  };

  const removed = (path: string) => {
    if (closed) return;
    // Without its mapping the folder reads differently: every run is read again as it is.
    if (isMapFile(path)) {
      rescan();
      return;
    }
    const p = pending.get(path);
    if (p?.timer) clearTimeout(p.timer);
    pending.delete(path);
    enqueue(async () => {
      const r = emptyPathResult(path, 'removed');
      await removeSessionPath(session, path, r);
      report(r);
    });
  };

  const ignored = (path: string, stats?: Stats): boolean => {
    const rel = relPath(abs, path);
    if (rel === '' || rel.startsWith('..')) return false;
    if (rel.split('/').some(skippedName)) return true;
    const name = basename(path);
    return !!stats?.isFile() && fileKind(name) == null && name !== MAP_FILE_NAME;
  };

  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));
  let readySeen = false;
  const onReady = () => {
    if (readySeen) return;
    readySeen = true;
    if (opts.initialScan ?? true) {
      rescan();
      enqueue(async () => resolveReady());
    } else resolveReady();
  };

  const start = (usePolling: boolean) => {
    const w = watch(abs, {
      ignoreInitial: true,
      persistent: true,
      ignored,
      // usePolling + interval: chokidar 5's names (chokidar 6 still reads them).
      ...(usePolling ? { usePolling: true, interval: opts.pollIntervalMs ?? 200 } : {}),
    });
    w.once('ready', onReady);
    w.on('add', (p) => touched(p));
    w.on('change', (p) => touched(p));
    w.on('unlink', (p) => removed(p));
    w.on('unlinkDir', (p) => removed(p));
    w.on('error', (err) => {
      const code = (err as NodeJS.ErrnoException).code;
      if (!polling && (code === 'ENOSPC' || code === 'EMFILE')) {
        polling = true;
        const old = w;
        watcher = start(true);
        void old.close();
        rescan(); // events may have been lost while switching
      } else fail(err);
    });
    return w;
  };

  watcher = start(polling);

  return {
    ready,
    get polling() {
      return polling;
    },
    async idle() {
      for (;;) {
        await chain;
        if (busy === 0 && [...pending.values()].every((p) => p.timer == null)) return;
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close() {
      closed = true;
      for (const p of pending.values()) if (p.timer) clearTimeout(p.timer);
      pending.clear();
      await watcher?.close();
      await chain.catch(() => undefined);
    },
  };
}
