/** Pattern 5: tokens per successful output per prompt version, with 95% intervals, as a chart and a table. */
import type { TokenEfficiencyRow } from '../../../../shared/learning';
import { formatCompact, formatCount, formatPValue } from '../../lib/format';
import { formatRelative } from './learning-text';
import { LearningSection, SimpleTable } from './section';

const W = 560;
const H = 200;
const PAD = { l: 56, r: 12, t: 12, b: 34 };

/** Bars per version in first-run order; whiskers are the delta-method 95% interval. */
export function TokenChart({ rows }: { rows: TokenEfficiencyRow[] }) {
  const shown = rows.filter((r) => r.tokens_per_success != null);
  const top = Math.max(1, ...shown.map((r) => r.tokens_per_success_ci95?.[1] ?? r.tokens_per_success ?? 0)) * 1.08;
  const y = (v: number) => PAD.t + (H - PAD.t - PAD.b) * (1 - v / top);
  const band = (W - PAD.l - PAD.r) / Math.max(1, rows.length);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * top);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="learn-chart" role="img" aria-label="Tokens per successful output per prompt version, with 95% intervals" data-testid="token-chart">
      {ticks.map((t) => (
        <g key={t}>
          <line x1={PAD.l} x2={W - PAD.r} y1={y(t)} y2={y(t)} className="learn-grid" />
          <text x={PAD.l - 6} y={y(t) + 4} textAnchor="end" className="learn-axis">
            {formatCompact(t)}
          </text>
        </g>
      ))}
      {rows.map((r, i) => {
        const cx = PAD.l + band * (i + 0.5);
        const bw = Math.min(48, band * 0.6);
        const v = r.tokens_per_success;
        return (
          <g key={r.prompt_version}>
            {v != null ? (
              <rect x={cx - bw / 2} y={y(v)} width={bw} height={y(0) - y(v)} className={r.flagged ? 'learn-bar learn-bar-flagged' : 'learn-bar'}>
                <title>{`${r.prompt_version}: ${formatCount(v)} tokens per success${r.tokens_per_success_ci95 ? ` (95% CI ${formatCount(r.tokens_per_success_ci95[0])}–${formatCount(r.tokens_per_success_ci95[1])})` : ''}`}</title>
              </rect>
            ) : (
              <text x={cx} y={y(0) - 6} textAnchor="middle" className="learn-axis">
                no pass
              </text>
            )}
            {r.tokens_per_success_ci95 ? (
              <g className="learn-whisker">
                <line x1={cx} x2={cx} y1={y(r.tokens_per_success_ci95[0])} y2={y(r.tokens_per_success_ci95[1])} />
                <line x1={cx - 6} x2={cx + 6} y1={y(r.tokens_per_success_ci95[0])} y2={y(r.tokens_per_success_ci95[0])} />
                <line x1={cx - 6} x2={cx + 6} y1={y(r.tokens_per_success_ci95[1])} y2={y(r.tokens_per_success_ci95[1])} />
              </g>
            ) : null}
            <text x={cx} y={H - PAD.b + 16} textAnchor="middle" className="learn-axis mono">
              {r.prompt_version}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function TokenEfficiency({ rows }: { rows: TokenEfficiencyRow[] }) {
  return (
    <LearningSection
      id="tokens"
      title="Token efficiency per prompt version"
      subtitle="All tokens of the version's runs ÷ its passes. Flagged: over 20 % above the previous or the best version with no significantly better pass rate (one-sided Fisher)."
      empty={rows.length === 0 ? 'No prompt version has runs with both a token count and a QA outcome.' : null}
    >
      <TokenChart rows={rows} />
      <SimpleTable
        caption="Token efficiency per prompt version"
        head={['Version', 'Runs', 'Passes', 'Tokens / success', 'vs previous (95% CI)', 'vs best', 'Quality p', 'Flag']}
        rowClass={(i) => (rows[i].flagged ? 'row-flagged' : '')}
        rows={rows.map((r) => [
          <span className="mono">{r.prompt_version}</span>,
          <span className="num">{formatCount(r.runs)}</span>,
          <span className="num">{formatCount(r.passes)}</span>,
          <span className="num">
            {r.tokens_per_success == null ? 'no pass' : formatCount(Math.round(r.tokens_per_success))}
            {r.tokens_per_success_ci95 ? <span className="muted small"> ({formatCompact(r.tokens_per_success_ci95[0])}–{formatCompact(r.tokens_per_success_ci95[1])})</span> : null}
          </span>,
          <span className="num">
            {formatRelative(r.vs_previous)}
            {r.vs_previous_ci95 ? <span className="muted small"> ({formatRelative(r.vs_previous_ci95[0])} to {formatRelative(r.vs_previous_ci95[1])})</span> : null}
            {r.previous_version ? <span className="muted small"> vs {r.previous_version}</span> : null}
          </span>,
          <span className="num">{formatRelative(r.vs_best)}</span>,
          <span className="num">{formatPValue(r.quality_p)}</span>,
          r.flagged ? <span className="badge badge-bad">Flagged vs {r.flagged_against}</span> : <span className="muted">–</span>,
        ])}
      />
    </LearningSection>
  );
}
