/** First run: choose a run_logs folder (native picker or typed path) or generate demo data. */
import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api/client';
import { IngestProgressBar } from '../components/ingest-progress';
import { Icon } from '../components/icon';
import { navigate } from '../lib/route';
import { isIngesting, useAppStore } from '../store/app-store';
import { syncAppState } from '../store/live';
import { useProjectsStore } from '../store/projects-store';
import { useSettingsStore } from '../store/settings-store';

export default function OnboardingPage() {
  const status = useAppStore((s) => s.status);
  const progress = useAppStore((s) => s.progress);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState<null | 'folder' | 'demo'>(null);
  const [error, setError] = useState<string | null>(null);
  const canPick = !!status?.capabilities.pick_folder;

  const done = async (settingsPromise: Promise<unknown>) => {
    await settingsPromise;
    await Promise.all([useSettingsStore.getState().load(), useAppStore.getState().refreshStatus(), useProjectsStore.getState().load()]);
    navigate('#/projects');
    syncAppState();
  };

  const add = async (p: string) => {
    setBusy('folder');
    setError(null);
    try {
      await done(api.addFolder({ path: p }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const pick = async () => {
    setError(null);
    try {
      const res = await api.pickFolder({});
      if (res.path) await add(res.path);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const demo = async () => {
    setBusy('demo');
    setError(null);
    try {
      await done(api.createDemoData({}));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (path.trim()) void add(path.trim());
  };

  return (
    <div className="onboarding" data-testid="onboarding">
      <div className="onboarding-card">
        <div className="onboarding-mark">
          <Icon name="brain" size={32} />
        </div>
        <h1>Learn from every agent run</h1>
        <p className="lead">
          RunBrain reads your orchestrator’s <code>run_logs</code>, profiles each project — cost, QA pass rate, rounds, modes and prompt strategies —
          and recommends config changes backed by the numbers. Nothing leaves this machine.
        </p>

        <div className="onboarding-actions">
          {canPick ? (
            <button type="button" className="btn btn-primary btn-large" onClick={pick} disabled={busy !== null} data-testid="onboarding-pick-folder">
              <Icon name="folder" /> Choose run_logs folder…
            </button>
          ) : (
            <form className="path-form" onSubmit={submit}>
              <label htmlFor="onb-path">Path to your run_logs folder</label>
              <div className="input-row">
                <input
                  id="onb-path"
                  className="input mono"
                  placeholder="/home/me/orchestrator/run_logs"
                  value={path}
                  onChange={(e) => setPath(e.target.value)}
                  spellCheck={false}
                  autoComplete="off"
                  data-testid="onboarding-path"
                />
                <button type="submit" className="btn btn-primary" disabled={!path.trim() || busy !== null} data-testid="onboarding-add-folder">
                  {busy === 'folder' ? 'Adding…' : 'Add folder'}
                </button>
              </div>
              <p className="hint">Browser mode cannot open a folder picker; paste the absolute path on the machine running RunBrain.</p>
            </form>
          )}
          <div className="or">
            <span>or</span>
          </div>
          <button type="button" className="btn btn-large" onClick={demo} disabled={busy !== null} data-testid="onboarding-demo">
            <Icon name="sparkles" /> {busy === 'demo' ? 'Generating demo data…' : 'Try with demo data'}
          </button>
          <p className="hint">Generates a realistic set of run logs for several projects in the app’s data folder.</p>
        </div>

        {error ? (
          <div className="alert alert-error" role="alert">
            {error}
          </div>
        ) : null}

        <div className="onboarding-progress">
          {progress && (isIngesting(progress) || progress.phase === 'error') ? <IngestProgressBar progress={progress} /> : null}
        </div>
      </div>
    </div>
  );
}
