/**
 * The alert's metric over the recent window (bins of consecutive runs, with their 95 % band),
 * the change point and its interval shaded, the before/after levels as segments, and the time
 * it was resolved.
 */
import { Area, CartesianGrid, ComposedChart, Line, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { AlertTimeline, HealthAlert } from '../../../../shared/health';
import { formatCount, formatDateTime } from '../../lib/format';
import { formatMetric, isRate, metricLabel } from '../../lib/health-format';
import { axisProps, FitChart, TooltipBox, useChartColors } from '../dashboard/chart-kit';

interface Datum {
  t: number;
  value: number | null;
  band: [number, number] | null;
  n: number;
  from: string;
  to: string;
}

const day = (ms: number) => new Date(ms).toISOString().slice(5, 10);

export function AlertTimelineChart({ alert, timeline }: { alert: HealthAlert; timeline: AlertTimeline }) {
  const c = useChartColors();
  const data: Datum[] = timeline.points.map((p) => ({ t: (Date.parse(p.from) + Date.parse(p.to)) / 2, value: p.value, band: p.ci95, n: p.n, from: p.from, to: p.to }));
  const first = data[0]?.t ?? 0;
  const last = data[data.length - 1]?.t ?? 0;
  const change = Date.parse(alert.change_at);
  const [lo, hi] = alert.change_interval.map((x) => Date.parse(x));
  const resolved = alert.resolved_at ? Date.parse(alert.resolved_at) : null;
  const endOfAfter = resolved ?? last;
  const fmt = (v: number) => formatMetric(alert.metric, v);
  return (
    <div className="health-chart" data-testid="alert-timeline" style={{ height: 240 }}>
      <FitChart>
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={c.grid} strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="t" type="number" scale="time" domain={[first, last]} tickFormatter={day} {...axisProps(c)} minTickGap={32} />
          <YAxis tickFormatter={fmt} {...axisProps(c)} width={64} axisLine={false} domain={isRate(alert.metric) ? [0, 1] : ['auto', 'auto']} />
          <ReferenceArea x1={Math.max(lo, first)} x2={Math.min(hi, last)} fill={c.warn} fillOpacity={0.14} ifOverflow="hidden" />
          <Area dataKey="band" stroke="none" fill={c.accent} fillOpacity={0.14} isAnimationActive={false} activeDot={false} connectNulls />
          <Line dataKey="value" stroke={c.accent} strokeWidth={2} dot={data.length <= 30 ? { r: 2.5 } : false} isAnimationActive={false} connectNulls />
          {alert.before.value != null ? (
            <ReferenceLine segment={[{ x: first, y: alert.before.value }, { x: change, y: alert.before.value }]} stroke={c.good} strokeDasharray="5 3" strokeWidth={2} ifOverflow="extendDomain" />
          ) : null}
          {alert.after.value != null ? (
            <ReferenceLine segment={[{ x: change, y: alert.after.value }, { x: endOfAfter, y: alert.after.value }]} stroke={c.bad} strokeDasharray="5 3" strokeWidth={2} ifOverflow="extendDomain" />
          ) : null}
          <ReferenceLine x={change} stroke={c.bad} strokeWidth={1.5} label={{ value: 'change', position: 'insideTopRight', fill: c.muted, fontSize: 11 }} ifOverflow="hidden" />
          {resolved ? <ReferenceLine x={resolved} stroke={c.good} strokeWidth={1.5} label={{ value: 'resolved', position: 'insideTopLeft', fill: c.muted, fontSize: 11 }} ifOverflow="hidden" /> : null}
          <Tooltip
            cursor={{ stroke: c.axis, strokeDasharray: '3 3' }}
            content={({ active, payload }) => {
              const d = active && payload?.[0] ? (payload[0].payload as Datum) : null;
              return d ? (
                <TooltipBox
                  title={`${formatDateTime(d.from)} – ${formatDateTime(d.to)}`}
                  rows={[
                    [metricLabel(alert.metric), fmt(d.value ?? NaN)],
                    ['95% interval', d.band ? `${fmt(d.band[0])} – ${fmt(d.band[1])}` : '–'],
                    ['Observations', formatCount(d.n)],
                  ]}
                />
              ) : null;
            }}
          />
        </ComposedChart>
      </FitChart>
    </div>
  );
}
