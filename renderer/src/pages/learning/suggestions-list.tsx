/** The feedback loops' suggestions, or why none fired. */
import { useCallback, useEffect, useState } from 'react';
import type { DeclaredExperiment, Suggestion } from '../../../../shared/learning';
import { api, errorMessage } from '../../api/client';
import { DeclaredExperiments, DeclareExperimentDialog, deleteDeclared } from './declare-experiment';
import { LearningSection } from './section';
import { SuggestionCard } from './suggestion-card';

const NONE =
  'No feedback loop fired: no gate failed 3+ times with the same root cause, no decision type × agent is overridden ≥ 50 % (5+ decisions), quality did not drop > 10 % against the previous period, no prompt version uses > 20 % more tokens per success, and no handoff falls below 70 % success.';

export function SuggestionsList({ projectId, rows }: { projectId: string; rows: Suggestion[] }) {
  const [declared, setDeclared] = useState<DeclaredExperiment[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [starting, setStarting] = useState<Suggestion | null>(null);
  const load = useCallback(() => {
    api.listDeclaredExperiments({ project_id: projectId }).then(
      (r) => (setDeclared(r), setLoadError(null)),
      (err) => setLoadError(errorMessage(err)),
    );
  }, [projectId]);
  useEffect(load, [load]);
  return (
    <LearningSection
      id="suggestions"
      title={`Suggestions (${rows.length})`}
      subtitle="From the evidence only (no LLM): each proposed change is a template filled with the numbers; the impact is an upper bound, labelled as one."
      empty={rows.length === 0 ? NONE : null}
    >
      {loadError ? <div className="alert alert-warn small">Declared experiments could not be read: {loadError}</div> : null}
      <DeclaredExperiments rows={declared} onDelete={(e) => void deleteDeclared(e).then((ok) => ok && load())} />
      <div className="learn-suggestions">
        {rows.map((s) => (
          <SuggestionCard key={s.suggestion_id} s={s} declared={declared} onStart={setStarting} />
        ))}
      </div>
      {starting ? <DeclareExperimentDialog projectId={projectId} s={starting} onClose={() => setStarting(null)} onDeclared={load} /> : null}
    </LearningSection>
  );
}
