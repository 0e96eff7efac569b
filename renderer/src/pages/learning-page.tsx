/**
 * The Learning page of a project (issue 12): auto-labels, the patterns with their charts,
 * suggestions with their evidence, the prediction's hold-out calibration, and the report export.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LearningResult } from '../../../shared/learning';
import { api, errorMessage } from '../api/client';
import { EmptyState, PageHeader, Skeleton } from '../components/ui';
import { formatDateTime } from '../lib/format';
import { useAppStore } from '../store/app-store';
import { ExportReportButtons } from './learning/export-report';
import { HandoffMatrix } from './learning/handoff-matrix';
import { LabelsSummary } from './learning/labels-summary';
import { OverridesTable } from './learning/overrides-table';
import { HealthLinks, OverviewStrip } from './learning/overview-strip';
import { PredictionBlock } from './learning/prediction-block';
import { RecipesTable } from './learning/recipes-table';
import { Calibration } from './learning/reliability-diagram';
import { RootCauses } from './learning/root-causes';
import { SuggestionsList } from './learning/suggestions-list';
import { TokenEfficiency } from './learning/token-efficiency';
import '../styles/learning.css';

/** The project's learning block, refetched (coalesced) when its runs change. */
function useLearning(projectId: string): { data: LearningResult | null; error: string | null } {
  const [state, setState] = useState<{ id: string; data: LearningResult | null; error: string | null }>({ id: projectId, data: null, error: null });
  const seq = useRef(0);
  const load = useCallback(() => {
    const mine = ++seq.current;
    api.getLearning({ project_id: projectId }).then(
      (data) => mine === seq.current && setState({ id: projectId, data, error: null }),
      (err) => mine === seq.current && setState((s) => ({ id: projectId, data: s.id === projectId ? s.data : null, error: errorMessage(err) })),
    );
  }, [projectId]);
  useEffect(() => {
    load();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = api.onEvent((e) => {
      if (e.type !== 'runs-changed' || !e.project_ids.includes(projectId)) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(load, 400);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [load, projectId]);
  return state.id === projectId ? state : { data: null, error: null };
}

export default function LearningPage({ projectId }: { projectId: string }) {
  const { data: l, error } = useLearning(projectId);
  const desktop = useAppStore((s) => s.status?.host === 'electron');
  const header = (
    <PageHeader
      title="Learning"
      subtitle={l ? `${l.runs} runs · computed ${formatDateTime(l.generated_at)} · every number with its evidence and interval` : 'Patterns, suggestions and prediction from what the agents logged'}
      actions={<ExportReportButtons projectId={projectId} desktop={desktop} />}
    />
  );
  if (error && !l) {
    return (
      <div className="page" data-testid="learning-page">
        {header}
        <EmptyState icon="alert" title="Could not compute the learning analysis" tone="error">
          <p>{error}</p>
        </EmptyState>
      </div>
    );
  }
  if (!l) {
    return (
      <div className="page" data-testid="learning-page" aria-busy="true">
        {header}
        <div className="fallback-grid">
          {Array.from({ length: 6 }, (_, i) => (
            <Skeleton key={i} height={120} />
          ))}
        </div>
      </div>
    );
  }
  const gatesLogged = Object.values(l.labels.gates).some((n) => n > 0) || l.labels.unlabelled.gates > 0;
  return (
    <div className="page learn-page" data-testid="learning-page" data-state="loaded">
      {header}
      <OverviewStrip l={l} />
      <LabelsSummary labels={l.labels} />
      <RootCauses rows={l.gate_root_causes} gatesLogged={gatesLogged} />
      <HealthLinks l={l} />
      <HandoffMatrix rows={l.handoffs} />
      <OverridesTable rows={l.overrides} />
      <TokenEfficiency rows={l.token_efficiency} />
      <RecipesTable recipes={l.recipes} />
      <Calibration rows={l.calibration} />
      <SuggestionsList projectId={projectId} rows={l.suggestions} />
      <PredictionBlock p={l.prediction} />
    </div>
  );
}
