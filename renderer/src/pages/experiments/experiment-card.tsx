/** One experiment: status with its reason, warnings, the arms, the effect plot, posteriors and the suggested split. */
import type { ExperimentResult, WarningKind } from '../../../../shared/experiments';
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
    <div className="scroll-x">
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
    </div>
  );
}

/** Warnings shown in full up to a few; a project with dozens of arms folds the rest away. */
const WARNINGS_SHOWN = 3;
/** What can make the comparison wrong comes first; notes about the data after. */
const WARNING_ORDER: WarningKind[] = ['fully_confounded', 'simpsons_paradox', 'confounding', 'time_confounding', 'disjoint_tasks', 'sample_ratio_mismatch', 'zero_cost', 'zero_variance', 'small_arm', 'same_timestamp', 'assumed_control'];
const rank = (kind: WarningKind): number => {
  const i = WARNING_ORDER.indexOf(kind);
  return i < 0 ? WARNING_ORDER.length : i;
};

function Warnings({ warnings: given }: { warnings: ExperimentResult['warnings'] }) {
  if (!given.length) return null;
  const warnings = [...given].sort((a, b) => rank(a.kind) - rank(b.kind));
  const item = (w: ExperimentResult['warnings'][number], i: number) => (
    <li key={i} data-kind={w.kind}>
      {w.message}
    </li>
  );
  const rest = warnings.slice(WARNINGS_SHOWN);
  return (
    <div className="alert alert-warn experiment-warnings" data-testid="experiment-warnings">
      <ul>{warnings.slice(0, WARNINGS_SHOWN).map(item)}</ul>
      {rest.length ? (
        <details>
          <summary>
            {rest.length} more warning{rest.length === 1 ? '' : 's'} ({[...new Set(rest.map((w) => w.kind.replace(/_/g, ' ')))].join(', ')})
          </summary>
          <ul>{rest.map((w, i) => item(w, i + WARNINGS_SHOWN))}</ul>
        </details>
      ) : null}
    </div>
  );
}

/** `onRemove`: a declared experiment can be removed (its runs stay; only the declaration goes). */
export function ExperimentCard({ exp, onRemove }: { exp: ExperimentResult; onRemove?: () => void }) {
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
          {onRemove ? (
            <button type="button" className="btn btn-small" onClick={onRemove} aria-label={`Remove the declared experiment ${exp.name ?? exp.factor}`} data-testid="declared-remove">
              Remove
            </button>
          ) : null}
        </div>
        <span className="muted small">
          control <span className="mono">{exp.control}</span> ({SOURCE_TEXT[exp.control_source]}) · primary: {METRIC_TEXT[exp.primary_metric]} · guardrail:{' '}
          {METRIC_TEXT[exp.guardrail_metric]}
        </span>
      </header>
      <p className="rec-explanation" data-testid="experiment-reason">
        {exp.reason}
      </p>
      <Warnings warnings={exp.warnings} />
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
