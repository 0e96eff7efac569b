/** Project dashboard: six cards and the charts of the profile. */
import { EmptyState, PageHeader } from '../components/ui';
import { Icon } from '../components/icon';
import { formatCount, formatDateTime, formatRelative } from '../lib/format';
import { projectHash } from '../lib/route';
import { useNow } from '../lib/use-now';
import { useProjectStore } from '../store/project-store';
import { ArmsTable, ComparisonChart } from './dashboard/comparison';
import { CostDistributionChart, RoundsDistributionChart } from './dashboard/distribution-charts';
import { StatCards } from './dashboard/stat-cards';
import { CostOverTimeChart, QaTrendChart } from './dashboard/trend-charts';

export default function DashboardPage({ projectId }: { projectId: string }) {
  const storeId = useProjectStore((s) => s.projectId);
  const mine = storeId === projectId;
  const profile = useProjectStore((s) => (mine ? s.profile : null));
  const costs = useProjectStore((s) => (mine ? s.costs : null));
  const recs = useProjectStore((s) => (mine ? s.recs : null));
  const error = useProjectStore((s) => (mine ? s.errors.profile : undefined));
  const now = useNow();

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
      {profile && !profile.sufficient_data ? (
        <div className="alert alert-info" role="status">
          <Icon name="info" /> This project has {formatCount(profile.runs_count)} runs; comparisons and recommendations need at least{' '}
          {formatCount(profile.min_runs_for_recommendations)}. Intervals below are wide accordingly.
        </div>
      ) : null}
      <StatCards profile={profile} />
      <div className="chart-grid">
        <CostOverTimeChart profile={profile} />
        <QaTrendChart profile={profile} />
        <CostDistributionChart profile={profile} costs={costs} />
        <RoundsDistributionChart profile={profile} />
        <ComparisonChart profile={profile} />
        <ArmsTable profile={profile} />
      </div>
    </div>
  );
}
