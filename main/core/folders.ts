/**
 * The watched run_logs folders: initial ingest, live watching, removal. All ingest work goes
 * through one queue so a scan and the watcher never write the same file at the same time.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { IngestProgress } from '../../shared/domain';
import { ingestFolder, removePath, watchFolder, type FolderWatcher, type IngestFolderOptions } from '../ingest';
import type { Store } from '../store';
import type { EventBus } from './event-bus';
import { UserError } from './types';

export const IDLE_PROGRESS: IngestProgress = {
  phase: 'idle', folder: null, files_total: 0, files_done: 0, runs_done: 0, bytes_total: 0, bytes_done: 0,
  started_at: null, runs_per_s: null, eta_s: null, message: null,
};

export interface FolderManagerOptions {
  watch: boolean;
  now: () => number;
  /** Called after any ingest that changed runs, with the projects touched. */
  onRunsChanged: (projectIds: string[]) => void;
  onQuarantineChanged: () => void;
  /** A first scan's provisional aggregates, before its rows are stored (issue 7 §6). */
  onProvisional?: IngestFolderOptions['onProvisional'];
  provisional?: IngestFolderOptions['provisional'];
}

export class FolderManager {
  progress: IngestProgress = IDLE_PROGRESS;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly watchers = new Map<string, FolderWatcher>();
  /** Folders whose watcher is being opened (add() awaits the session). */
  private readonly starting = new Set<string>();
  private lastProgressEmit = 0;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly opts: FolderManagerOptions,
  ) {}

  /** Validates a folder path given by the user and returns it absolute. */
  static check(path: string): string {
    const abs = resolve(path);
    if (!existsSync(abs)) throw new UserError(`Folder not found: ${abs}`, 'not-found');
    if (!statSync(abs).isDirectory()) throw new UserError(`Not a folder: ${abs}`, 'invalid-request');
    return abs;
  }

  /**
   * Ingests the folder and then keeps watching it. With watching on, the watcher runs the initial
   * scan itself once it is listening, so nothing written in between is missed.
   */
  async add(folder: string): Promise<void> {
    if (!this.opts.watch) return this.enqueue(() => this.ingest(folder));
    if (this.closed || this.watchers.has(folder) || this.starting.has(folder)) return;
    this.starting.add(folder);
    const startedAt = new Date(this.opts.now()).toISOString();
    this.setProgress({ ...IDLE_PROGRESS, phase: 'scanning', folder, started_at: startedAt }, true);
    let watcher: FolderWatcher;
    try {
      watcher = await watchFolder(this.store, folder, {
        now: this.opts.now,
        initialScan: true,
        onProgress: (p: IngestProgress) => this.setProgress({ ...p, folder }),
        onProvisional: this.opts.onProvisional,
        provisional: this.opts.provisional,
        onChange: (r) => this.changed(r.changedProjects, r.quarantined > 0 || r.kind === 'removed'),
        onError: (e) => this.setProgress({ ...this.progress, phase: 'error', folder, message: e.message }, true),
      });
    } finally {
      this.starting.delete(folder);
    }
    if (this.closed) {
      await watcher.close();
      return;
    }
    this.watchers.set(folder, watcher);
    try {
      await watcher.ready;
      this.setProgress({ ...this.progress, phase: 'watching', folder, message: null }, true);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.setProgress({ ...this.progress, phase: 'error', folder, message: `Could not watch ${folder}: ${message}` }, true);
    }
  }

  /** Stops watching the folder and removes its runs from the store (the folder is the source of truth). */
  async remove(folder: string): Promise<void> {
    await this.watchers.get(folder)?.close();
    this.watchers.delete(folder);
    await this.enqueue(async () => {
      const paths = await this.store.sources.pathsOfRoot(folder);
      const touched = new Set<string>();
      for (const p of paths) for (const id of (await removePath(this.store, folder, p)).changedProjects) touched.add(id);
      this.changed([...touched], true);
    });
  }

  async rescan(folders: string[]): Promise<void> {
    for (const f of folders) await this.enqueue(() => this.ingest(f));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.watchers.values()].map((w) => w.close()));
    this.watchers.clear();
    await this.queue.catch(() => undefined);
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async ingest(folder: string): Promise<void> {
    if (this.closed) return;
    const startedAt = new Date(this.opts.now()).toISOString();
    this.setProgress({ ...IDLE_PROGRESS, phase: 'scanning', folder, started_at: startedAt }, true);
    try {
      const result = await ingestFolder(this.store, folder, {
        now: this.opts.now,
        onProgress: (p: IngestProgress) => this.setProgress({ ...p, folder }),
        onProvisional: this.opts.onProvisional,
        provisional: this.opts.provisional,
      });
      this.setProgress({ ...this.progress, phase: this.watchers.has(folder) ? 'watching' : 'idle', folder, message: null }, true);
      this.changed(result.changedProjects, result.counts.quarantined > 0);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.setProgress({ ...this.progress, phase: 'error', folder, message: `Could not read ${folder}: ${message}` }, true);
    }
  }

  private changed(projectIds: string[], quarantineMayHaveChanged: boolean): void {
    if (projectIds.length > 0) this.opts.onRunsChanged(projectIds);
    if (quarantineMayHaveChanged) this.opts.onQuarantineChanged();
  }

  /** Progress events are throttled to ~10/s; phase changes always go out. */
  private setProgress(p: IngestProgress, force = false): void {
    this.progress = p;
    const t = Date.now();
    if (!force && t - this.lastProgressEmit < 100) return;
    this.lastProgressEmit = t;
    this.bus.emit({ type: 'ingest-progress', progress: p });
  }
}
