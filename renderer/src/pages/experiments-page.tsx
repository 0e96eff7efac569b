/** Every factor of a project as an experiment (issue 9): arms, always-valid decisions, warnings, and the prompt-version timeline. */
import { useEffect, useState } from 'react';
import type { ProjectExperiments } from '../../../shared/experiments';
import type { DeclaredExperiment } from '../../../shared/learning';
import { api, errorMessage } from '../api/client';
import { EmptyState, PageHeader, Skeleton } from '../components/ui';
import { useProjectStore } from '../store/project-store';
import { toast } from '../store/toast-store';
import { DeclareForm } from './experiments/declare-form';
import { EvolutionTable } from './experiments/evolution-table';
import { ExperimentCard } from './experiments/experiment-card';
import { rescanForFactors } from './settings/experiment-factors-section';

export default function ExperimentsPage({ projectId }: { projectId: string }) {
  // The profile object changes whenever the project's runs do: refetch then.
  const profile = useProjectStore((s) => (s.projectId === projectId ? s.profile : null));
  const [data, setData] = useState<{ id: string; value: ProjectExperiments } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [declaring, setDeclaring] = useState(false);
  const [reload, setReload] = useState(0);
  const [declared, setDeclared] = useState<{ id: string; rows: DeclaredExperiment[] } | null>(null);
  useEffect(() => {
    let live = true;
    api.getExperiments({ project_id: projectId }).then(
      (value) => live && (setData({ id: projectId, value }), setError(null)),
      (err) => live && setError(errorMessage(err)),
    );
    // Which cards are declarations (they can be removed here).
    api.listDeclaredExperiments({ project_id: projectId }).then(
      (rows) => live && setDeclared({ id: projectId, rows }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [projectId, profile, reload]);
  const mine = data?.id === projectId ? data.value : null;
  // The values each factor's runs have: the form offers them.
  const values = new Map<string, string[]>();
  for (const e of mine?.experiments ?? []) if (e.control_source !== 'declared' && !values.has(e.factor)) values.set(e.factor, e.variants.map((v) => v.value));

  return (
    <div className="page" data-testid="experiments-page" data-state={mine ? 'ready' : 'loading'}>
      <PageHeader
        title="Experiments"
        subtitle="Every factor with two or more values, against its current value. Decisions use always-valid 95% intervals, so looking after every run does not breed false winners; runs of the same task are paired, confounded factors stratified."
        actions={
          <button type="button" className="btn" onClick={() => setDeclaring(true)} disabled={!mine || declaring} data-testid="declare-open">
            Declare an experiment
          </button>
        }
      />
      {declaring && mine ? (
        <DeclareForm
          projectId={projectId}
          values={values}
          namedFactors={mine.named_factors ?? []}
          onCancel={() => setDeclaring(false)}
          onDeclared={() => {
            setDeclaring(false);
            setReload((n) => n + 1);
          }}
        />
      ) : null}
      {error && !mine ? (
        <EmptyState icon="alert" title="Could not load experiments" tone="error">
          {error}
        </EmptyState>
      ) : null}
      {!mine && !error ? <Skeleton height={220} /> : null}
      {mine && (mine.named_factors?.length ?? 0) > 0 && (mine.rescan_folders?.length ?? 0) > 0 ? (
        <div className="alert alert-warn factor-rescan" role="status" data-testid="experiments-rescan">
          <p>
            The named factor{mine.named_factors!.length === 1 ? '' : 's'} {mine.named_factors!.map((f) => `"${f}"`).join(', ')}{' '}
            {mine.named_factors!.length === 1 ? 'is' : 'are'} kept from the next scan on: runs read before {mine.named_factors!.length === 1 ? 'it was' : 'they were'} named
            do not count until a re-scan reads their files again.
          </p>
          <button type="button" className="btn btn-small" onClick={() => void rescanForFactors()}>
            Re-scan now
          </button>
        </div>
      ) : null}
      {mine && mine.experiments.length === 0 ? (
        <EmptyState title="No experiments yet">Every run of this project used the same mode, strategy, model, prompt version and recipe{(mine.named_factors?.length ?? 0) > 0 ? ` (and ${mine.named_factors!.join(', ')})` : ''}.</EmptyState>
      ) : null}
      {mine?.experiments.map((e) => {
        const d = e.control_source === 'declared' && declared?.id === projectId ? declared.rows.find((x) => x.name === e.name && x.factor === e.factor) : undefined;
        const remove = d
          ? () =>
              void api.deleteDeclaredExperiment({ id: d.id }).then(
                () => (toast.success(`Removed the declared experiment "${d.name}"`), setReload((n) => n + 1)),
                (err) => toast.error(errorMessage(err)),
              )
          : undefined;
        return <ExperimentCard key={`${e.name ?? ''}:${e.factor}`} exp={e} onRemove={remove} />;
      })}
      {mine?.evolution.map((e) => <EvolutionTable key={e.factor} evo={e} />)}
    </div>
  );
}
