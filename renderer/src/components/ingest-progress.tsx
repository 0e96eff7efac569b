/** The ingest progress bar: files and runs done, throughput and ETA. */
import type { IngestProgress } from '../../../shared/domain';
import { formatCount, formatDuration, formatThroughput } from '../lib/format';

/** Fraction done; bytes are the finest measure when known. */
export function progressFraction(p: IngestProgress): number | null {
  if (p.bytes_total > 0) return Math.min(1, p.bytes_done / p.bytes_total);
  if (p.files_total > 0) return Math.min(1, p.files_done / p.files_total);
  return null;
}

/** Progress bar with a caption; renders nothing while idle unless `always`. */
export function IngestProgressBar({ progress, compact = false }: { progress: IngestProgress | null; compact?: boolean }) {
  if (!progress) return null;
  const active = progress.phase === 'scanning' || progress.phase === 'ingesting';
  const frac = progressFraction(progress);
  const pct = frac == null ? null : Math.round(frac * 100);
  const label =
    progress.phase === 'scanning'
      ? 'Scanning folder…'
      : progress.phase === 'ingesting'
        ? 'Reading run logs…'
        : progress.phase === 'error'
          ? 'Ingest failed'
          : 'Up to date';
  return (
    <div className={`ingest ${compact ? 'ingest-compact' : ''} ingest-${progress.phase}`} data-testid="progress-bar" data-phase={progress.phase}>
      <div className="ingest-head">
        <span className="ingest-label">{label}</span>
        <span className="ingest-stats num">
          {formatCount(progress.files_done)} / {formatCount(progress.files_total)} files · {formatCount(progress.runs_done)} runs
          {active && progress.runs_per_s != null ? ` · ${formatThroughput(progress.runs_per_s)}` : ''}
          {active && progress.eta_s != null ? ` · ETA ${formatDuration(progress.eta_s)}` : ''}
        </span>
      </div>
      <div
        className={`bar ${pct == null && active ? 'bar-indeterminate' : ''}`}
        role="progressbar"
        aria-label="Ingest progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
        aria-valuetext={pct == null ? label : `${pct}% · ${formatCount(progress.runs_done)} runs`}
      >
        <span className="bar-fill" style={{ width: `${active ? (pct ?? 30) : 100}%` }} />
      </div>
      {progress.phase === 'error' && progress.message ? (
        <div className="ingest-error" role="alert">
          {progress.message}
        </div>
      ) : null}
    </div>
  );
}
