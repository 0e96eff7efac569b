/** The app shell: boot, live updates, sidebar, hash routing to code-split pages, toasts. */
import { Component, lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { IngestProgressBar } from './components/ingest-progress';
import { Sidebar } from './components/sidebar';
import { Toasts } from './components/toasts';
import { EmptyState, Skeleton } from './components/ui';
import { parseHash } from './lib/route';
import { applyTheme } from './lib/theme';
import { useRoute } from './lib/use-route';
import { isIngesting, useAppStore } from './store/app-store';
import { boot, startLive } from './store/live';
import { useProjectStore } from './store/project-store';
import { useSettingsStore } from './store/settings-store';

// One chunk per page: the first paint only loads the shell and the page it needs (recharts is
// only in the dashboard chunk).
const loadDashboard = () => import('./pages/dashboard-page');
const loadRecommendations = () => import('./pages/recommendations-page');
const loadRuns = () => import('./pages/runs-page');
// A direct load of a project URL fetches its page chunk alongside the first API calls, not after.
const initialRoute = parseHash(window.location.hash);
if (initialRoute.page === 'project') {
  const preload = { dashboard: loadDashboard, recommendations: loadRecommendations, runs: loadRuns, ledger: null }[initialRoute.tab];
  if (preload) void preload();
}
const OnboardingPage = lazy(() => import('./pages/onboarding-page'));
const ProjectsPage = lazy(() => import('./pages/projects-page'));
const DashboardPage = lazy(loadDashboard);
const RecommendationsPage = lazy(loadRecommendations);
const RunsPage = lazy(loadRuns);
const LedgerPage = lazy(() => import('./pages/ledger-page'));
const QuarantinePage = lazy(() => import('./pages/quarantine-page'));
const SettingsPage = lazy(() => import('./pages/settings-page'));

class ErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override componentDidUpdate(prev: { resetKey: string }) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }
  override render() {
    if (this.state.error) {
      return (
        <EmptyState icon="alert" title="This page failed to render" tone="error">
          <code>{this.state.error.message}</code>
        </EmptyState>
      );
    }
    return this.props.children;
  }
}

function PageFallback() {
  return (
    <div className="page" aria-busy="true">
      <Skeleton width={240} height={28} />
      <div className="fallback-grid">
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} height={96} />
        ))}
      </div>
    </div>
  );
}

const LAST_PROJECT = 'runbrain.lastProject';

/** Root component. */
export function App() {
  const route = useRoute();
  const appState = useAppStore((s) => s.appState);
  const bootError = useAppStore((s) => s.bootError);
  const progress = useAppStore((s) => s.progress);
  const theme = useSettingsStore((s) => s.settings?.theme);
  const [lastProject, setLastProject] = useState<string | null>(() => sessionStorage.getItem(LAST_PROJECT));

  useEffect(() => {
    const stop = startLive();
    void boot();
    return stop;
  }, []);

  useEffect(() => {
    if (theme) applyTheme(theme);
  }, [theme]);

  // Once the first page is up, fetch the heavy page chunks while the user reads it, so opening
  // a dashboard waits only for its data (the chunks hold recharts and the virtual table).
  useEffect(() => {
    if (appState !== 'loaded') return;
    // Delayed so a direct navigation to a dashboard does not parse these while it renders.
    const idle = window.requestIdleCallback ?? ((cb: () => void) => window.setTimeout(cb, 0));
    const h = window.setTimeout(() => idle(() => void loadDashboard().then(loadRecommendations).then(loadRuns)), 2500);
    return () => window.clearTimeout(h);
  }, [appState]);

  const routeProject = route.page === 'project' ? route.projectId : null;
  useEffect(() => {
    if (!routeProject) return;
    useProjectStore.getState().select(routeProject);
    sessionStorage.setItem(LAST_PROJECT, routeProject);
    // Keeping the sidebar's project section in step with the URL is exactly what this effect is for.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setLastProject(routeProject);
  }, [routeProject]);

  if (appState === 'loading' || appState === 'error') {
    return (
      <div className="app app-boot" data-app-state={appState}>
        {appState === 'error' ? (
          <EmptyState icon="alert" title="RunBrain could not start" tone="error">
            <p>{bootError}</p>
            <button type="button" className="btn" onClick={() => window.location.reload()}>
              Reload
            </button>
          </EmptyState>
        ) : (
          <div className="boot-spinner" role="status" aria-label="Loading RunBrain" />
        )}
      </div>
    );
  }

  const onboarding = appState === 'onboarding' && route.page !== 'settings';
  const pageKey = route.page === 'project' ? `${route.page}:${route.tab}` : route.page;

  let page: ReactNode;
  if (onboarding || route.page === 'onboarding') page = <OnboardingPage />;
  else if (route.page === 'home' || route.page === 'projects') page = <ProjectsPage />;
  else if (route.page === 'project') {
    page =
      route.tab === 'dashboard' ? (
        <DashboardPage projectId={route.projectId} />
      ) : route.tab === 'recommendations' ? (
        <RecommendationsPage projectId={route.projectId} />
      ) : route.tab === 'runs' ? (
        <RunsPage projectId={route.projectId} runId={route.runId ?? null} />
      ) : (
        <LedgerPage projectId={route.projectId} />
      );
  } else if (route.page === 'quarantine') page = <QuarantinePage />;
  else if (route.page === 'settings') page = <SettingsPage />;
  else
    page = (
      <EmptyState icon="alert" title="Page not found">
        <p>
          Nothing lives at <code>{route.path}</code>. <a href="#/projects">Go to projects</a>.
        </p>
      </EmptyState>
    );

  return (
    <div className={`app ${onboarding ? 'app-onboarding' : ''}`} data-app-state={appState}>
      <a href="#main" className="skip-link" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      {onboarding ? null : <Sidebar route={route} projectId={routeProject ?? lastProject} />}
      <main id="main" className="main" tabIndex={-1}>
        {!onboarding && isIngesting(progress) ? (
          <div className="main-progress">
            <IngestProgressBar progress={progress} compact />
          </div>
        ) : null}
        <ErrorBoundary resetKey={pageKey}>
          <Suspense fallback={<PageFallback />}>{page}</Suspense>
        </ErrorBoundary>
      </main>
      <Toasts />
    </div>
  );
}
