/** Recommendations of a project, the insufficient-data warning, auto-tune, Apply with diff preview. */
import { useState } from 'react';
import type { Recommendation } from '../../../shared/domain';
import { Icon } from '../components/icon';
import { EmptyState, PageHeader, Skeleton } from '../components/ui';
import { insufficientDataText } from '../lib/format';
import { useProjectStore } from '../store/project-store';
import { ApplyDialog } from './recommendations/apply-dialog';
import { AutoTunePanel } from './recommendations/auto-tune-panel';
import { ConsideredList } from './recommendations/considered-list';
import { RecommendationCard } from './recommendations/recommendation-card';

/** A limit card with no dollar estimate: these share one "Limits" card per project. */
const isPlainLimit = (r: Recommendation): boolean => (r.kind === 'limit' || r.category === 'rounds' || r.category === 'cost') && r.impact?.per_100_runs_usd == null;

const SOURCE_TEXT = {
  config: 'Current values are read from the linked config file.',
  'latest-run': 'No config file linked: current values are taken from the latest run.',
  none: 'No config file linked and no run records its settings.',
} as const;

export default function RecommendationsPage({ projectId }: { projectId: string }) {
  const mine = useProjectStore((s) => s.projectId === projectId);
  const recs = useProjectStore((s) => (mine ? s.recs : null));
  const error = useProjectStore((s) => (mine ? s.errors.recs : undefined));
  const [applying, setApplying] = useState<Recommendation | null>(null);

  return (
    <div className="page page-narrow" data-testid="recommendations-page" data-state={recs ? 'ready' : 'loading'}>
      <PageHeader
        title="Recommendations"
        subtitle={
          recs ? (
            <>
              {SOURCE_TEXT[recs.current_source]}
              {recs.assumed_from_latest_run?.length ? (
                <span data-testid="assumed-current">
                  {' '}
                  Not set in the config, so taken from the latest run: {recs.assumed_from_latest_run.join(', ')}.
                </span>
              ) : null}
              {recs.config_path ? (
                <>
                  {' '}
                  <span className="mono">{recs.config_path}</span>
                </>
              ) : null}
            </>
          ) : (
            <Skeleton width={300} height={14} />
          )
        }
      />
      <AutoTunePanel projectId={projectId} />
      {error && !recs ? (
        <EmptyState icon="alert" title="Could not load recommendations" tone="error">
          {error}
        </EmptyState>
      ) : null}
      {recs?.insufficient ? (
        <div className="alert alert-warn insufficient" role="status" data-testid="insufficient-data">
          {insufficientDataText(recs.insufficient.needed, recs.insufficient.have)}
        </div>
      ) : null}
      {recs && !recs.config_path && recs.recommendations.length > 0 ? (
        <div className="alert alert-info" role="status">
          <Icon name="info" /> To apply a recommendation, RunBrain needs this project’s config file. <a href="#/settings">Link it in Settings</a>.
        </div>
      ) : null}
      <div className="rec-list">
        {!recs && !error
          ? Array.from({ length: 2 }, (_, i) => (
              <div className="card rec-card" key={i} aria-hidden="true">
                <Skeleton width={180} height={18} />
                <Skeleton width={220} height={28} />
                <Skeleton height={14} />
                <Skeleton width="70%" height={14} />
              </div>
            ))
          : null}
        {recs?.recommendations
          .filter((r) => !isPlainLimit(r))
          .map((r) => (
            <RecommendationCard key={r.id} rec={r} onApply={() => setApplying(r)} canApply={!!recs.config_path} />
          ))}
        {recs && recs.recommendations.some(isPlainLimit) ? (
          <section className="card limits-card" data-testid="limits-card" aria-label="Limits">
            <h2>Limits</h2>
            <div className="muted small">Limit changes without an estimated dollar effect, together.</div>
            {recs.recommendations.filter(isPlainLimit).map((r) => (
              <RecommendationCard key={r.id} rec={r} onApply={() => setApplying(r)} canApply={!!recs.config_path} />
            ))}
          </section>
        ) : null}
        {recs && !recs.insufficient && recs.recommendations.length === 0 ? (
          <EmptyState icon="check" title="No changes recommended">
            {recs.considered?.length
              ? 'Nothing the data supports with enough confidence. Every option looked at is listed below with the reason it is not recommended.'
              : 'The current settings are as good as anything the data supports. New runs are analysed as they arrive.'}
          </EmptyState>
        ) : null}
      </div>
      {recs?.considered?.length ? <ConsideredList items={recs.considered} projectId={projectId} /> : null}
      {applying ? <ApplyDialog projectId={projectId} rec={applying} onClose={() => setApplying(null)} /> : null}
    </div>
  );
}
