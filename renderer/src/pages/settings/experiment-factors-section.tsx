/** User-named experiment factors: run fields (or fields of `extra`) compared like mode and model, from the next scan on. */
import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../../api/client';
import { Icon } from '../../components/icon';
import { useSettingsStore } from '../../store/settings-store';
import { toast } from '../../store/toast-store';

/** Asks for the re-scan that gives already-read runs the named fields' values. */
export async function rescanForFactors(): Promise<void> {
  try {
    await api.rescan({});
    toast.info('Rescanning folders: every file is read again for the named factors…');
  } catch (err) {
    toast.error(errorMessage(err));
  }
}

export function ExperimentFactorsSection() {
  const settings = useSettingsStore((s) => s.settings);
  const update = useSettingsStore((s) => s.update);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const names = settings?.experiment_factors ?? [];
  const pending = settings?.experiment_factors_rescan ?? [];

  const save = async (next: string[], success: string) => {
    try {
      await update({ experiment_factors: next }, success);
      setError(null);
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    if (!n) return;
    if (await save([...names, n], `"${n}" is now an experiment factor`)) setName('');
  };

  return (
    <section className="card settings-section" aria-labelledby="set-factors" data-testid="settings-experiment-factors">
      <header className="section-head">
        <div>
          <h2 id="set-factors">Experiment factors</h2>
          <p className="muted">
            Besides mode, strategy, model, prompt version and recipe, compare runs by any field of the run log — a field RunBrain does not know
            (kept in <code>extra</code>, e.g. <code>harness</code>, or nested: <code>meta.harness</code>). Its values are kept from the next scan on.
          </p>
        </div>
      </header>
      <ul className="path-list" data-testid="experiment-factor-list">
        {names.map((f) => (
          <li key={f}>
            <span className="mono">{f}</span>
            <button type="button" className="btn btn-small btn-danger" aria-label={`Remove factor ${f}`}
              onClick={() => void save(names.filter((x) => x !== f), `"${f}" is no longer an experiment factor`)}>
              Remove
            </button>
          </li>
        ))}
        {settings && names.length === 0 ? <li className="muted">None: only the built-in factors.</li> : null}
      </ul>
      <form className="input-row" onSubmit={(e) => void submit(e)}>
        <label htmlFor="set-factor-name" className="sr-only">Field name</label>
        <input id="set-factor-name" className="input mono" placeholder="harness" value={name} aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'set-factor-error' : undefined} onChange={(e) => setName(e.target.value)} data-testid="experiment-factor-input" />
        <button type="submit" className="btn" disabled={!settings || !name.trim()}>
          <Icon name="plus" /> Add factor
        </button>
      </form>
      {error ? <p className="field-error" id="set-factor-error" role="alert" data-testid="experiment-factor-error">{error}</p> : null}
      {pending.length > 0 && names.length > 0 ? (
        <div className="alert alert-warn factor-rescan" role="status" data-testid="experiment-factor-rescan">
          <p>
            Runs already read from {pending.length === 1 ? 'one folder' : `${pending.length} folders`} do not carry the named fields yet: a re-scan reads
            every file again and gives them their values.
          </p>
          <button type="button" className="btn btn-small" onClick={() => void rescanForFactors()}>
            <Icon name="refresh" /> Re-scan now
          </button>
        </div>
      ) : null}
    </section>
  );
}
