/** A tiny SVG trend line (no chart library, so the Projects page stays light). */
import { formatPct, formatWeek } from '../lib/format';

/** Sparkline of weekly values in [0, 1]; gaps (null) break the line. */
export function Sparkline({ points, width = 96, height = 28 }: { points: Array<{ week_start: string; value: number | null }>; width?: number; height?: number }) {
  const vals = points.map((p) => p.value).filter((v): v is number => v != null);
  if (vals.length < 2) return <span className="spark-empty" aria-label="Not enough weeks for a trend">–</span>;
  const pad = 2;
  const n = points.length;
  const x = (i: number) => pad + (i * (width - 2 * pad)) / Math.max(1, n - 1);
  const y = (v: number) => pad + (1 - v) * (height - 2 * pad);
  let d = '';
  let pen = false;
  points.forEach((p, i) => {
    if (p.value == null) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`;
    pen = true;
  });
  const lastIdx = points.map((p) => p.value != null).lastIndexOf(true);
  const last = points[lastIdx];
  const first = points.find((p) => p.value != null)!;
  const label = `QA pass rate from ${formatPct(first.value)} (${formatWeek(first.week_start)}) to ${formatPct(last.value)} (${formatWeek(last.week_start)})`;
  return (
    <svg className="spark" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <title>{label}</title>
      <line x1={pad} x2={width - pad} y1={y(0.8)} y2={y(0.8)} className="spark-ref" />
      <path d={d} className="spark-line" />
      <circle cx={x(lastIdx)} cy={y(last.value!)} r={2.2} className="spark-dot" />
    </svg>
  );
}
