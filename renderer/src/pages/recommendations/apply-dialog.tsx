/** Apply → preview the config diff → confirm. Errors (e.g. the file changed since the preview) stay in the dialog. */
import { useCallback, useEffect, useState } from 'react';
import type { Recommendation } from '../../../../shared/domain';
import type { OpResult } from '../../../../shared/operations';
import { api, errorMessage } from '../../api/client';
import { Dialog } from '../../components/dialog';
import { DiffView } from '../../components/diff-view';
import { Skeleton } from '../../components/ui';
import { formatConfigValue, formatInheritable } from '../../lib/format';
import { announceApplied } from './apply-flow';

type Preview = OpResult<'previewApply'>;

export function ApplyDialog({ projectId, rec, onClose }: { projectId: string; rec: Recommendation; onClose: () => void }) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [applying, setApplying] = useState(false);

  const load = useCallback(async () => {
    setPreview(null);
    setError(null);
    try {
      setPreview(await api.previewApply({ project_id: projectId, recommendation_id: rec.id }));
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [projectId, rec.id]);

  useEffect(() => {
    // Fetching the preview when the dialog opens is this effect's purpose.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load();
  }, [load]);

  const confirm = async () => {
    if (!preview) return;
    setApplying(true);
    setError(null);
    try {
      const entry = await api.applyRecommendation({ project_id: projectId, recommendation_id: rec.id, base_hash: preview.base_hash });
      onClose();
      announceApplied(entry);
    } catch (err) {
      setError(errorMessage(err));
      setApplying(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      testId="apply-dialog"
      wide
      title={
        <>
          Apply change to <span className="mono">{preview?.key_path ?? rec.field}</span>
        </>
      }
      footer={
        <>
          <span className="dialog-note muted">A backup is written first; you can undo from the notification or the change ledger.</span>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          {error && preview ? (
            <button type="button" className="btn" onClick={() => void load()} data-testid="refresh-preview">
              Refresh preview
            </button>
          ) : null}
          <button type="button" className="btn btn-primary" onClick={confirm} disabled={!preview || applying} data-testid="confirm-apply">
            {applying ? 'Writing…' : 'Confirm and write'}
          </button>
        </>
      }
    >
      <dl className="kv">
        <dt>Config file</dt>
        <dd className="mono break" data-testid="apply-config-path">
          {preview ? preview.config_path : error ? '–' : <Skeleton width={320} height={14} />}
        </dd>
        <dt>Change</dt>
        <dd>
          <span className="mono value-old" data-testid="apply-before">
            {preview ? formatInheritable(preview.before_value, preview.before_inherited) : formatConfigValue(rec.current_value)}
          </span>
          <span className="arrow" aria-label="becomes">
            →
          </span>
          <span className="mono value-new">{formatConfigValue(preview ? preview.after_value : rec.recommended_value)}</span>
        </dd>
      </dl>
      {error ? (
        <div className="alert alert-error" role="alert" data-testid="apply-error">
          {error}
        </div>
      ) : null}
      {preview ? <DiffView diff={preview.diff} /> : !error ? <Skeleton height={160} /> : null}
    </Dialog>
  );
}
