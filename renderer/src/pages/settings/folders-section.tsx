/** Run-log folders (add/remove/rescan) and the config file linked to each project. */
import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../../api/client';
import { Icon } from '../../components/icon';
import { useAppStore } from '../../store/app-store';
import { syncAppState } from '../../store/live';
import { useProjectsStore } from '../../store/projects-store';
import { useSettingsStore } from '../../store/settings-store';
import { toast } from '../../store/toast-store';

export function FoldersSection() {
  const settings = useSettingsStore((s) => s.settings);
  const mutate = useSettingsStore((s) => s.mutate);
  const canPick = useAppStore((s) => !!s.status?.capabilities.pick_folder);
  const [path, setPath] = useState('');

  const add = async (p: string) => {
    await mutate(() => api.addFolder({ path: p }), `Watching ${p}`).catch(() => undefined);
    setPath('');
    syncAppState();
    void useAppStore.getState().refreshStatus();
  };
  const pick = async () => {
    try {
      const res = await api.pickFolder({});
      if (res.path) await add(res.path);
    } catch (err) {
      toast.error(errorMessage(err));
    }
  };
  const remove = async (p: string) => {
    await mutate(() => api.removeFolder({ path: p }), `Stopped watching ${p}`).catch(() => undefined);
    syncAppState();
    void useProjectsStore.getState().load();
    void useAppStore.getState().refreshStatus();
  };
  const rescan = async () => {
    try {
      await api.rescan({});
      toast.info('Rescanning folders…');
    } catch (err) {
      toast.error(errorMessage(err));
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (path.trim()) void add(path.trim());
  };

  return (
    <section className="card settings-section" aria-labelledby="set-folders">
      <header className="section-head">
        <div>
          <h2 id="set-folders">Run log folders</h2>
          <p className="muted">RunBrain reads every run log under these folders and watches them for new runs.</p>
        </div>
        <button type="button" className="btn btn-small" onClick={rescan}>
          <Icon name="refresh" /> Rescan
        </button>
      </header>
      <ul className="path-list" data-testid="folder-list">
        {settings?.folders.map((f) => (
          <li key={f}>
            <Icon name="folder" />
            <span className="mono break">{f}</span>
            <button type="button" className="btn btn-small btn-danger" onClick={() => void remove(f)} aria-label={`Remove folder ${f}`}>
              Remove
            </button>
          </li>
        ))}
        {settings && settings.folders.length === 0 ? <li className="muted">No folders yet.</li> : null}
      </ul>
      {canPick ? (
        <button type="button" className="btn" onClick={pick}>
          <Icon name="plus" /> Add folder…
        </button>
      ) : (
        <form className="input-row" onSubmit={submit}>
          <label htmlFor="set-folder-path" className="sr-only">
            Folder path
          </label>
          <input id="set-folder-path" className="input mono" placeholder="/path/to/run_logs" value={path} onChange={(e) => setPath(e.target.value)} spellCheck={false} />
          <button type="submit" className="btn" disabled={!path.trim()}>
            <Icon name="plus" /> Add folder
          </button>
        </form>
      )}
    </section>
  );
}

function ConfigRow({ projectId, path }: { projectId: string; path: string | null }) {
  const mutate = useSettingsStore((s) => s.mutate);
  const canPick = useAppStore((s) => !!s.status?.capabilities.pick_file);
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(path ?? '');

  const link = async (p: string | null) => {
    try {
      await mutate(() => api.linkConfig({ project_id: projectId, path: p }), p ? `Linked ${projectId} to ${p}` : `Unlinked the config of ${projectId}`);
      setEditing(false);
      void useProjectsStore.getState().load();
    } catch {
      // mutate already showed the error
    }
  };
  const pick = async () => {
    try {
      const res = await api.pickConfigFile({});
      if (res.path) await link(res.path);
    } catch (err) {
      toast.error(errorMessage(err));
    }
  };

  return (
    <li className="config-row" data-testid="config-row" data-project-id={projectId}>
      <div className="config-project">{projectId}</div>
      {editing && !canPick ? (
        <form
          className="input-row"
          onSubmit={(e) => {
            e.preventDefault();
            if (value.trim()) void link(value.trim());
          }}
        >
          <label htmlFor={`cfg-${projectId}`} className="sr-only">
            Config file path for {projectId}
          </label>
          <input id={`cfg-${projectId}`} className="input mono" value={value} placeholder="/path/to/project_config.json" onChange={(e) => setValue(e.target.value)} spellCheck={false} autoFocus />
          <button type="submit" className="btn btn-small btn-primary" disabled={!value.trim()}>
            Link
          </button>
          <button type="button" className="btn btn-small" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <>
          <span className={`mono break ${path ? '' : 'muted'}`}>{path ?? 'Not linked'}</span>
          <div className="row-actions">
            <button type="button" className="btn btn-small" onClick={() => (canPick ? void pick() : setEditing(true))}>
              <Icon name="file" /> {path ? 'Change…' : 'Link config…'}
            </button>
            {path ? (
              <button type="button" className="btn btn-small" onClick={() => void link(null)}>
                Unlink
              </button>
            ) : null}
          </div>
        </>
      )}
    </li>
  );
}

export function ConfigsSection() {
  const projects = useProjectsStore((s) => s.projects);
  const settings = useSettingsStore((s) => s.settings);
  return (
    <section className="card settings-section" aria-labelledby="set-configs">
      <header className="section-head">
        <div>
          <h2 id="set-configs">Config files</h2>
          <p className="muted">
            The orchestrator config (<code>project_config.json</code>, comments allowed) that recommendations and auto-tune write to, per project.
          </p>
        </div>
      </header>
      <ul className="config-list">
        {(projects ?? []).map((p) => (
          <ConfigRow key={p.project_id} projectId={p.project_id} path={settings?.project_configs[p.project_id] ?? p.config_path} />
        ))}
        {projects && projects.length === 0 ? <li className="muted">Projects appear here once their runs are read.</li> : null}
      </ul>
    </section>
  );
}
