/**
 * Recommendation thresholds. Projects with a linked config keep them in that file
 * (updateTuningConfig), either for every project in the file (`auto_tune`) or for the one
 * project (`projects.<id>.auto_tune`, which wins); the rest use the app-wide defaults
 * (updateSettings.tuning_defaults).
 */
import { useEffect, useId, useState } from 'react';
import type { Confidence, TuningConfig } from '../../../../shared/domain';
import { api, errorMessage } from '../../api/client';
import { Skeleton, Switch } from '../../components/ui';
import { useProjectStore } from '../../store/project-store';
import { useProjectsStore } from '../../store/projects-store';
import { useSettingsStore } from '../../store/settings-store';
import { toast } from '../../store/toast-store';

const DEFAULTS = '__defaults__';
type Form = Pick<TuningConfig, 'min_runs_for_recommendations' | 'confidence_threshold' | 'apply_safely'>;

export function TuningSection() {
  const settings = useSettingsStore((s) => s.settings);
  const update = useSettingsStore((s) => s.update);
  const projects = useProjectsStore((s) => s.projects);
  const linked = (projects ?? []).filter((p) => p.config_path || settings?.project_configs[p.project_id]);
  const [scope, setScope] = useState<string>(DEFAULTS);
  const [writeTo, setWriteTo] = useState<'file' | 'project'>('file');
  const [form, setForm] = useState<Form | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = { scope: useId(), writeTo: useId(), min: useId(), conf: useId(), safe: useId() };

  useEffect(() => {
    let live = true;
    if (scope === DEFAULTS) {
      const d = settings?.tuning_defaults;
      // eslint-disable-next-line react-hooks/set-state-in-effect -- the form mirrors the chosen scope's saved values
      setForm(d ? { min_runs_for_recommendations: d.min_runs_for_recommendations, confidence_threshold: d.confidence_threshold, apply_safely: d.apply_safely } : null);
      setError(null);
    } else {
      setForm(null);
      api.getTuningConfig({ project_id: scope }).then(
        (t) => {
          if (!live) return;
          setForm({ min_runs_for_recommendations: t.min_runs_for_recommendations, confidence_threshold: t.confidence_threshold, apply_safely: t.apply_safely });
          // A project that already sets its own thresholds keeps writing them there.
          const own = (['min_runs_for_recommendations', 'confidence_threshold', 'apply_safely'] as const).some((k) => t.sources[k] === 'project');
          setWriteTo(own ? 'project' : 'file');
        },
        (err) => live && setError(errorMessage(err)),
      );
    }
    return () => {
      live = false;
    };
  }, [scope, settings?.tuning_defaults]);

  const save = async () => {
    if (!form) return;
    setSaving(true);
    setError(null);
    try {
      if (scope === DEFAULTS) {
        await update({ tuning_defaults: form }, 'Default thresholds saved');
      } else {
        const t = await api.updateTuningConfig({ project_id: scope, patch: form, scope: writeTo });
        toast.success(`Thresholds saved to ${t.config_path ?? scope}`, { detail: writeTo === 'project' ? `projects.${scope}.auto_tune` : 'auto_tune (every project in the file)' });
        if (useProjectStore.getState().projectId === scope) useProjectStore.getState().setTuning(t);
      }
      void useProjectStore.getState().refresh(['recs', 'profile']);
      void useProjectsStore.getState().load();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const minValid = form && Number.isInteger(form.min_runs_for_recommendations) && form.min_runs_for_recommendations >= 1 && form.min_runs_for_recommendations <= 10_000;

  return (
    <section className="card settings-section" aria-labelledby="set-tuning">
      <header className="section-head">
        <div>
          <h2 id="set-tuning">Recommendation thresholds</h2>
          <p className="muted">How much evidence a recommendation needs, and what auto-tune may apply on its own.</p>
        </div>
      </header>
      <div className="form-grid">
        <label htmlFor={ids.scope}>Applies to</label>
        <div>
          <select id={ids.scope} className="input select" value={scope} onChange={(e) => setScope(e.target.value)} data-testid="tuning-scope">
            <option value={DEFAULTS}>Defaults (projects without a config file)</option>
            {linked.map((p) => (
              <option key={p.project_id} value={p.project_id}>
                {p.project_id} (written to its config file)
              </option>
            ))}
          </select>
        </div>

        {scope !== DEFAULTS ? (
          <>
            <label htmlFor={ids.writeTo}>Write to</label>
            <div>
              <select
                id={ids.writeTo}
                className="input select"
                value={writeTo}
                onChange={(e) => setWriteTo(e.target.value as 'file' | 'project')}
                data-testid="tuning-write-scope"
              >
                <option value="file">Every project in this config file (auto_tune)</option>
                <option value="project">This project only (projects.{scope}.auto_tune)</option>
              </select>
              <p className="hint">A project’s own section overrides the file-wide values, key by key.</p>
            </div>
          </>
        ) : null}

        <label htmlFor={ids.min}>Minimum runs</label>
        <div>
          {form ? (
            <input
              id={ids.min}
              type="number"
              min={1}
              max={10000}
              step={1}
              className="input input-narrow num"
              value={Number.isNaN(form.min_runs_for_recommendations) ? '' : form.min_runs_for_recommendations}
              onChange={(e) => setForm({ ...form, min_runs_for_recommendations: e.target.valueAsNumber })}
              aria-invalid={!minValid}
              data-testid="tuning-min-runs"
            />
          ) : (
            <Skeleton width={96} height={32} />
          )}
          <p className="hint">Below this many runs a project shows the insufficient-data warning instead of recommendations (seed default: 5).</p>
        </div>

        <label htmlFor={ids.conf}>Confidence threshold</label>
        <div>
          {form ? (
            <select
              id={ids.conf}
              className="input select input-narrow"
              value={form.confidence_threshold}
              onChange={(e) => setForm({ ...form, confidence_threshold: e.target.value as Confidence })}
              data-testid="tuning-confidence"
            >
              <option value="low">low</option>
              <option value="medium">medium</option>
              <option value="high">high</option>
            </select>
          ) : (
            <Skeleton width={96} height={32} />
          )}
          <p className="hint">Auto-tune applies only recommendations at or above this confidence.</p>
        </div>

        <span id={ids.safe}>Safe mode</span>
        <div className="inline">
          {form ? <Switch checked={form.apply_safely} onChange={(v) => setForm({ ...form, apply_safely: v })} label="Safe mode" testId="tuning-safe-mode" /> : <Skeleton width={40} height={22} />}
          <p className="hint">Never auto-apply low-confidence changes, whatever the threshold.</p>
        </div>
      </div>
      {error ? (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="section-foot">
        <button type="button" className="btn btn-primary" onClick={save} disabled={!form || !minValid || saving} data-testid="tuning-save">
          {saving ? 'Saving…' : 'Save thresholds'}
        </button>
      </div>
    </section>
  );
}
