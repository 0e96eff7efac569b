/** Cost and pass rate over the date range by model, prompt version or strategy. */
import { useState } from 'react';
import type { BreakdownFactor, TrendsResult } from '../../../../shared/trends';
import { RateText, rateTone } from '../../components/ui';
import { formatCount, formatUsd } from '../../lib/format';

const FACTORS: Array<[BreakdownFactor, string]> = [
  ['model', 'Model'],
  ['prompt_version', 'Prompt version'],
  ['prompt_strategy', 'Strategy'],
];

export function BreakdownCard({ result }: { result: TrendsResult | null }) {
  const [factor, setFactor] = useState<BreakdownFactor>('model');
  const rows = result?.breakdown[factor] ?? [];
  const maxSpend = Math.max(0, ...rows.map((r) => r.total_cost));
  return (
    <section className="card chart-card breakdown-card" data-testid="breakdown" data-factor={factor}>
      <header className="chart-head">
        <div>
          <h2>Breakdown</h2>
          <div className="chart-sub">Spend, average cost and QA pass rate (95% Wilson interval) in the selected range</div>
        </div>
        <div className="segmented" role="group" aria-label="Break down by">
          {FACTORS.map(([f, label]) => (
            <button key={f} type="button" className={factor === f ? 'active' : ''} aria-pressed={factor === f} onClick={() => setFactor(f)} data-testid={`breakdown-${f}`}>
              {label}
            </button>
          ))}
        </div>
      </header>
      {!result ? (
        <p className="muted">Loading…</p>
      ) : rows.length === 0 ? (
        <p className="muted">No runs in this range.</p>
      ) : (
        <table className="data-table compact">
          <thead>
            <tr>
              <th>{FACTORS.find(([f]) => f === factor)![1]}</th>
              <th className="right">Runs</th>
              <th>Spend</th>
              <th className="right">Avg cost</th>
              <th className="right">QA pass rate</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.value ?? '\u0000'} data-testid="breakdown-row" data-value={r.value ?? ''}>
                <td className="mono">{r.value ?? <span className="muted">not recorded</span>}</td>
                <td className="right num">{formatCount(r.runs)}</td>
                <td>
                  <span className="spend-bar" style={{ width: `${maxSpend > 0 ? Math.round((120 * r.total_cost) / maxSpend) : 0}px` }} aria-hidden="true" />
                  <span className="num">{formatUsd(r.total_cost)}</span>
                </td>
                <td className="right num">{formatUsd(r.avg_cost)}</td>
                <td className={`right tone-${rateTone(r.qa_pass_rate)}`}>
                  <RateText rate={r.qa_pass_rate} ci={r.qa_pass_rate_ci} n={r.qa_n} inline />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
