/**
 * A project's health (issue 11): grade, alerts (open first) with their detail and revert
 * proposal, seed-rule checks, baselines, anomalies, error patterns, agents × tasks, recoveries.
 */
import { useEffect, useState } from 'react';
import type { ConsideredArm, Recommendation } from '../../../shared/domain';
import type { HealthView, RecoveryProposal } from '../../../shared/health';
import { EmptyState, PageHeader, Skeleton } from '../components/ui';
import { formatDateTime } from '../lib/format';
import { alertOrder } from '../lib/health-format';
import { useHealthOf, useHealthStore } from '../store/health-store';
import { useProjectStore } from '../store/project-store';
import { AlertDetail } from './health/alert-detail';
import { AlertList } from './health/alert-list';
import { AnomalyList } from './health/anomaly-list';
import { BaselinesTable } from './health/baselines-table';
import { GradeCard } from './health/grade-card';
import { AgentMatrix, ErrorPatterns, RecoveryRanking } from './health/pattern-sections';
import { HealthSection } from './health/section';
import { SeedRuleTable } from './health/seed-rule-table';

/** Why the recommendations held a proposal back (checked against its field's experiment), if they did. */
function heldFor(p: RecoveryProposal | null, considered: readonly ConsideredArm[] | undefined): ConsideredArm | null {
  if (!p || !considered) return null;
  return considered.find((c) => c.field === p.field && c.value === p.to && c.evidence.revert_held === 1) ?? null;
}

/** The recovery recommendation that carries a proposal (same field and target value). */
function recFor(p: RecoveryProposal | null, recs: readonly Recommendation[] | undefined): Recommendation | null {
  if (!p || !recs) return null;
  return recs.find((r) => r.kind === 'recovery' && r.field === p.field && r.recommended_value === p.to) ?? null;
}

function Alerts({ projectId, view }: { projectId: string; view: HealthView }) {
  const { health, timelines } = view;
  const recs = useProjectStore((s) => (s.projectId === projectId ? s.recs : null));
  const order = alertOrder(health.alerts);
  const [picked, setPicked] = useState<number | null>(null);
  const selected = picked != null && picked < health.alerts.length ? picked : (order[0] ?? null);
  const alert = selected == null ? null : health.alerts[selected];
  const proposal = selected == null ? null : (health.recovery_proposals.find((p) => p.alert_indices.includes(selected)) ?? null);
  return (
    <HealthSection
      testId="health-alerts"
      title="Alerts"
      subtitle="Change points on the run sequence (self-starting CUSUM, located by its posterior) and the seed rule; one alert per episode, open first."
      empty={
        health.alerts.length
          ? null
          : `No alerts: no metric of the ${health.runs_analysed} recent runs changed for the worse (pass rate, error rate, cost, duration, tokens, retries, per project, model, prompt version and agent), and no run of the last 24 h is anomalously high.`
      }
    >
      <div className="health-alerts-grid">
        <AlertList alerts={health.alerts} selected={selected} onSelect={setPicked} />
        {alert && selected != null ? (
          <AlertDetail
            key={selected}
            projectId={projectId}
            alert={alert}
            timeline={timelines[selected] ?? null}
            proposal={proposal}
            rec={recFor(proposal, recs?.recommendations)}
            held={heldFor(proposal, recs?.considered)}
            canApply={!!recs?.config_path}
          />
        ) : null}
      </div>
    </HealthSection>
  );
}

export default function HealthPage({ projectId }: { projectId: string }) {
  const entry = useHealthOf(projectId);
  useEffect(() => {
    void useHealthStore.getState().load(projectId);
  }, [projectId]);
  const view = entry?.view ?? null;

  if (entry?.error && !view) {
    return (
      <div className="page">
        <PageHeader title="Health" />
        <EmptyState icon="alert" title="Could not compute this project’s health" tone="error">
          {entry.error}
        </EmptyState>
      </div>
    );
  }
  return (
    <div className="page health-page" data-testid="health-page" data-state={view ? 'ready' : 'loading'}>
      <PageHeader
        title="Health"
        subtitle={view ? `Computed ${formatDateTime(view.health.computed_at)}; windows run from the latest run (${formatDateTime(view.health.latest_run_at)}).` : 'Computing health…'}
      />
      {view ? (
        <>
          <GradeCard health={view.health} />
          <Alerts projectId={projectId} view={view} />
          <SeedRuleTable health={view.health} />
          <BaselinesTable health={view.health} />
          <AnomalyList projectId={projectId} health={view.health} />
          <ErrorPatterns projectId={projectId} health={view.health} />
          <AgentMatrix health={view.health} />
          <RecoveryRanking health={view.health} />
        </>
      ) : (
        <div className="health-loading" aria-busy="true">
          <Skeleton height={120} />
          <Skeleton height={320} />
        </div>
      )}
    </div>
  );
}
