/** Prompt versions (or recipes) in order, each against the one before, and which ones can be retired. */
import type { EvolutionResult } from '../../../../shared/experiments';
import { RateText } from '../../components/ui';
import { formatCount, formatDateTime, formatUsd } from '../../lib/format';
import { FACTOR_TEXT } from './labels';

const day = (ms: number | null) => (ms == null ? '–' : formatDateTime(new Date(ms).toISOString()).split(',')[0]);

export function EvolutionTable({ evo }: { evo: EvolutionResult }) {
  return (
    <section className="card evolution-card" data-testid="evolution" data-factor={evo.factor}>
      <h3>
        {FACTOR_TEXT[evo.factor] ?? evo.factor} timeline{' '}
        <span className="muted small">(ordered by {evo.ordered_by === 'version' ? 'version number' : 'first seen'})</span>
      </h3>
      <div className="scroll-x">
        <table className="data-table compact">
          <caption className="sr-only">{evo.factor} versions over time</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col" className="right">Runs</th>
              <th scope="col">In use</th>
              <th scope="col" className="right">QA pass rate</th>
              <th scope="col" className="right">Cost / run</th>
              <th scope="col" className="right">Cost / passed run</th>
              <th scope="col">Against the previous version</th>
            </tr>
          </thead>
          <tbody>
            {evo.versions.map((v) => (
              <tr key={v.value} data-testid="evolution-row">
                <td className="mono">{v.value}</td>
                <td className="right num">{formatCount(v.runs)}</td>
                <td className="small">
                  {day(v.first_seen_ms)} – {day(v.last_seen_ms)}
                </td>
                <td className="right">
                  <RateText rate={v.pass_rate} ci={v.pass_ci95} n={v.runs} />
                </td>
                <td className="right num">{formatUsd(v.cost_mean)}</td>
                <td className="right num">{formatUsd(v.cost_per_pass)}</td>
                <td className="small">{v.vs_previous?.summary ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {evo.deprecation_candidates.length ? (
        <ul className="evidence-notes" data-testid="deprecation-candidates">
          {evo.deprecation_candidates.map((d) => (
            <li key={d.value}>
              <span className="mono">{d.value}</span> can be retired for <span className="mono">{d.superseded_by}</span>: {d.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
