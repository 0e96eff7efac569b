/** One recommendation: badges, current → recommended, why, expected impact, evidence, Apply. */
import { useId, useState } from 'react';
import type { Impact, Recommendation } from '../../../../shared/domain';
import { Icon } from '../../components/icon';
import { CategoryBadge, ConfidenceBadge, RateText } from '../../components/ui';
import { evidenceRows } from '../../lib/evidence-text';
import { formatConfigValue, formatCount, formatPctInterval, formatUsd, formatUsdDelta } from '../../lib/format';

const KIND_TEXT = { cheaper: 'cheaper', better_quality: 'better quality', limit: 'limit', recovery: 'recovery' } as const;

function ImpactLine({ impact }: { impact: Impact }) {
  if (impact.cost_per_run_usd == null) return null;
  return (
    <span className="impact-numbers num">
      {formatUsdDelta(impact.cost_per_run_usd)}/run
      {impact.ci_low != null && impact.ci_high != null ? ` (95% CI ${formatUsdDelta(impact.ci_low)} to ${formatUsdDelta(impact.ci_high)})` : ''}
      {impact.per_100_runs_usd != null ? ` · ${formatUsdDelta(impact.per_100_runs_usd)} per 100 runs` : ''}
    </span>
  );
}

function Evidence({ rec }: { rec: Recommendation }) {
  const ev = rec.evidence;
  const rows = evidenceRows(ev);
  return (
    <div className="evidence" data-testid="evidence">
      {ev.arms?.length ? (
        <div className="scroll-x">
          <table className="data-table compact">
            <caption className="sr-only">Arms compared</caption>
            <thead>
              <tr>
                <th scope="col">Arm</th>
                <th scope="col" className="right">
                  Runs
                </th>
                <th scope="col" className="right">
                  QA pass rate
                </th>
                <th scope="col" className="right">
                  95% Wilson CI
                </th>
                <th scope="col" className="right">
                  Median cost
                </th>
                <th scope="col" className="right">
                  Mean cost
                </th>
              </tr>
            </thead>
            <tbody>
              {ev.arms.map((a) => (
                <tr key={a.arm} className={String(a.arm) === String(rec.recommended_value) ? 'row-highlight' : ''}>
                  <td className="mono">
                    {a.arm}
                    {String(a.arm) === String(rec.current_value) ? <span className="muted small"> current</span> : null}
                    {String(a.arm) === String(rec.recommended_value) ? <span className="muted small"> recommended</span> : null}
                  </td>
                  <td className="right num">{formatCount(a.n)}</td>
                  <td className="right">
                    <RateText rate={a.qa_pass_rate} ci={a.qa_pass_rate_ci} n={a.n} />
                  </td>
                  <td className="right num muted">{formatPctInterval(a.qa_pass_rate_ci)}</td>
                  <td className="right num">{formatUsd(a.median_cost)}</td>
                  <td className="right num">{formatUsd(a.avg_cost ?? a.geo_mean_cost)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {rows.length ? (
        <dl className="evidence-stats">
          {rows.map((r) => (
            <div key={r.label} className="evidence-row">
              <dt>{r.label}</dt>
              <dd>
                <span className="num evidence-value">{r.value}</span>
                {r.meaning ? <span className="evidence-meaning">{r.meaning}</span> : null}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      {ev.notes?.length ? (
        <ul className="evidence-notes">
          {ev.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      ) : null}
      <div className="muted small">
        Rule: <span className="mono">{ev.rule}</span>
      </div>
    </div>
  );
}

export function RecommendationCard({ rec, onApply, canApply }: { rec: Recommendation; onApply: () => void; canApply: boolean }) {
  const [open, setOpen] = useState(false);
  const evId = useId();
  return (
    <article className="card rec-card" data-testid="recommendation" data-recommendation-id={rec.id} data-category={rec.category}>
      <header className="rec-head">
        <div className="rec-badges">
          <CategoryBadge category={rec.category} />
          {rec.kind ? (
            <span className="badge badge-muted" data-testid="kind-badge" data-kind={rec.kind}>
              {KIND_TEXT[rec.kind]}
            </span>
          ) : null}
          <ConfidenceBadge confidence={rec.confidence} />
          <span className="muted small mono">{rec.field}</span>
        </div>
        <div className="rec-actions">
          {canApply ? null : (
            // Apply needs a file to write to: say so where the button is, with the way to fix it.
            <a className="btn btn-small" href="#/settings" data-testid="link-config-action">
              <Icon name="file" /> Link a config file
            </a>
          )}
          <button
            type="button"
            className="btn btn-primary"
            onClick={onApply}
            disabled={!canApply}
            title={canApply ? undefined : 'No config file is linked to this project: link one to apply changes'}
            data-testid="apply-button"
          >
            Apply…
          </button>
        </div>
      </header>
      <div className="rec-change" aria-label={`Change ${rec.field} from ${formatConfigValue(rec.current_value)} to ${formatConfigValue(rec.recommended_value)}`}>
        <span className="mono value-old">{formatConfigValue(rec.current_value)}</span>
        <Icon name="arrowRight" />
        <span className="mono value-new">{formatConfigValue(rec.recommended_value)}</span>
      </div>
      {rec.confidence_cost && rec.confidence_qa && rec.kind !== 'limit' ? (
        <div className="rec-confidences muted" data-testid="rec-confidences">
          Cost confidence <strong>{rec.confidence_cost}</strong> · QA confidence <strong>{rec.confidence_qa}</strong> · the card takes the lower
        </div>
      ) : null}
      <p className="rec-explanation">{rec.explanation}</p>
      <div className="rec-impact">
        <span className="rec-impact-label">Estimated impact</span>
        <span>{rec.estimated_impact}</span>
        {rec.impact ? <ImpactLine impact={rec.impact} /> : null}
      </div>
      <button type="button" className="link-btn" aria-expanded={open} aria-controls={evId} onClick={() => setOpen(!open)} data-testid="evidence-toggle">
        <Icon name={open ? 'chevronDown' : 'chevronRight'} /> Evidence
      </button>
      <div id={evId} hidden={!open}>
        {open ? <Evidence rec={rec} /> : null}
      </div>
    </article>
  );
}
