/** Pattern 4: human override rate per decision type × agent; flagged rows stand out. */
import type { OverrideRow } from '../../../../shared/learning';
import { RateText } from '../../components/ui';
import { formatCount } from '../../lib/format';
import { LearningSection, SimpleTable } from './section';

export function OverridesTable({ rows }: { rows: OverrideRow[] }) {
  return (
    <LearningSection
      id="overrides"
      title="Human override frequency"
      subtitle="Flagged: overridden more than half the time with at least 10 decisions (95% Wilson interval)."
      empty={rows.length === 0 ? 'No decision logs both the agent recommendation and the human decision (or `aligned`).' : null}
    >
      <SimpleTable
        caption="Override rate per decision type and agent"
        head={['Decision type', 'Agent', 'Decisions', 'Override rate (95% CI)', 'Flag', 'Examples']}
        rowClass={(i) => (rows[i].flagged ? 'row-flagged' : '')}
        rows={rows.map((o) => [
          o.decision_type,
          o.agent,
          <span className="num">{formatCount(o.n)}</span>,
          <RateText rate={o.override_rate} ci={o.override_ci95} n={o.n} inline />,
          o.flagged ? <span className="badge badge-bad" data-testid="override-flag">Flagged</span> : <span className="muted">–</span>,
          <span className="small">{o.examples.join(' · ') || '–'}</span>,
        ])}
      />
    </LearningSection>
  );
}
