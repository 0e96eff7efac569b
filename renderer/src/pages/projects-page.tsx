/** Every project at a glance: runs, cost, QA pass rate with its interval, trend, recommendations. */
import { useMemo, useState } from 'react';
import type { ProjectSummary } from '../../../shared/domain';
import { Icon } from '../components/icon';
import { Sparkline } from '../components/sparkline';
import { EmptyState, PageHeader, RateText, rateTone, Skeleton, SortHeader, Tip } from '../components/ui';
import { formatConfigValue, formatCount, formatDateTime, formatRelative, formatUsd, formatUsdDelta } from '../lib/format';
import { navigate, projectHash } from '../lib/route';
import { sortBy, type SortDir } from '../lib/sort';
import { useNow } from '../lib/use-now';
import { isIngesting, useAppStore } from '../store/app-store';
import { useProjectsStore } from '../store/projects-store';
import { HealthStrip } from './projects/health-strip';

type Col = 'project_id' | 'runs_count' | 'avg_cost' | 'qa_pass_rate' | 'last_run_at' | 'open_recommendations';

const KEYS: Record<Col, (p: ProjectSummary) => string | number | null> = {
  project_id: (p) => p.project_id,
  runs_count: (p) => p.runs_count,
  avg_cost: (p) => p.avg_cost,
  qa_pass_rate: (p) => p.qa_pass_rate,
  last_run_at: (p) => (p.last_run_at ? Date.parse(p.last_run_at) : null),
  open_recommendations: (p) => p.open_recommendations,
};

export default function ProjectsPage() {
  const projects = useProjectsStore((s) => s.projects);
  const error = useProjectsStore((s) => s.error);
  const progress = useAppStore((s) => s.progress);
  const now = useNow();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<Col>('last_run_at');
  const [dir, setDir] = useState<SortDir>('desc');

  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    const filtered = (projects ?? []).filter((p) => !q || p.project_id.toLowerCase().includes(q));
    return sortBy(filtered, KEYS[sort], dir);
  }, [projects, query, sort, dir]);

  const onSort = (c: Col) => {
    if (c === sort) setDir(dir === 'asc' ? 'desc' : 'asc');
    else {
      setSort(c);
      setDir(c === 'project_id' ? 'asc' : 'desc');
    }
  };

  const totalRuns = (projects ?? []).reduce((s, p) => s + p.runs_count, 0);
  const openRecs = (projects ?? []).reduce((s, p) => s + p.open_recommendations, 0);

  return (
    <div className="page" data-testid="projects-page">
      <PageHeader
        title="Projects"
        subtitle={
          projects ? (
            <span className="num">
              {formatCount(projects.length)} projects · {formatCount(totalRuns)} runs · {formatCount(openRecs)} open recommendations
            </span>
          ) : (
            <Skeleton width={280} height={14} />
          )
        }
        actions={
          <label className="search">
            <Icon name="search" />
            <span className="sr-only">Search projects</span>
            <input type="search" className="input" placeholder="Search projects" value={query} onChange={(e) => setQuery(e.target.value)} data-testid="projects-search" />
          </label>
        }
      />
      {error ? (
        <EmptyState icon="alert" title="Could not load projects" tone="error">
          {error}
        </EmptyState>
      ) : null}
      {projects ? <HealthStrip projects={projects} /> : null}
      <div className="table-card">
        <div className="table projects-table" role="table" aria-label="Projects" aria-rowcount={rows.length + 1}>
          <div className="tr thead" role="row">
            <SortHeader col="project_id" label="Project" sort={sort} dir={dir} onSort={onSort} />
            <SortHeader col="runs_count" label="Runs" sort={sort} dir={dir} onSort={onSort} align="right" />
            <SortHeader col="avg_cost" label="Avg cost" sort={sort} dir={dir} onSort={onSort} align="right" />
            <SortHeader col="qa_pass_rate" label="QA pass rate" sort={sort} dir={dir} onSort={onSort} align="right" />
            <div className="th" role="columnheader">
              QA trend
            </div>
            <SortHeader col="last_run_at" label="Last run" sort={sort} dir={dir} onSort={onSort} align="right" />
            <SortHeader col="open_recommendations" label="Open recs" sort={sort} dir={dir} onSort={onSort} align="right" />
          </div>
          {projects == null
            ? Array.from({ length: 4 }, (_, i) => (
                <div className="tr" role="row" key={i}>
                  {Array.from({ length: 7 }, (_, j) => (
                    <div className="td" role="cell" key={j}>
                      <Skeleton height={14} width={j === 0 ? 140 : 60} />
                    </div>
                  ))}
                </div>
              ))
            : rows.map((p) => (
                <div
                  className="tr tr-link"
                  role="row"
                  key={p.project_id}
                  data-testid="project-row"
                  data-project-id={p.project_id}
                  onClick={(e) => {
                    if ((e.target as HTMLElement).closest('a,button,[tabindex]')) return;
                    navigate(projectHash(p.project_id));
                  }}
                >
                  <div className="td td-project" role="cell">
                    <a href={projectHash(p.project_id)} className="project-link">
                      {p.project_id}
                    </a>
                    {p.config_path ? (
                      <span className="muted small mono truncate" title={p.config_path}>
                        {p.config_path}
                      </span>
                    ) : (
                      <span className="muted small">No config file linked</span>
                    )}
                    {p.top_recommendation ? (
                      <a className="small top-rec" href={projectHash(p.project_id, 'recommendations')} data-testid="top-rec" title={p.top_recommendation.estimated_impact}>
                        Top: {p.top_recommendation.field} {formatConfigValue(p.top_recommendation.current_value)} → {formatConfigValue(p.top_recommendation.recommended_value)} ·{' '}
                        {p.top_recommendation.confidence}
                        {p.top_recommendation.per_100_runs_usd != null ? ` · ${formatUsdDelta(p.top_recommendation.per_100_runs_usd)} per 100 runs` : ''}
                      </a>
                    ) : null}
                  </div>
                  <div className="td right num" role="cell">
                    {formatCount(p.runs_count)}
                  </div>
                  <div className="td right num" role="cell">
                    {formatUsd(p.avg_cost)}
                  </div>
                  <div className={`td right tone-${rateTone(p.qa_pass_rate)}`} role="cell">
                    <RateText rate={p.qa_pass_rate} ci={p.qa_pass_rate_ci} n={p.runs_count} />
                  </div>
                  <div className="td" role="cell">
                    <Sparkline points={p.trend.map((t) => ({ week_start: t.week_start, value: t.qa_pass_rate }))} />
                  </div>
                  <div className="td right num" role="cell">
                    <Tip tip={formatDateTime(p.last_run_at)}>{formatRelative(p.last_run_at, now)}</Tip>
                  </div>
                  <div className="td right" role="cell">
                    {p.open_recommendations > 0 ? (
                      <a className="pill pill-accent" href={projectHash(p.project_id, 'recommendations')}>
                        {p.open_recommendations}
                      </a>
                    ) : (
                      <span className="muted">0</span>
                    )}
                  </div>
                </div>
              ))}
        </div>
        {projects && rows.length === 0 ? (
          query ? (
            <EmptyState icon="search" title={`No project matches “${query}”`} />
          ) : (
            <EmptyState icon="folder" title={isIngesting(progress) ? 'Reading run logs…' : 'No runs found yet'}>
              {isIngesting(progress)
                ? 'Projects appear here as their runs are ingested.'
                : 'RunBrain is watching your folders; projects appear as soon as a run log lands there.'}
            </EmptyState>
          )
        ) : null}
      </div>
    </div>
  );
}
