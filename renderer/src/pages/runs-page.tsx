/** Runs of a project: filters, the virtualized table, and the detail drawer (deep-linkable). */
import { useEffect } from 'react';
import { PageHeader } from '../components/ui';
import { navigate, projectHash } from '../lib/route';
import { useRunsStore } from '../store/runs-store';
import { RunDrawer } from './runs/run-drawer';
import { RunFiltersBar } from './runs/run-filters';
import { RunsTable } from './runs/runs-table';

export default function RunsPage({ projectId, runId }: { projectId: string; runId: string | null }) {
  const setProject = useRunsStore((s) => s.setProject);
  useEffect(() => {
    setProject(projectId);
  }, [projectId, setProject]);
  return (
    <div className="page page-fill" data-testid="runs-page">
      <PageHeader title="Runs" subtitle="Click a run for its steps, gates, errors and raw record." />
      <RunFiltersBar />
      <RunsTable projectId={projectId} selectedRunId={runId} />
      {runId ? <RunDrawer projectId={projectId} runId={runId} onClose={() => navigate(projectHash(projectId, 'runs'), true)} /> : null}
    </div>
  );
}
