/** Left navigation: Projects, the selected project's pages, Quarantine, Settings. */
import type { ReactNode } from 'react';
import { formatCompact, formatCount } from '../lib/format';
import { projectHash, type Route } from '../lib/route';
import { isIngesting, useAppStore } from '../store/app-store';
import { useHealthOf } from '../store/health-store';
import { useProjectsStore } from '../store/projects-store';
import { openAlertCount } from '../lib/health-format';
import { Icon, type IconName } from './icon';

function NavLink({ href, icon, label, active, testId, count, countTone }: { href: string; icon: IconName; label: string; active: boolean; testId: string; count?: number | null; countTone?: 'warn' | 'accent' }) {
  return (
    <a href={href} className={`nav-link ${active ? 'active' : ''}`} aria-current={active ? 'page' : undefined} data-testid={testId}>
      <Icon name={icon} />
      <span className="nav-label">{label}</span>
      {count ? <span className={`nav-count ${countTone ?? ''}`}>{formatCompact(count)}</span> : null}
    </a>
  );
}

function Section({ title, children }: { title?: ReactNode; children: ReactNode }) {
  return (
    <div className="nav-section">
      {title ? <div className="nav-section-title">{title}</div> : null}
      {children}
    </div>
  );
}

/** The sidebar; `projectId` is the last project visited (kept while on other pages). */
export function Sidebar({ route, projectId }: { route: Route; projectId: string | null }) {
  const status = useAppStore((s) => s.status);
  const progress = useAppStore((s) => s.progress);
  const projects = useProjectsStore((s) => s.projects);
  const summary = projects?.find((p) => p.project_id === projectId);
  const tab = route.page === 'project' ? route.tab : null;
  const quarantined = status?.counts.quarantined ?? 0;
  const health = useHealthOf(projectId);
  const openAlerts = health?.view ? openAlertCount(health.view.health) : null;
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark">
          <Icon name="brain" size={18} />
        </span>
        <span className="brand-name">RunBrain</span>
      </div>
      <Section>
        <NavLink href="#/projects" icon="projects" label="Projects" active={route.page === 'projects' || route.page === 'home'} testId="nav-projects" count={projects?.length} />
      </Section>
      {projectId ? (
        <Section
          title={
            <span className="nav-project" title={projectId}>
              {projectId}
            </span>
          }
        >
          <NavLink href={projectHash(projectId, 'dashboard')} icon="dashboard" label="Dashboard" active={tab === 'dashboard'} testId="nav-dashboard" />
          <NavLink href={projectHash(projectId, 'health')} icon="pulse" label="Health" active={tab === 'health'} testId="nav-health" count={openAlerts} countTone="warn" />
          <NavLink
            href={projectHash(projectId, 'recommendations')}
            icon="bulb"
            label="Recommendations"
            active={tab === 'recommendations'}
            testId="nav-recommendations"
            count={summary?.open_recommendations}
            countTone="accent"
          />
          <NavLink href={projectHash(projectId, 'experiments')} icon="flask" label="Experiments" active={tab === 'experiments'} testId="nav-experiments" />
          <NavLink href={projectHash(projectId, 'runs')} icon="runs" label="Runs" active={tab === 'runs'} testId="nav-runs" count={summary?.runs_count} />
          <NavLink href={projectHash(projectId, 'ledger')} icon="ledger" label="Change ledger" active={tab === 'ledger'} testId="nav-ledger" />
          <NavLink href={projectHash(projectId, 'learning')} icon="sparkles" label="Learning" active={tab === 'learning'} testId="nav-learning" />
        </Section>
      ) : null}
      <Section>
        <NavLink href="#/quarantine" icon="quarantine" label="Quarantine" active={route.page === 'quarantine'} testId="nav-quarantine" count={quarantined} countTone="warn" />
        <NavLink href="#/settings" icon="settings" label="Settings" active={route.page === 'settings'} testId="nav-settings" />
      </Section>
      <div className="sidebar-foot">
        <span className={`dot ${isIngesting(progress) ? 'dot-busy' : progress?.phase === 'error' ? 'dot-error' : 'dot-ok'}`} aria-hidden="true" />
        <span>
          {isIngesting(progress) ? 'Ingesting…' : progress?.phase === 'error' ? 'Ingest error' : 'Watching'}
          <span className="muted"> · {formatCount(status?.counts.runs ?? 0)} runs</span>
        </span>
        {status ? <span className="sidebar-version muted">v{status.version}</span> : null}
      </div>
    </nav>
  );
}
