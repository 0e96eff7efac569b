/** Posterior densities of each arm's QA pass rate, Beta(1 + passes, 1 + fails): how sure the data leave us. */
import betaPdf from '@stdlib/stats-base-dists-beta-pdf';
import type { VariantRow } from '../../../../shared/experiments';
import { useChartColors } from '../dashboard/chart-kit';

const W = 560;
const H = 150;
const POINTS = 160;

export function PosteriorPlot({ variants }: { variants: VariantRow[] }) {
  const colors = useChartColors();
  const arms = variants.filter((v) => v.qa_n > 0);
  if (arms.length === 0) return <p className="muted small">No QA outcomes recorded: no pass-rate posterior to show.</p>;
  const curves = arms.map((v) => {
    const a = 1 + v.passes;
    const b = 1 + (v.qa_n - v.passes);
    const ys = Array.from({ length: POINTS + 1 }, (_, i) => betaPdf(i / POINTS, a, b));
    return { value: v.value, ys: ys.map((y) => (Number.isFinite(y) ? y : 0)) };
  });
  const top = Math.max(...curves.flatMap((c) => c.ys)) || 1;
  const x = (i: number) => 10 + (i / POINTS) * (W - 20);
  const y = (d: number) => H - 22 - (d / top) * (H - 34);
  return (
    <figure className="posterior-plot">
      <svg width="100%" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Posterior of the QA pass rate per arm: ${arms.map((v) => `${v.value} ${v.passes} of ${v.qa_n}`).join(', ')}`} data-testid="posterior-plot">
        {[0, 0.25, 0.5, 0.75, 1].map((p) => (
          <text key={p} x={x(p * POINTS)} y={H - 6} textAnchor="middle" fontSize={10} fill={colors.muted}>
            {Math.round(p * 100)}%
          </text>
        ))}
        {curves.map((c, k) => (
          <path
            key={c.value}
            d={c.ys.map((d, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(d).toFixed(1)}`).join('')}
            fill="none"
            stroke={colors.series[k % colors.series.length]}
            strokeWidth={2}
          />
        ))}
      </svg>
      <figcaption className="legend small">
        {curves.map((c, k) => (
          <span key={c.value} className="legend-item">
            <span className="legend-swatch" style={{ background: colors.series[k % colors.series.length] }} /> {c.value}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
