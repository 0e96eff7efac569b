/**
 * Forest plot of each variant's effect on the primary metric with its always-valid 95 % interval
 * (what decides) and its fixed-n interval (thinner, for comparison). Costs as ratios on a log
 * axis (left of ×1 is cheaper); pass rate as a difference in points.
 */
import type { DecisionMetric, VariantRow } from '../../../../shared/experiments';
import { formatPctPoints, formatRatio } from '../../lib/format';
import { useChartColors } from '../dashboard/chart-kit';
import { effectEstimate, METRIC_TEXT } from './labels';

interface Row {
  value: string;
  estimate: number | null;
  alwaysValid: [number, number] | null;
  fixed: [number, number] | null;
}

const ROW_H = 28;
const LEFT = 150;
const WIDTH = 560;

function fixedInterval(metric: DecisionMetric, v: VariantRow): [number, number] | null {
  if (metric === 'cost_per_pass') return v.cost_per_pass_ratio_ci95;
  if (metric === 'cost') return v.geo_mean_ratio_ci95;
  return null;
}

export function ForestPlot({ metric, variants, control }: { metric: DecisionMetric; variants: VariantRow[]; control: VariantRow }) {
  const colors = useChartColors();
  const ratio = metric !== 'pass_rate';
  const rows: Row[] = variants.map((v) => ({ value: v.value, estimate: effectEstimate(metric, v, control), alwaysValid: v.decision_ci, fixed: fixedInterval(metric, v) }));
  const all = rows.flatMap((r) => [r.estimate, ...(r.alwaysValid ?? []), ...(r.fixed ?? [])]).filter((x): x is number => x != null && Number.isFinite(x) && (!ratio || x > 0));
  if (all.length === 0) return <p className="muted small">No interval yet: too few runs with the primary metric.</p>;
  const t = (x: number) => (ratio ? Math.log(x) : x);
  const ref = ratio ? 1 : 0;
  let lo = Math.min(t(ref), ...all.map(t));
  let hi = Math.max(t(ref), ...all.map(t));
  const pad = (hi - lo) * 0.08 || 0.1;
  lo -= pad;
  hi += pad;
  const x = (v: number) => LEFT + ((t(v) - lo) / (hi - lo)) * (WIDTH - LEFT - 20);
  const clampX = (v: number) => (ratio && v <= 0 ? LEFT : Math.max(LEFT, Math.min(WIDTH - 20, x(v))));
  const height = rows.length * ROW_H + 34;
  const fmt = (v: number) => (ratio ? formatRatio(v) : formatPctPoints(v));
  const ticks = ratio ? [0.25, 0.5, 0.75, 1, 1.5, 2, 4].filter((v) => t(v) >= lo && t(v) <= hi) : [-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3].filter((v) => v >= lo && v <= hi);
  const label = `Effect on ${METRIC_TEXT[metric]} vs control, with always-valid 95% intervals: ${rows
    .map((r) => `${r.value} ${r.estimate != null ? fmt(r.estimate) : 'n/a'}${r.alwaysValid ? ` (${fmt(r.alwaysValid[0])} to ${fmt(r.alwaysValid[1])})` : ''}`)
    .join('; ')}`;
  return (
    <svg className="forest-plot" width="100%" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={label} data-testid="forest-plot">
      <line x1={x(ref)} x2={x(ref)} y1={4} y2={height - 24} stroke={colors.axis} strokeDasharray="3 3" />
      {ticks.map((v) => (
        <text key={v} x={x(v)} y={height - 8} textAnchor="middle" fontSize={10} fill={colors.muted}>
          {fmt(v)}
        </text>
      ))}
      {rows.map((r, i) => {
        const y = 14 + i * ROW_H;
        return (
          <g key={r.value}>
            <text x={LEFT - 8} y={y + 4} textAnchor="end" fontSize={11} fill={colors.text}>
              {r.value.length > 22 ? `${r.value.slice(0, 21)}…` : r.value}
            </text>
            {r.fixed ? <line x1={clampX(r.fixed[0])} x2={clampX(r.fixed[1])} y1={y + 7} y2={y + 7} stroke={colors.muted} strokeWidth={1} /> : null}
            {r.alwaysValid ? <line x1={clampX(r.alwaysValid[0])} x2={clampX(r.alwaysValid[1])} y1={y} y2={y} stroke={colors.accent} strokeWidth={3} strokeLinecap="round" /> : null}
            {r.estimate != null && (!ratio || r.estimate > 0) ? <circle cx={clampX(r.estimate)} cy={y} r={4} fill={colors.accent} /> : null}
          </g>
        );
      })}
    </svg>
  );
}
