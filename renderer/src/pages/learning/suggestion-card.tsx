/**
 * One prompt-improvement suggestion (seed 002 §6.1): type, agent, the confidence and how it was
 * computed, the evidence, the proposed change, the expected-impact ceiling, effort and risk.
 */
import type { DeclaredExperiment, Suggestion } from '../../../../shared/learning';
import { labelText, evidenceEntries, formatScore } from './learning-text';

const TRIGGER: Record<Suggestion['trigger'], string> = {
  gate_root_cause: 'Gate keeps failing for the same reason',
  override_rate: 'Humans override this decision often',
  quality_drop: 'Quality dropped against the previous period',
  token_excess: 'Prompt version uses more tokens per success',
  handoff: 'Handoff between two agents goes badly',
};

export function SuggestionCard({ s, declared, onStart }: { s: Suggestion; declared: DeclaredExperiment[]; onStart: (s: Suggestion) => void }) {
  const mine = declared.filter((e) => e.suggestion_id === s.suggestion_id);
  const entries = evidenceEntries(s.evidence);
  return (
    <article className="card learn-suggestion" data-testid="suggestion" data-suggestion-id={s.suggestion_id}>
      <header className="learn-suggestion-head">
        <div>
          <span className="badge badge-category">{labelText(s.suggestion_type)}</span>{' '}
          {s.agent_role ? <span className="badge badge-muted">{s.agent_role}</span> : null}
          <h3>{TRIGGER[s.trigger]}</h3>
          <p className="mono small muted">{s.subject}</p>
        </div>
        <dl className="learn-suggestion-meta">
          <div>
            <dt>Confidence</dt>
            <dd className="num" data-testid="suggestion-confidence">{formatScore(s.confidence)}</dd>
          </div>
          <div>
            <dt>Effort</dt>
            <dd>{labelText(s.effort)}</dd>
          </div>
          <div>
            <dt>Risk</dt>
            <dd>{labelText(s.risk)}</dd>
          </div>
        </dl>
      </header>
      <p className="small" data-testid="suggestion-evidence">
        <strong>Evidence:</strong> {s.evidence.summary}
      </p>
      <p className="small muted">
        <strong>How the confidence is computed:</strong> {s.confidence_basis}
      </p>
      <div className="learn-change">
        <div className="small muted">
          Proposed change to <span className="mono">{s.proposed_change.section}</span>
        </div>
        <pre className="learn-change-text">{s.proposed_change.text}</pre>
        <p className="small muted">{s.proposed_change.rationale}</p>
      </div>
      <p className="small learn-impact" data-testid="suggestion-impact">
        <span className="badge badge-warn">Ceiling</span> {s.expected_impact.text}
      </p>
      {entries.length ? (
        <details className="small">
          <summary>All evidence ({entries.length})</summary>
          <dl className="evidence-stats">
            {entries.map(([k, v]) => (
              <div key={k} className="evidence-row">
                <dt>{k}</dt>
                <dd className="break">{v}</dd>
              </div>
            ))}
          </dl>
        </details>
      ) : null}
      <div className="learn-suggestion-foot">
        <p className="small muted">
          {mine.length ? (
            <span data-testid="suggestion-declared">
              Declared: {mine.map((e) => `${e.control} → ${e.treatment}`).join(', ')}
            </span>
          ) : (
            <>
              An experiment compares {s.experiment.factor.replace(/_/g, ' ')} {s.experiment.control ? <span className="mono">{s.experiment.control}</span> : '(current)'} (control) with the version you write from this suggestion.
            </>
          )}
        </p>
        <button type="button" className="btn btn-small" onClick={() => onStart(s)} data-testid="start-experiment">
          Start experiment
        </button>
      </div>
    </article>
  );
}
