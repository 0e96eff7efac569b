/** The auto-recovery proposal of an alert, as its applyable recommendation (preview → apply → undo). */
import { useState } from 'react';
import type { ConsideredArm, Recommendation } from '../../../../shared/domain';
import type { HealthAlert, RecoveryProposal } from '../../../../shared/health';
import { ApplyDialog } from '../recommendations/apply-dialog';
import { RecommendationCard } from '../recommendations/recommendation-card';

export function RevertProposal({ projectId, alert, proposal, rec, held, canApply }: {
  projectId: string; alert: HealthAlert; proposal: RecoveryProposal | null; rec: Recommendation | null; held: ConsideredArm | null; canApply: boolean;
}) {
  const [applying, setApplying] = useState<Recommendation | null>(null);
  let body;
  if (proposal && rec) {
    body = <RecommendationCard rec={rec} onApply={() => setApplying(rec)} canApply={canApply} />;
  } else if (proposal && held) {
    // The experiment of the field saw what one metric over time cannot (same tasks, other factors).
    body = (
      <p className="muted" data-testid="revert-held">
        {held.reason}
      </p>
    );
  } else if (proposal) {
    body = (
      <p className="muted" data-testid="revert-not-applyable">
        Revert {proposal.field} {proposal.from} → {proposal.to} proposed, but the current settings already hold {proposal.to} (or the recommendations are still loading).
      </p>
    );
  } else {
    body = (
      <p className="muted" data-testid="no-revert">
        {alert.status === 'resolved'
          ? 'No revert proposed: the episode is over (the bad value is no longer used and the metric came back at least half-way).'
          : alert.kind !== 'degradation'
            ? 'No revert: only degradations after a prompt-version, strategy, model, mode or recipe change get one.'
            : 'No revert proposed: no prompt-version, strategy, model, mode or recipe change is linked that still runs in most recent runs, or no earlier value has enough runs to go back to.'}
      </p>
    );
  }
  return (
    <div className="health-revert" data-testid="revert-proposal" data-has-proposal={proposal ? 'true' : 'false'}>
      <h4>Auto-recovery</h4>
      {body}
      {applying ? <ApplyDialog projectId={projectId} rec={applying} onClose={() => setApplying(null)} /> : null}
    </div>
  );
}
