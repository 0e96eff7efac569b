/** One experiment: status with its reason, warnings, the arms, the effect plot, posteriors and the suggested split. */
import type { ExperimentResult } from '../../../../shared/experiments';
import { formatPct } from '../../lib/format';
import { ForestPlot } from './forest-plot';
import { FACTOR_TEXT, METRIC_TEXT, STATUS_TEXT, STATUS_TONE } from './labels';
import { PosteriorPlot } from './posterior-plot';
import { VariantTable } from './variant-table';

const SOURCE_TEXT = { config: 'from the linked config', latest_run: 'assumed: the latest run’s value', declared: 'declared experiment' } as const;

function Allocation({ exp }: { exp: ExperimentResult }) {
  const values = exp.variants.map((v) => v.value);
  const rows: Array<[string, Record<string, number>]> = [
    ['Thompson sampling', exp.allocation],
    ['Top-two Thompson', exp.allocation_top_two],
    ['ε-greedy (seed)', exp.allocation_epsilon_greedy],
  ];
  return (
    <table className="data-table compact allocation" data-testid="allocation">
      <caption className="muted small">Suggested split of the next runs</caption>
      <thead>
        <tr>
          <th scope="col">Rule</th>
          {values.map((v) => (
            <th key={v} scope="col" className="right mono">
              {v}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, shares]) => (
          <tr key={name}>
            <td>{name}</td>
            {values.map((v) => (
              <td key={v} className="right num">
                {shares[v] != null ? formatPct(shares[v]) : '–'}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ExperimentCard({ exp }: { exp: ExperimentResult }) {
  const control = exp.variants.find((v) => v.value === exp.control);
  const others = exp.variants.filter((v) => v.value !== exp.control);
  return (
    <article className="card experiment-card" data-testid="experiment" data-factor={exp.factor} data-status={exp.status}>
      <header className="rec-head">
        <div className="rec-badges">
          <h2 className="experiment-title">{exp.name ?? FACTOR_TEXT[exp.factor] ?? exp.factor}</h2>
          <span className={`badge badge-${STATUS_TONE[exp.status]}`} data-testid="experiment-status">
            {STATUS_TEXT[exp.status]}
          </span>
        </div>
        <span className="muted small">
          control <span className="mono">{exp.control}</span> ({SOURCE_TEXT[exp.control_source]}) · primary: {METRIC_TEXT[exp.primary_metric]} · guardrail:{' '}
          {METRIC_TEXT[exp.guardrail_metric]}
        </span>
      </header>
      <p className="rec-explanation" data-testid="experiment-reason">
        {exp.reason}
      </p>
      {exp.warnings.length ? (
        <ul className="alert alert-warn experiment-warnings" data-testid="experiment-warnings">
          {exp.warnings.map((w, i) => (
            <li key={i} data-kind={w.kind}>
              {w.message}
            </li>
          ))}
        </ul>
      ) : null}
      {exp.srm?.flagged ? (
        <div className="alert alert-warn" role="status">
          Sample-ratio mismatch (χ² p = {exp.srm.p.toExponential(1)}): the runs do not follow the planned split, so assignment may be broken.
        </div>
      ) : null}
      <VariantTable exp={exp} />
      <div className="experiment-charts">
        {control && others.length ? (
          <figure>
            <figcaption className="muted small">
              Effect on {METRIC_TEXT[exp.primary_metric]} vs {exp.control}: thick line always-valid 95% interval (decides), thin line fixed-n
            </figcaption>
            <ForestPlot metric={exp.primary_metric} variants={others} control={control} />
          </figure>
        ) : null}
        <figure>
          <figcaption className="muted small">QA pass rate: posterior per arm</figcaption>
          <PosteriorPlot variants={exp.variants} />
        </figure>
      </div>
      <Allocation exp={exp} />
    </article>
  );
}
