/** Every config change RunBrain made for this project: predicted vs realised effect, and undo. */
import { useEffect, useState } from 'react';
import type { ArmOutcome, LedgerEntry } from '../../../shared/domain';
import type { OpResult } from '../../../shared/operations';
import { api, errorMessage } from '../api/client';
import { Dialog } from '../components/dialog';
import { DiffView } from '../components/diff-view';
import { EmptyState, PageHeader, Skeleton, SkeletonRows, Tip } from '../components/ui';
import { formatCount, formatInheritable, formatDateTime, formatPct, formatPctInterval, formatRelative, formatUsd } from '../lib/format';
import { useNow } from '../lib/use-now';
import { useProjectStore } from '../store/project-store';
import { undoChange } from './recommendations/apply-flow';

function Outcome({ o, label }: { o: ArmOutcome | null; label: string }) {
  if (!o) return <span className="muted">–</span>;
  return (
    <div className="outcome" aria-label={label}>
      <div className="num">
        {formatUsd(o.cost_per_run)}
        <span className="muted">/run</span>
        {o.cost_ci ? <span className="muted small"> ({formatUsd(o.cost_ci[0])}–{formatUsd(o.cost_ci[1])})</span> : null}
      </div>
      <div className="num">
        QA {formatPct(o.qa_pass_rate)}
        {o.qa_ci ? <span className="muted small"> ({formatPctInterval(o.qa_ci)})</span> : null}
        <span className="muted small"> · n={formatCount(o.runs)}</span>
      </div>
    </div>
  );
}

function UndoDialog({ entry, onClose }: { entry: LedgerEntry; onClose: () => void }) {
  const [preview, setPreview] = useState<OpResult<'previewUndo'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    api.previewUndo({ change_id: entry.id }).then(
      (p) => live && setPreview(p),
      (err) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [entry.id]);
  const confirm = async () => {
    if (!preview) return;
    setBusy(true);
    try {
      await undoChange(entry, preview.base_hash);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      onClose={onClose}
      testId="undo-dialog"
      wide
      title={
        <>
          Undo change to <span className="mono">{entry.key_path}</span>
        </>
      }
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" disabled={!preview || busy} onClick={confirm} data-testid="confirm-undo">
            {busy ? 'Restoring…' : 'Confirm undo'}
          </button>
        </>
      }
    >
      <dl className="kv">
        <dt>Config file</dt>
        <dd className="mono break">{preview?.config_path ?? entry.config_path}</dd>
        <dt>Restores</dt>
        <dd>
          <span className="mono value-old">{formatInheritable(entry.after_value, entry.after_inherited)}</span>
          <span className="arrow">→</span>
          <span className="mono value-new">{formatInheritable(entry.before_value, entry.before_inherited)}</span>
        </dd>
      </dl>
      {error ? (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      ) : null}
      {preview ? <DiffView diff={preview.diff} testId="undo-diff-preview" /> : !error ? <Skeleton height={140} /> : null}
    </Dialog>
  );
}

export default function LedgerPage({ projectId }: { projectId: string }) {
  const mine = useProjectStore((s) => s.projectId === projectId);
  const ledger = useProjectStore((s) => (mine ? s.ledger : null));
  const error = useProjectStore((s) => (mine ? s.errors.ledger : undefined));
  const now = useNow();
  const [undoing, setUndoing] = useState<LedgerEntry | null>(null);

  return (
    <div className="page" data-testid="ledger-page">
      <PageHeader
        title="Change ledger"
        subtitle="Every change written to this project’s config, what it was expected to do, and what it did once enough runs ran under it."
      />
      {error && !ledger ? (
        <EmptyState icon="alert" title="Could not load the ledger" tone="error">
          {error}
        </EmptyState>
      ) : null}
      <div className="table-card">
        <table className="data-table ledger-table">
          <thead>
            <tr>
              <th scope="col">Applied</th>
              <th scope="col">Change</th>
              <th scope="col">By</th>
              <th scope="col">Predicted</th>
              <th scope="col">Realised</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {ledger == null && !error ? <SkeletonRows rows={3} cols={7} wideCol={1} wideWidth={160} /> : null}
            {ledger?.map((e) => (
              <tr key={e.id} data-testid="ledger-row" data-status={e.status}>
                <td className="num">
                  <Tip tip={formatDateTime(e.applied_at)}>{formatRelative(e.applied_at, now)}</Tip>
                </td>
                <td>
                  <div className="mono">
                    <span className="muted">#{e.id}</span> {e.key_path}
                  </div>
                  <div className="small">
                    <span className="mono value-old">{formatInheritable(e.before_value, e.before_inherited)}</span>
                    <span className="arrow">→</span>
                    <span className="mono value-new">{formatInheritable(e.after_value, e.after_inherited)}</span>
                  </div>
                </td>
                <td>
                  <span className={`badge ${e.applied_by === 'auto-tune' ? 'badge-category' : 'badge-muted'}`}>{e.applied_by}</span>
                </td>
                <td>
                  <Outcome o={e.outcome?.predicted ?? null} label="Predicted effect" />
                </td>
                <td>
                  {e.outcome?.ready ? (
                    <Outcome o={e.outcome.realised} label="Realised effect" />
                  ) : e.outcome ? (
                    <div className="pending">
                      <span className="muted small">
                        Waiting for data: {formatCount(e.outcome.runs_since)} / {formatCount(e.outcome.min_runs)} runs
                      </span>
                      <span className="minibar" aria-hidden="true">
                        <span style={{ width: `${Math.min(100, (100 * e.outcome.runs_since) / Math.max(1, e.outcome.min_runs))}%` }} />
                      </span>
                    </div>
                  ) : (
                    <span className="muted">–</span>
                  )}
                </td>
                <td>
                  {e.undo_of != null ? (
                    <span className="badge badge-muted" data-testid="ledger-undo-of">
                      undo of #{e.undo_of}
                    </span>
                  ) : e.status === 'applied' ? (
                    <span className="badge badge-good">applied</span>
                  ) : (
                    <Tip tip={`Undone ${formatDateTime(e.undone_at)}`}>
                      <span className="badge badge-muted">undone</span>
                    </Tip>
                  )}
                </td>
                <td className="right">
                  {/* An undo is itself undone by applying the recommendation again, not by undoing the undo. */}
                  {e.status === 'applied' && e.undo_of == null ? (
                    <button type="button" className="btn btn-small" onClick={() => setUndoing(e)} data-testid="ledger-undo">
                      Undo…
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {ledger && ledger.length === 0 ? (
          <EmptyState icon="ledger" title="No changes yet">
            Changes you apply from Recommendations, and those auto-tune makes, are recorded here with a backup for undo.
          </EmptyState>
        ) : null}
      </div>
      {undoing ? <UndoDialog entry={undoing} onClose={() => setUndoing(null)} /> : null}
    </div>
  );
}
