/** Settings: folders, config files, thresholds, notifications, theme, about. */
import { Icon } from '../components/icon';
import { PageHeader, Switch } from '../components/ui';
import type { ThemeSetting } from '../lib/theme';
import { useAppStore } from '../store/app-store';
import { useSettingsStore } from '../store/settings-store';
import { ConfigsSection, FoldersSection } from './settings/folders-section';
import { ExperimentFactorsSection } from './settings/experiment-factors-section';
import { TuningSection } from './settings/tuning-section';

const THEMES: Array<{ value: ThemeSetting; label: string }> = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export default function SettingsPage() {
  const settings = useSettingsStore((s) => s.settings);
  const update = useSettingsStore((s) => s.update);
  const status = useAppStore((s) => s.status);
  const canNotify = !!status?.capabilities.notifications;

  return (
    <div className="page page-narrow" data-testid="settings-page">
      <PageHeader title="Settings" />
      <FoldersSection />
      <ConfigsSection />
      <TuningSection />
      <ExperimentFactorsSection />
      <section className="card settings-section" aria-labelledby="set-general">
        <header className="section-head">
          <h2 id="set-general">General</h2>
        </header>
        <div className="form-grid">
          <span>Notifications</span>
          <div className="inline">
            <Switch
              checked={!!settings?.notifications}
              onChange={(v) => void update({ notifications: v }).catch(() => undefined)}
              label="Notify about new high-confidence recommendations"
              disabled={!settings}
              testId="settings-notifications"
            />
            <p className="hint">
              A system notification when a new high-confidence recommendation appears.
              {canNotify ? '' : ' Browser mode shows these as in-app notices instead.'}
            </p>
          </div>
          <span id="theme-label">Theme</span>
          <div className="segmented" role="radiogroup" aria-labelledby="theme-label">
            {THEMES.map((t) => (
              <button
                key={t.value}
                type="button"
                role="radio"
                aria-checked={settings?.theme === t.value}
                className={settings?.theme === t.value ? 'active' : ''}
                onClick={() => void update({ theme: t.value }).catch(() => undefined)}
                data-testid={`theme-${t.value}`}
              >
                {t.label}
              </button>
            ))}
          </div>
        </div>
      </section>
      {status ? (
        <section className="card settings-section" aria-labelledby="set-about">
          <header className="section-head">
            <h2 id="set-about">About</h2>
          </header>
          <dl className="kv">
            <dt>Version</dt>
            <dd className="mono">{status.version}</dd>
            <dt>Running as</dt>
            <dd>{status.host === 'electron' ? 'Desktop app' : status.host === 'browser' ? 'Browser mode (runbrain serve)' : status.host}</dd>
            <dt>Database</dt>
            <dd className="mono break">{status.db_path}</dd>
            <dt>Data folder</dt>
            <dd className="mono break">{status.data_dir}</dd>
            <dt>Indexed</dt>
            <dd className="num">
              {status.counts.runs.toLocaleString('en-US')} runs · {status.counts.events.toLocaleString('en-US')} events · {status.counts.files.toLocaleString('en-US')} files ·{' '}
              <a href="#/quarantine">
                {status.counts.quarantined.toLocaleString('en-US')} quarantined <Icon name="arrowRight" size={12} />
              </a>
            </dd>
          </dl>
        </section>
      ) : null}
    </div>
  );
}
