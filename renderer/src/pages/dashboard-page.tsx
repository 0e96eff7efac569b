/** Project dashboard: six cards and the charts of the profile, with health alerts and config changes marked. */
import { useEffect, useMemo } from 'react';
import { EmptyState, PageHeader } from '../components/ui';
import { Icon } from '../components/icon';
import { formatCount, formatDateTime, formatRelative } from '../lib/format';
import { projectHash } from '../lib/route';
import { useNow } from '../lib/use-now';
import { useStagger } from '../lib/use-stagger';
import { chartMarkers } from '../lib/chart-markers';
import { useHealthOf, useHealthStore } from '../store/health-store';
import { useProjectStore } from '../store/project-store';
import { useAppStore } from '../store/app-store';
import { ArmsTable, ComparisonChart } from './dashboard/comparison';
import { CostDistributionChart, RoundsDistributionChart } from './dashboard/distribution-charts';
import { StatCards } from './dashboard/stat-cards';
import { BreakdownCard } from './dashboard/breakdown-card';
import { RangeToolbar } from './dashboard/range-toolbar';
import { CostOverTimeChart, QaTrendChart, type TrendSeries } from './dashboard/trend-charts';
import { DEFAULT_QUERY, useTrendsOf, useTrendsStore } from '../store/trends-store';

/** Mount turns of the charts: five cards, the comparison card drawing two charts. */
const CHART_TURNS = 6;

export default function DashboardPage({ projectId }: { projectId: string }) {
  const storeId = useProjectStore((s) => s.projectId);
  const mine = storeId === projectId;
  const profile = useProjectStore((s) => (mine ? s.profile : null));
  const recs = useProjectStore((s) => (mine ? s.recs : null));
  const error = useProjectStore((s) => (mine ? s.errors.profile : undefined));
  const ledger = useProjectStore((s) => (mine ? s.ledger : null));
  const health = useHealthOf(projectId)?.view?.health ?? null;
  // A first scan's provisional profile: the live count of stored runs comes with the progress events.
  const storedNow = useAppStore((s) => (s.progress?.provisional_runs != null ? s.progress.runs_done : null));
  useEffect(() => {
    // Markers only: the charts draw without them and gain them when health arrives.
    void useHealthStore.getState().loadMissing([projectId]);
  }, [projectId]);
  const trends = useTrendsOf(projectId);
  const query = trends?.query ?? DEFAULT_QUERY;
  useEffect(() => {
    // The series of the selected range (all time by week until the user picks another).
    if (profile) void useTrendsStore.getState().load(projectId);
  }, [projectId, profile]);
  // Until the range's series arrive, all-time-by-week is the profile's own weekly trend.
  const series = useMemo((): TrendSeries | null => {
    const r = trends?.result;
    if (r && trends.answered && trends.answered.range === query.range && trends.answered.bucket === query.bucket && r.project_id === projectId) {
      return { bucket: r.bucket, points: r.points, overall_qa_pass_rate: r.totals.qa_pass_rate };
    }
    if (profile && query.range === 'all' && query.bucket === 'week') {
      return { bucket: 'week', points: profile.weekly_trend.map((w) => ({ ...w, start: w.week_start })), overall_qa_pass_rate: profile.overall_qa_pass_rate };
    }
    return null;
  }, [trends, query, profile, projectId]);
  const markers = useMemo(
    () => chartMarkers((series?.points ?? []).map((p) => p.start), series?.bucket === 'day' ? 1 : 7, health?.alerts ?? [], ledger ?? []),
    [series, health, ledger],
  );
  const now = useNow();
  // Cards paint first; then one chart per frame (CHART_TURNS slots: the comparison card has two).
  const turns = useStagger(CHART_TURNS, profile != null, projectId);

  if (error && !profile) {
    return (
      <div className="page">
        <PageHeader title={projectId} />
        <EmptyState icon="alert" title="Could not load this project" tone="error">
          {error}
        </EmptyState>
      </div>
    );
  }

  const open = recs?.recommendations.length ?? 0;
  return (
    <div className="page" data-testid="dashboard-page" data-state={profile ? 'ready' : 'loading'}>
      <PageHeader
        title={projectId}
        subtitle={
          profile ? (
            <span className="num">
              {formatCount(profile.runs_count)} runs · last run{' '}
              <span title={formatDateTime(profile.last_run_at)}>{formatRelative(profile.last_run_at, now)}</span>
            </span>
          ) : (
            'Loading profile…'
          )
        }
        actions={
          <a className={`btn ${open ? 'btn-primary' : ''}`} href={projectHash(projectId, 'recommendations')} data-testid="dashboard-recs-link">
            <Icon name="bulb" /> {open ? `${open} recommendation${open === 1 ? '' : 's'}` : 'Recommendations'}
          </a>
        }
      />
      {profile?.provisional ? (
        <div className="alert alert-info" role="status" data-testid="dashboard-provisional">
          <Icon name="info" /> Provisional — {formatCount(Math.min(storedNow ?? profile.provisional.runs_stored, profile.provisional.runs_total))} of{' '}
          {formatCount(profile.provisional.runs_total)} runs stored. Read straight from the files while they are stored; duplicates are resolved when the rows land.
        </div>
      ) : null}
      {profile && !profile.sufficient_data ? (
        <div className="alert alert-info" role="status">
          <Icon name="info" /> This project has {formatCount(profile.runs_count)} runs; comparisons and recommendations need at least{' '}
          {formatCount(profile.min_runs_for_recommendations)}. Intervals below are wide accordingly.
        </div>
      ) : null}
      <StatCards profile={profile} />
      <RangeToolbar projectId={projectId} />
      {/* Each chart re-renders only when its own turn comes (they are memoised on these props). */}
      <div className="chart-grid">
        <CostOverTimeChart series={series} turn={turns > 0} markers={markers} />
        <QaTrendChart series={series} turn={turns > 1} markers={markers} />
        <BreakdownCard result={trends?.result ?? null} />
        <CostDistributionChart profile={profile} turn={turns > 2} />
        <RoundsDistributionChart profile={profile} turn={turns > 3} />
        <ComparisonChart profile={profile} turns={Math.max(0, Math.min(2, turns - 4))} />
        <ArmsTable profile={profile} />
      </div>
    </div>
  );
}
