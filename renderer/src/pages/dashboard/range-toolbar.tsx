/** Date range (7 d / 30 d / 90 d / all / custom), daily / weekly, and the range's spend and pass rate. */
import type { TrendsResult } from '../../../../shared/trends';
import { RateText } from '../../components/ui';
import { formatCount, formatUsd } from '../../lib/format';
import { DEFAULT_QUERY, type TrendQuery, useTrendsOf, useTrendsStore } from '../../store/trends-store';

const RANGES: Array<[TrendQuery['range'], string]> = [
  ['7d', '7 d'],
  ['30d', '30 d'],
  ['90d', '90 d'],
  ['all', 'All'],
  ['custom', 'Custom'],
];

function Summary({ result }: { result: TrendsResult }) {
  const t = result.totals;
  return (
    <div className="range-summary" data-testid="range-summary" data-runs={t.runs}>
      <span>
        <span className="muted">Spend</span>{' '}
        <strong className="num" data-testid="range-total-spend">
          {formatUsd(t.total_cost)}
        </strong>
      </span>
      <span>
        <span className="muted">Avg</span> <span className="num">{formatUsd(t.avg_cost)}</span>
        <span className="muted">/run</span>
      </span>
      <span>
        <span className="num">{formatCount(t.runs)}</span> <span className="muted">runs</span>
      </span>
      <span>
        <span className="muted">QA</span> <RateText rate={t.qa_pass_rate} ci={t.qa_pass_rate_ci} n={t.qa_n} />
      </span>
      <span className="muted small">
        {result.from && result.to ? `${result.from} → ${result.to} (UTC days, ending at the latest run)` : 'no dated runs'}
        {result.range === 'all' ? '' : ' · the cards above are all time'}
      </span>
    </div>
  );
}

export function RangeToolbar({ projectId }: { projectId: string }) {
  const entry = useTrendsOf(projectId);
  const query = entry?.query ?? DEFAULT_QUERY;
  const setQuery = (patch: Partial<TrendQuery>) => useTrendsStore.getState().setQuery(projectId, patch);
  return (
    <div className="card range-toolbar" data-testid="range-toolbar">
      <div className="range-controls">
        <div className="segmented" role="group" aria-label="Date range">
          {RANGES.map(([r, label]) => (
            <button
              key={r}
              type="button"
              className={query.range === r ? 'active' : ''}
              aria-pressed={query.range === r}
              onClick={() => setQuery(r === 'custom' ? { range: r, from: query.from ?? entry?.result?.from ?? undefined, to: query.to ?? entry?.result?.to ?? undefined } : { range: r })}
              data-testid={`range-${r}`}
            >
              {label}
            </button>
          ))}
        </div>
        {query.range === 'custom' ? (
          <span className="range-custom">
            <input type="date" className="input input-narrow" aria-label="From" value={query.from ?? ''} onChange={(e) => setQuery({ from: e.target.value })} data-testid="range-from" />
            <span className="muted">→</span>
            <input type="date" className="input input-narrow" aria-label="To" value={query.to ?? ''} onChange={(e) => setQuery({ to: e.target.value })} data-testid="range-to" />
          </span>
        ) : null}
        <div className="segmented" role="group" aria-label="Bucket">
          {(['day', 'week'] as const).map((b) => (
            <button key={b} type="button" className={query.bucket === b ? 'active' : ''} aria-pressed={query.bucket === b} onClick={() => setQuery({ bucket: b })} data-testid={`bucket-${b}`}>
              {b === 'day' ? 'Daily' : 'Weekly'}
            </button>
          ))}
        </div>
      </div>
      {entry?.error ? (
        <span className="tone-bad small" role="alert">
          {entry.error}
        </span>
      ) : entry?.result ? (
        <Summary result={entry.result} />
      ) : null}
    </div>
  );
}
