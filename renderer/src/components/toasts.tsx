/** Toast stack (bottom right), announced politely to screen readers. */
import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { useProjectStore } from '../store/project-store';
import { useToastStore, type Toast } from '../store/toast-store';
import { Icon } from './icon';

function ToastItem({ t }: { t: Toast }) {
  const dismiss = useToastStore((s) => s.dismiss);
  const [busy, setBusy] = useState(false);
  const [hover, setHover] = useState(false);
  // Undone from the ledger (or by another window) since the toast appeared: its Undo would only fail.
  const undoneElsewhere = useProjectStore((s) => {
    const id = t.action?.undoesChange;
    return id != null && (s.ledger ?? []).some((e) => (e.id === id && e.status === 'undone') || e.undo_of === id);
  });
  useEffect(() => {
    // Pausing on hover: the user may be reaching for the Undo button.
    if (!t.timeout || hover || busy) return;
    const h = setTimeout(() => dismiss(t.id), t.timeout);
    return () => clearTimeout(h);
  }, [t.id, t.timeout, hover, busy, dismiss]);
  return (
    <div className={`toast toast-${t.kind}`} data-testid="toast" onMouseEnter={() => setHover(true)} onMouseLeave={() => setHover(false)}>
      <Icon name={t.kind === 'success' ? 'check' : t.kind === 'error' ? 'alert' : 'info'} />
      <div className="toast-text">
        <div className="toast-message">{t.message}</div>
        {t.detail ? <div className="toast-detail">{t.detail}</div> : null}
      </div>
      {t.action ? (
        <button
          type="button"
          className="btn btn-small"
          data-testid={t.action.testId}
          disabled={busy || undoneElsewhere}
          title={undoneElsewhere ? 'Already undone' : undefined}
          onClick={async () => {
            setBusy(true);
            try {
              await t.action!.run();
              dismiss(t.id);
            } catch (err) {
              useToastStore.getState().push({ kind: 'error', message: errorMessage(err) });
              setBusy(false);
            }
          }}
        >
          {busy ? '…' : undoneElsewhere ? 'Undone' : t.action.label}
        </button>
      ) : null}
      <button type="button" className="icon-btn" aria-label="Dismiss notification" onClick={() => dismiss(t.id)}>
        <Icon name="close" />
      </button>
    </div>
  );
}

/** All current toasts. */
export function Toasts() {
  const toasts = useToastStore((s) => s.toasts);
  return (
    <div className="toasts" aria-live="polite" aria-relevant="additions">
      {toasts.map((t) => (
        <ToastItem key={t.id} t={t} />
      ))}
    </div>
  );
}
