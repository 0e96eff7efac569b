/** The arms of one experiment side by side: sizes, pass rate, dollars, cost per passed run, tests and what more data would take. */
import type { ExperimentResult, VariantRow } from '../../../../shared/experiments';
import { RateText } from '../../components/ui';
import { formatCount, formatProbability, formatPValue, formatUsd, formatUsdRange } from '../../lib/format';
import { BASIS_TEXT, STATUS_TEXT } from './labels';

const usdCi = (ci: [number, number] | null) => (ci ? formatUsdRange(ci[0], ci[1]) : '–');
const p = (x: number | null | undefined) => (x == null ? '–' : formatPValue(x).replace(/^p /, ''));

function Required({ v }: { v: VariantRow }) {
  if (v.required_n == null) return <>–</>;
  const parts = [`${formatCount(v.required_n)} runs/arm`];
  if (v.required_usd != null) parts.push(formatUsd(v.required_usd));
  if (v.required_days != null) parts.push(`${Math.ceil(v.required_days)} d`);
  return <>{parts.join(' · ')}</>;
}

export function VariantTable({ exp }: { exp: ExperimentResult }) {
  const m = exp.primary_metric;
  return (
    <div className="scroll-x">
      <table className="data-table compact" data-testid="variant-table">
        <caption className="sr-only">Arms of the {exp.factor} experiment against {exp.control}</caption>
        <thead>
          <tr>
            <th scope="col">Value</th>
            <th scope="col" className="right">Runs</th>
            <th scope="col" className="right">QA pass rate (95% CI)</th>
            <th scope="col" className="right">Cost / run (95% CI)</th>
            <th scope="col" className="right">Cost / passed run (95% CI)</th>
            <th scope="col" className="right" title="Fixed-n p-value against the control, then the always-valid p after Holm across the variants (this one decides)">
              p ({m === 'pass_rate' ? 'pass' : m === 'cost' ? '$' : '$/pass'}): fixed / always-valid
            </th>
            <th scope="col" className="right">P(beats control)</th>
            <th scope="col" className="right">P(best)</th>
            <th scope="col">Status</th>
            <th scope="col" className="right">Needed for the MDE</th>
          </tr>
        </thead>
        <tbody>
          {exp.variants.map((v) => {
            const isControl = v.value === exp.control;
            const fixed = m === 'pass_rate' ? v.p_value_pass : m === 'cost' ? v.p_value_cost : v.p_value_cost_per_pass;
            return (
              <tr key={v.value} className={v.value === exp.winner ? 'row-highlight' : ''} data-testid="variant-row" data-value={v.value}>
                <td className="mono">
                  {v.value}
                  {isControl ? <span className="muted small"> control</span> : null}
                  {v.paired_n ? <span className="muted small"> · {formatCount(v.paired_n)} tasks paired</span> : null}
                  {v.stratified ? <span className="muted small"> · stratified by {v.stratified.by.join(' × ')}</span> : null}
                </td>
                <td className="right num">{formatCount(v.n)}</td>
                <td className="right">
                  <RateText rate={v.pass_rate} ci={v.pass_ci95} n={v.qa_n} />
                </td>
                <td className="right num">
                  {formatUsd(v.cost_mean)} <span className="muted small">{usdCi(v.cost_ci95)}</span>
                </td>
                <td className="right num">
                  {formatUsd(v.cost_per_pass)} <span className="muted small">{usdCi(v.cost_per_pass_ci95)}</span>
                </td>
                <td className="right num">{isControl ? '–' : `${p(fixed)} / ${p(v.p_always_valid_adjusted[m])}`}</td>
                <td className="right num">{isControl ? '–' : formatProbability(v.prob_beat_control)}</td>
                <td className="right num">{formatProbability(v.prob_best)}</td>
                <td>
                  {isControl ? '–' : v.status ? STATUS_TEXT[v.status] : '–'}
                  {!isControl && v.decision_basis ? <span className="muted small"> ({BASIS_TEXT[v.decision_basis]})</span> : null}
                </td>
                <td className="right num">{isControl ? '–' : <Required v={v} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
