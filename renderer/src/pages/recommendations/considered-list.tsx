/** "Considered, not recommended": every arm looked at, with the reason it is not a card (collapsed). */
import type { ConsideredArm, ConsideredReasonKind } from '../../../../shared/domain';
import { WillingnessToPay } from './willingness-to-pay';

const KIND_TEXT: Record<ConsideredReasonKind, string> = {
  not_cheaper: 'not cheaper',
  qa_risk: 'QA risk',
  confounded: 'confounded',
  too_few_runs: 'too few runs',
  zero_variance: 'no spread',
  no_current_value: 'no current value',
  better_quality_at_price: 'better quality, at a price',
  cost_not_recorded: 'cost not recorded',
};

/** The collapsed list under the cards; options (better quality at a price) first, then by field. */
export function ConsideredList({ items, projectId }: { items: ConsideredArm[]; projectId: string }) {
  if (items.length === 0) return null;
  const order = (c: ConsideredArm): number => (c.reason_kind === 'better_quality_at_price' ? 0 : c.reason_kind === 'qa_risk' ? 1 : 2);
  const sorted = [...items].sort((a, b) => order(a) - order(b) || a.field.localeCompare(b.field) || a.value.localeCompare(b.value));
  return (
    <details className="card considered" data-testid="considered">
      <summary>
        Considered, not recommended <span className="muted">({items.length})</span>
      </summary>
      {items.some((c) => c.reason_kind === 'better_quality_at_price') ? <WillingnessToPay projectId={projectId} /> : null}
      <ul className="considered-list">
        {sorted.map((c) => (
          <li key={`${c.field}:${c.value}`} data-testid="considered-item" data-field={c.field} data-value={c.value} data-reason-kind={c.reason_kind}>
            <span className="mono">
              {c.field} = {c.value}
            </span>{' '}
            <span className={`badge ${c.reason_kind === 'better_quality_at_price' ? 'badge-good' : c.reason_kind === 'qa_risk' ? 'badge-warn' : 'badge-muted'}`}>
              {KIND_TEXT[c.reason_kind]}
            </span>
            <div className="small">{c.reason}</div>
          </li>
        ))}
      </ul>
    </details>
  );
}
