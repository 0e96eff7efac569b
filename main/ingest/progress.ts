/** Ingest progress for the UI's progress bar: files/runs/bytes done and total, rate, ETA; throttled. */
import type { IngestProgress } from '../../shared/domain';

export type ProgressListener = (p: IngestProgress) => void;

export class ProgressReporter {
  readonly p: IngestProgress;
  private readonly t0 = Date.now();
  private last = 0;

  constructor(
    folder: string,
    private readonly listener: ProgressListener | undefined,
    private readonly intervalMs = 100,
  ) {
    this.p = {
      phase: 'scanning', folder, files_total: 0, files_done: 0, runs_done: 0, bytes_total: 0, bytes_done: 0,
      started_at: new Date(this.t0).toISOString(), runs_per_s: null, eta_s: null, message: null,
    };
  }

  /** Emits now when `force`, else at most every intervalMs. */
  emit(force = false): void {
    if (!this.listener) return;
    const now = Date.now();
    if (!force && now - this.last < this.intervalMs) return;
    this.last = now;
    const secs = (now - this.t0) / 1000;
    const p = this.p;
    p.runs_per_s = secs > 0 && p.phase === 'ingesting' ? Math.round(p.runs_done / secs) : null;
    if (p.phase === 'ingesting' && p.bytes_total > 0 && p.bytes_done > 0 && secs > 0) {
      p.eta_s = Math.max(0, Math.round(((p.bytes_total - p.bytes_done) / (p.bytes_done / secs)) * 10) / 10);
    } else if (p.phase === 'ingesting' && p.bytes_total <= 0 && p.files_done > 0 && secs > 0) {
      // Sizes unknown (a first scan does not stat): by files.
      p.eta_s = Math.max(0, Math.round(((p.files_total - p.files_done) / (p.files_done / secs)) * 10) / 10);
    } else p.eta_s = null;
    this.listener({ ...p });
  }
}
