/** The app shell: boot, live updates, sidebar, hash routing to code-split pages, toasts. */
import { Component, Suspense, useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { IngestProgressBar } from './components/ingest-progress';
import { Sidebar } from './components/sidebar';
import { Toasts } from './components/toasts';
import { EmptyState, Skeleton } from './components/ui';
import { parseHash } from './lib/route';
import { applyTheme } from './lib/theme';
import { useRoute } from './lib/use-route';
import { isIngesting, useAppStore } from './store/app-store';
import { startLive } from './store/live';
import { useProjectStore } from './store/project-store';
import { useSettingsStore } from './store/settings-store';

type PageModule<P> = { default: ComponentType<P> };

/**
 * A code-split page without Suspense: a placeholder until its chunk is in, then the page. React
 * holds back the content that follows a Suspense fallback by ~300 ms (fallback throttling), which
 * was a third of a direct dashboard load; a state update shows the page the moment it can.
 */
function lazyPage<P extends object>(load: () => Promise<PageModule<P>>) {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<unknown> | null = null;
  const preload = () =>
    (pending ??= load().then((m) => {
      loaded = m.default;
    }));
  function Page(props: P) {
    const [failure, setFailure] = useState<Error | null>(null);
    const [, setArrived] = useState(false);
    useEffect(() => {
      if (loaded) return;
      let live = true;
      preload().then(
        () => live && setArrived(true),
        (err: unknown) => live && setFailure(err instanceof Error ? err : new Error(String(err))),
      );
      return () => {
        live = false;
      };
    }, []);
    if (failure) throw failure; // to the ErrorBoundary, like a failed lazy() import
    const Loaded = loaded;
    return Loaded ? <Loaded {...props} /> : <PageFallback />;
  }
  return { preload, Page };
}

// One chunk per page: the first paint only loads the shell and the page it needs (recharts is
// only in the dashboard chunk).
const dashboard = lazyPage(() => import('./pages/dashboard-page'));
const recommendations = lazyPage(() => import('./pages/recommendations-page'));
const runs = lazyPage(() => import('./pages/runs-page'));
const health = lazyPage(() => import('./pages/health-page'));
const experiments = lazyPage(() => import('./pages/experiments-page'));
// A direct load of a project URL fetches its page chunk alongside the first API calls, not after.
const initialRoute = parseHash(window.location.hash);
if (initialRoute.page === 'project') {
  const preload = { dashboard: dashboard.preload, health: health.preload, recommendations: recommendations.preload, experiments: experiments.preload, runs: runs.preload, ledger: null, learning: null }[initialRoute.tab];
  if (preload) void preload();
}
const OnboardingPage = lazyPage(() => import('./pages/onboarding-page')).Page;
const ProjectsPage = lazyPage(() => import('./pages/projects-page')).Page;
const DashboardPage = dashboard.Page;
const RecommendationsPage = recommendations.Page;
const RunsPage = runs.Page;
const HealthPage = health.Page;
const ExperimentsPage = experiments.Page;
const LedgerPage = lazyPage(() => import('./pages/ledger-page')).Page;
const LearningPage = lazyPage(() => import('./pages/learning-page')).Page;
const QuarantinePage = lazyPage(() => import('./pages/quarantine-page')).Page;
const SettingsPage = lazyPage(() => import('./pages/settings-page')).Page;

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

  useEffect(() => startLive(), []);

  useEffect(() => {
    if (theme) applyTheme(theme);
  }, [theme]);

  // Once the first page is up, fetch the heavy page chunks while the user reads it, so opening
  // a dashboard waits only for its data (the chunks hold recharts and the virtual table).
  useEffect(() => {
    if (appState !== 'loaded') return;
    // Delayed so a direct navigation to a dashboard does not parse these while it renders.
    const idle = window.requestIdleCallback ?? ((cb: () => void) => window.setTimeout(cb, 0));
    const h = window.setTimeout(() => idle(() => void dashboard.preload().then(recommendations.preload).then(runs.preload)), 2500);
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
      ) : route.tab === 'health' ? (
        <HealthPage projectId={route.projectId} />
      ) : route.tab === 'recommendations' ? (
        <RecommendationsPage projectId={route.projectId} />
      ) : route.tab === 'experiments' ? (
        <ExperimentsPage projectId={route.projectId} />
      ) : route.tab === 'runs' ? (
        <RunsPage projectId={route.projectId} runId={route.runId ?? null} />
      ) : route.tab === 'learning' ? (
        <LearningPage projectId={route.projectId} />
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
