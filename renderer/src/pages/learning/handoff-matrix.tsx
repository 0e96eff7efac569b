/** Pattern 3: agent handoffs as a from × to matrix of B's pass rate after A (its gates, else its step success), with intervals. */
import type { Handoff } from '../../../../shared/learning';
import { Tip } from '../../components/ui';
import { formatCount, formatDecimal, formatPct, formatPctInterval, formatRateWithCi } from '../../lib/format';
import { LearningSection } from './section';

function tone(rate: number | null): string {
  if (rate == null) return 'muted';
  return rate >= 0.9 ? 'good' : rate >= 0.7 ? 'warn' : 'bad';
}

export function HandoffMatrix({ rows }: { rows: Handoff[] }) {
  const from = [...new Set(rows.map((h) => h.from))].sort();
  const to = [...new Set(rows.map((h) => h.to))].sort();
  const cell = new Map(rows.map((h) => [`${h.from}\u0000${h.to}`, h]));
  return (
    <LearningSection
      id="handoffs"
      title="Agent handoffs"
      subtitle="Row: the agent handing off; column: the next agent. Cell: its gate pass rate right after the handoff when the gates name its step (gates), else its step success (steps), with the 95% Wilson interval; rank by smoothness."
      empty={rows.length === 0 ? 'No run logs consecutive steps by two different named agents.' : null}
    >
      <div className="scroll-x">
        <table className="data-table compact learn-matrix" data-testid="handoff-matrix">
          <caption className="sr-only">Handoff success, from (rows) to (columns)</caption>
          <thead>
            <tr>
              <th scope="col">from \ to</th>
              {to.map((t) => (
                <th scope="col" key={t}>
                  {t}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {from.map((f) => (
              <tr key={f}>
                <th scope="row">{f}</th>
                {to.map((t) => {
                  const h = cell.get(`${f}\u0000${t}`);
                  if (!h) return <td key={t} className="muted">–</td>;
                  return (
                    <td key={t} className={`learn-cell learn-cell-${tone(h.pass_rate)}`} data-testid="handoff-cell" data-basis={h.basis}>
                      <Tip tip={`${f} → ${t}: ${h.basis === 'gates' ? `gate pass rate ${formatRateWithCi(h.gate_pass_rate, h.gate_pass_ci95, h.gate_checks)} over ${formatCount(h.gate_checks)} checks; ` : 'no gate names this step; '}step success ${formatRateWithCi(h.success_rate, h.success_ci95, h.success_n)}; ${formatCount(h.n)} handoffs; mean retries ${h.avg_retries == null ? '–' : formatDecimal(h.avg_retries, 2)}; rank ${h.rank}`}>
                        <span className="num">{formatPct(h.pass_rate)}</span>
                      </Tip>
                      <span className="muted small num"> {formatPctInterval(h.pass_ci95)}</span>
                      <div className="muted small num">
                        {h.basis === 'gates' ? 'gates' : 'steps'} n={formatCount(h.pass_n)} · rank {h.rank}
                      </div>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </LearningSection>
  );
}
