/**
 * Error patterns over time and their runs: a small bar chart of a pattern's messages per day or
 * week, and the drill-down panel listing the pattern's runs (getPatternRuns), each opening the
 * run drawer as on the Runs page.
 */
import { useEffect, useState } from 'react';
import type { PatternCounts, PatternRunsResult } from '../../../../shared/error-pattern-runs';
import { api, errorMessage } from '../../api/client';
import { formatCount, formatDateTime } from '../../lib/format';
import { RunDrawer } from '../runs/run-drawer';

const DAY_MS = 86_400_000;

/** The UTC day a bucket starts. */
function bucketDay(c: PatternCounts, i: number): string {
  return new Date(Date.parse(`${c.from}T00:00:00Z`) + i * (c.bucket === 'week' ? 7 : 1) * DAY_MS).toISOString().slice(0, 10);
}

/** Bars of a pattern's counts per bucket, scaled to the pattern's own busiest bucket. */
export function PatternCountBars({ counts, width = 120, height = 24 }: { counts: PatternCounts; width?: number; height?: number }) {
  const n = counts.counts.length;
  if (n === 0) return <span className="muted">–</span>;
  const max = Math.max(1, ...counts.counts);
  const w = width / n;
  const busiest = counts.counts.indexOf(max);
  const label = `${formatCount(counts.counts.reduce((a, b) => a + b, 0))} messages over ${n} ${counts.bucket === 'week' ? 'weeks' : 'days'} from ${counts.from}; most (${formatCount(max)}) in the ${counts.bucket} of ${bucketDay(counts, busiest)}`;
  return (
    <svg className="pattern-bars" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} data-testid="pattern-bars" data-buckets={n} data-bucket={counts.bucket}>
      <title>{label}</title>
      {counts.counts.map((c, i) =>
        c > 0 ? (
          <rect key={i} x={i * w + 0.5} width={Math.max(1, w - 1)} y={height - (height * c) / max} height={(height * c) / max}>
            <title>{`${bucketDay(counts, i)}: ${c}`}</title>
          </rect>
        ) : null,
      )}
    </svg>
  );
}

/** The runs of one pattern, latest first; clicking a run opens its drawer. */
export function PatternRunsPanel({ projectId, templateId, onClose }: { projectId: string; templateId: string; onClose: () => void }) {
  const [result, setResult] = useState<PatternRunsResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  useEffect(() => {
    // The parent keys this panel by template id, so a new pattern starts from a fresh state.
    let live = true;
    api.getPatternRuns({ project_id: projectId, template_id: templateId, limit: 200 }).then(
      (r) => live && setResult(r),
      (err) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [projectId, templateId]);
  return (
    <div className="pattern-runs" data-testid="pattern-runs" data-state={result ? 'ready' : error ? 'error' : 'loading'} data-template-id={templateId}>
      <div className="pattern-runs-head">
        <h4>
          Runs with <span className="mono small">{result?.template ?? templateId}</span>
        </h4>
        <button type="button" className="btn btn-small" onClick={onClose} data-testid="pattern-runs-close">
          Close
        </button>
      </div>
      {error ? <p className="alert alert-error small">{error}</p> : null}
      {result ? (
        <>
          <p className="muted small" data-testid="pattern-runs-total" data-total={result.total_runs}>
            {formatCount(result.total_runs)} runs, {formatCount(result.total_messages)} messages in the recent runs
            {result.total_runs > result.runs.length ? `; the latest ${formatCount(result.runs.length)} are listed` : ''}.
          </p>
          <table className="data-table compact">
            <thead>
              <tr>
                <th>Run</th>
                <th>When</th>
                <th>Agent</th>
                <th className="right">Messages</th>
                <th>First message in the run</th>
              </tr>
            </thead>
            <tbody>
              {result.runs.map((r) => (
                <tr key={r.run_id} data-testid="pattern-run-row" data-run-id={r.run_id} className="clickable-row" onClick={() => setRunId(r.run_id)}>
                  <td className="mono">
                    <button type="button" className="link-button mono" onClick={(e) => (e.stopPropagation(), setRunId(r.run_id))}>
                      {r.run_id}
                    </button>
                  </td>
                  <td className="num small">{formatDateTime(r.at)}</td>
                  <td className="small">{r.agent ?? '–'}</td>
                  <td className="right num">{formatCount(r.messages)}</td>
                  <td className="mono small">{r.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {runId ? <RunDrawer projectId={projectId} runId={runId} onClose={() => setRunId(null)} /> : null}
    </div>
  );
}
