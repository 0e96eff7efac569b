/**
 * The auto-tune switches (they write the linked config) and the "How auto-tune works" explainer.
 * Two levels, as in the file: this project's own `projects.<id>.auto_tune.enabled`, which
 * overrides the top-level `auto_tune.enabled` shared by every project in the file.
 */
import { useId, useState } from 'react';
import type { TuningState } from '../../../../shared/domain';
import { api, errorMessage } from '../../api/client';
import { Switch, Skeleton } from '../../components/ui';
import { useProjectStore } from '../../store/project-store';
import { toast } from '../../store/toast-store';

const onOff = (v: boolean) => (v ? 'on' : 'off');

/** Where this project's switch comes from, in words. */
function sourceText(t: TuningState): string {
  if (t.sources.enabled === 'project') return `Set for this project; the file-wide setting is ${onOff(t.inherited.enabled)}.`;
  if (t.sources.enabled === 'file') return `Inherited from the file-wide setting (auto_tune.enabled: ${onOff(t.inherited.enabled)}).`;
  return 'Inherited: the file sets nothing, so auto-tune is off by default.';
}

export function AutoTunePanel({ projectId }: { projectId: string }) {
  const tuning = useProjectStore((s) => (s.projectId === projectId ? s.tuning : null));
  const setTuning = useProjectStore((s) => s.setTuning);
  const [busy, setBusy] = useState(false);
  const descId = useId();

  const write = async (enabled: boolean | null, scope: 'project' | 'file') => {
    setBusy(true);
    try {
      const t = await api.setAutoTune({ project_id: projectId, enabled, scope });
      setTuning(t);
      const what = scope === 'file' ? 'for every project in this config file' : 'for this project';
      toast.success(enabled === null ? 'This project follows the file-wide auto-tune setting again' : `Auto-tune ${enabled ? 'enabled' : 'disabled'} ${what}`, {
        detail: t.config_path ?? undefined,
      });
      void useProjectStore.getState().refresh(['ledger']);
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const linked = !!tuning?.config_path;
  return (
    <section className="card autotune" aria-labelledby="autotune-title" data-testid="auto-tune-panel">
      <div className="autotune-row">
        <div>
          <h2 id="autotune-title">Auto-tune for this project</h2>
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
          {tuning && linked ? (
            <p className="small muted" data-testid="auto-tune-source">
              {sourceText(tuning)}{' '}
              {tuning.sources.enabled === 'project' ? (
                <button type="button" className="link-btn" disabled={busy} onClick={() => void write(null, 'project')} data-testid="auto-tune-inherit">
                  Follow the file-wide setting
                </button>
              ) : null}
            </p>
          ) : null}
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
          onChange={(v) => void write(v, 'project')}
          disabled={!tuning || busy || !linked}
          label="Auto-tune for this project"
          describedBy={descId}
          testId="auto-tune-toggle"
        />
      </div>
      {tuning && linked ? (
        <div className="autotune-row autotune-file">
          <p className="small">
            File-wide: <span className="mono">auto_tune.enabled</span> is {onOff(tuning.inherited.enabled)} for every project in this file that does not
            set its own.
          </p>
          <Switch
            checked={tuning.inherited.enabled}
            onChange={(v) => void write(v, 'file')}
            disabled={busy}
            label="Auto-tune for every project in this config file"
            testId="auto-tune-file-toggle"
          />
        </div>
      ) : null}
      {tuning && !linked ? (
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
