/** The auto-tune switch (writes the project's config) and the "How auto-tune works" explainer. */
import { useId, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { Switch, Skeleton } from '../../components/ui';
import { useProjectStore } from '../../store/project-store';
import { toast } from '../../store/toast-store';

export function AutoTunePanel({ projectId }: { projectId: string }) {
  const tuning = useProjectStore((s) => (s.projectId === projectId ? s.tuning : null));
  const setTuning = useProjectStore((s) => s.setTuning);
  const [busy, setBusy] = useState(false);
  const descId = useId();

  const toggle = async (enabled: boolean) => {
    setBusy(true);
    try {
      const t = await api.setAutoTune({ project_id: projectId, enabled });
      setTuning(t);
      toast.success(enabled ? 'Auto-tune enabled' : 'Auto-tune disabled', { detail: t.config_path ?? undefined });
      void useProjectStore.getState().refresh(['ledger']);
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card autotune" aria-labelledby="autotune-title" data-testid="auto-tune-panel">
      <div className="autotune-row">
        <div>
          <h2 id="autotune-title">Auto-tune</h2>
          <p id={descId} className="muted">
            {tuning ? (
              tuning.enabled ? (
                <>Enabled: recommendations are applied to the config automatically before runs.</>
              ) : (
                <>Disabled: recommendations are shown here but not applied.</>
              )
            ) : (
              <Skeleton width={320} height={14} />
            )}
          </p>
          {tuning ? (
            <p className="small muted">
              Safe mode {tuning.apply_safely ? 'on (low-confidence changes are skipped)' : 'off'} · minimum {tuning.min_runs_for_recommendations} runs · applies{' '}
              {tuning.confidence_threshold === 'high' ? 'high' : tuning.confidence_threshold === 'medium' ? 'medium and high' : 'all'} confidence ·{' '}
              {tuning.config_path ? <span className="mono">{tuning.config_path}</span> : 'no config file linked'} · <a href="#/settings">change</a>
            </p>
          ) : null}
        </div>
        <Switch
          checked={!!tuning?.enabled}
          onChange={toggle}
          disabled={!tuning || busy || !tuning.config_path}
          label="Auto-tune"
          describedBy={descId}
          testId="auto-tune-toggle"
        />
      </div>
      {tuning && !tuning.config_path ? (
        <p className="small">
          Auto-tune writes to the project’s config file. <a href="#/settings">Link a config file</a> to enable it.
        </p>
      ) : null}
      <details className="how">
        <summary>How auto-tune works</summary>
        <ol>
          <li>
            <strong>Data analysis.</strong> RunBrain builds a profile of this project from its run logs: cost, QA pass rate and rounds per mode, prompt
            strategy and model.
          </li>
          <li>
            <strong>Recommendation generation.</strong> It compares the options you use. QA pass rate weighs 70%, cost 30%; a change must show a
            meaningful improvement (&gt;15%) backed by enough runs, and each gets a high, medium or low confidence.
          </li>
          <li>
            <strong>Automatic application (when enabled).</strong> Before the next run, recommendations at or above your confidence threshold are written
            to the config file; the config is marked <code>_auto_tuned</code> and the changed keys are listed in <code>_tuned_fields</code>.
          </li>
          <li>
            <strong>Safety mechanisms.</strong> Nothing happens below the minimum number of runs; safe mode skips low-confidence changes; a change whose
            evidence says quality may drop is held back; every write keeps a backup and is listed in the change ledger.
          </li>
          <li>
            <strong>Manual override.</strong> Your own edits always win: change the file by hand or undo any change from the ledger, byte for byte.
          </li>
        </ol>
      </details>
    </section>
  );
}
