/** Alert and config-change markers drawn on a time chart, and the one-line legend that names them. */
import { ReferenceLine } from 'recharts';
import { type ChartMarker, markersByPeriod } from '../../lib/chart-markers';
import type { ChartColors } from './chart-kit';

const TONE_RANK = { bad: 0, warn: 1, accent: 2, muted: 3 } as const;

/** One vertical line per period with markers (the worst tone wins); call inside the chart. */
export function markerLines(markers: readonly ChartMarker[], chart: 'cost' | 'qa', c: ChartColors) {
  const colour = { bad: c.bad, warn: c.warn, accent: c.accent, muted: c.muted } as const;
  return markersByPeriod(markers, chart).map(({ period, markers: list }) => {
    const tone = list.reduce<ChartMarker['tone']>((t, m) => (TONE_RANK[m.tone] < TONE_RANK[t] ? m.tone : t), 'muted');
    const alerts = list.filter((m) => m.kind === 'alert').length;
    const configs = list.length - alerts;
    return (
      <ReferenceLine
        key={period}
        x={period}
        stroke={colour[tone]}
        strokeDasharray={alerts ? undefined : '4 3'}
        strokeWidth={1.5}
        ifOverflow="hidden"
        className={`chart-marker ${alerts ? 'chart-marker-alert' : 'chart-marker-config'}`}
        label={{ value: `${alerts ? '▲'.repeat(Math.min(alerts, 3)) : ''}${configs ? '◆' : ''}`, position: 'insideTop', fill: colour[tone], fontSize: 10 }}
      />
    );
  });
}

/** "▲ 2 alerts · ◆ 1 config change" with every label on hover. */
export function MarkerLegend({ markers, chart }: { markers: readonly ChartMarker[]; chart: 'cost' | 'qa' }) {
  const mine = markers.filter((m) => m.charts.includes(chart));
  if (!mine.length) return null;
  const alerts = mine.filter((m) => m.kind === 'alert').length;
  const configs = mine.length - alerts;
  const title = mine.map((m) => `${m.at.slice(0, 10)} ${m.label}`).join('\n');
  return (
    <span className="chart-markers-note" title={title} data-testid={`markers-${chart}`} data-alerts={alerts} data-configs={configs}>
      {' · '}
      {alerts ? `▲ ${alerts} alert${alerts === 1 ? '' : 's'}` : ''}
      {alerts && configs ? ' · ' : ''}
      {configs ? `◆ ${configs} config change${configs === 1 ? '' : 's'}` : ''}
    </span>
  );
}
