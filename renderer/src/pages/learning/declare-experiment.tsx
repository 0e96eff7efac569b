/**
 * "Start experiment" from a suggestion: declares control (the current version) vs the treatment
 * the user names (seed 002 §5's A/B protocol); the declared experiment is stored and listed.
 */
import { useId, useState } from 'react';
import type { DeclaredExperiment, Suggestion } from '../../../../shared/learning';
import { api, errorMessage } from '../../api/client';
import { Dialog } from '../../components/dialog';
import { toast } from '../../store/toast-store';

export function DeclareExperimentDialog({ projectId, s, onClose, onDeclared }: { projectId: string; s: Suggestion; onClose: () => void; onDeclared: (e: DeclaredExperiment) => void }) {
  const id = useId();
  const [control, setControl] = useState(s.experiment.control ?? '');
  const [treatment, setTreatment] = useState('');
  const [name, setName] = useState(`${s.suggestion_type.replace(/_/g, ' ')}: ${s.subject}`.slice(0, 200));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ready = control.trim() !== '' && treatment.trim() !== '' && !busy;
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const e = await api.declareExperiment({
        project_id: projectId, factor: s.experiment.factor, control: control.trim(), treatment: treatment.trim(), name: name.trim() || undefined,
        suggestion_id: s.suggestion_id, hypothesis: s.expected_impact.text,
      });
      toast.success(`Experiment declared: ${e.control} → ${e.treatment}`);
      onDeclared(e);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      onClose={onClose}
      testId="declare-dialog"
      title="Start an experiment from this suggestion"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" disabled={!ready} onClick={() => void submit()} data-testid="declare-confirm">
            {busy ? 'Declaring…' : 'Declare experiment'}
          </button>
        </>
      }
    >
      <p className="small muted">
        Runs with {s.experiment.factor.replace(/_/g, ' ')} = control are compared with runs with the treatment you deploy; the experiments engine tracks it. Hypothesis: {s.expected_impact.text}
      </p>
      <div className="form-grid">
        <label htmlFor={`${id}-control`}>Control ({s.experiment.factor.replace(/_/g, ' ')})</label>
        <input id={`${id}-control`} className="input" value={control} onChange={(e) => setControl(e.target.value)} data-testid="declare-control" />
        <label htmlFor={`${id}-treatment`}>Treatment (new version)</label>
        <input id={`${id}-treatment`} className="input" value={treatment} onChange={(e) => setTreatment(e.target.value)} placeholder="e.g. v1.3" data-testid="declare-treatment" autoFocus />
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} className="input" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      {error ? (
        <div className="alert alert-error small" role="alert">
          {error}
        </div>
      ) : null}
    </Dialog>
  );
}

/** The project's declared experiments, with delete. */
export function DeclaredExperiments({ rows, onDelete }: { rows: DeclaredExperiment[]; onDelete: (e: DeclaredExperiment) => void }) {
  if (rows.length === 0) return null;
  return (
    <div className="learn-declared" data-testid="declared-experiments">
      <h3>Declared experiments</h3>
      <ul>
        {rows.map((e) => (
          <li key={e.id} data-testid="declared-experiment">
            <span className="mono">
              {e.factor}: {e.control} → {e.treatment}
            </span>{' '}
            <span className="muted small">{e.name}</span>{' '}
            <button type="button" className="link-btn small" onClick={() => onDelete(e)}>
              Remove
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Removes one declared experiment; false (after an error toast) when it could not. */
export async function deleteDeclared(e: DeclaredExperiment): Promise<boolean> {
  try {
    await api.deleteDeclaredExperiment({ id: e.id });
    return true;
  } catch (err) {
    toast.error(`Could not remove the experiment: ${errorMessage(err)}`);
    return false;
  }
}
