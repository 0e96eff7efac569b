/**
 * Time charts: average cost per run and QA pass rate with its Wilson band, per day or ISO week
 * over the dashboard's date range, with alert and config-change markers.
 */
import { memo } from 'react';
import { Area, AreaChart, CartesianGrid, ComposedChart, Line, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount, formatPct, formatPctInterval, formatUsd, formatWeek, formatWeekLong } from '../../lib/format';
import type { ChartMarker } from '../../lib/chart-markers';
import { axisProps, ChartCard, FitChart, TooltipBox, useChartColors } from './chart-kit';
import { MarkerLegend, markerLines } from './chart-marker-lines';

/** The points a time chart draws: one per day or week (its first day), and the range's overall pass rate. */
export interface TrendSeries {
  bucket: 'day' | 'week';
  points: ReadonlyArray<{ start: string; runs: number; avg_cost: number | null; qa_pass_rate: number | null; qa_pass_rate_ci: [number, number] | null }>;
  overall_qa_pass_rate: number | null;
}

const periodLong = (bucket: TrendSeries['bucket'], start: string) => (bucket === 'week' ? formatWeekLong(start) : start);

/** Periods with fewer runs are drawn as hollow dots off the trend line (a partial first week of 1–2 runs says little). */
export const LOW_N_WEEK = 5;
const NO_MARKERS: readonly ChartMarker[] = [];

interface Datum {
  week: string;
  runs: number;
  avg_cost: number | null;
  /** Pass rate and its band of weeks with ≥ LOW_N_WEEK runs (the line and the shaded band). */
  rate: number | null;
  band: [number, number] | null;
  /** Pass rate of a low-n week (hollow dot only). */
  lowRate: number | null;
  lowBand: [number, number] | null;
  lowN: boolean;
}

function toData(series: TrendSeries | null): Datum[] {
  return (series?.points ?? []).map((w) => {
    const lowN = w.runs < LOW_N_WEEK;
    return {
      week: w.start,
      runs: w.runs,
      avg_cost: w.avg_cost,
      rate: lowN ? null : w.qa_pass_rate,
      band: lowN ? null : w.qa_pass_rate_ci,
      lowRate: lowN ? w.qa_pass_rate : null,
      lowBand: lowN ? w.qa_pass_rate_ci : null,
      lowN,
    };
  });
}

/** Average cost per run per period. */
export const CostOverTimeChart = memo(function CostOverTimeChart({ series, turn, markers = NO_MARKERS }: { series: TrendSeries | null; turn: boolean; markers?: readonly ChartMarker[] }) {
  const c = useChartColors();
  const data = toData(series);
  const bucket = series?.bucket ?? 'week';
  const weeks = data.filter((d) => d.avg_cost != null).length;
  return (
    <ChartCard
      testId="chart-cost-over-time"
      deferred={!turn}
      title="Cost over time"
      subtitle={
        <>
          Average cost per run, by {bucket === 'week' ? 'ISO week' : 'day'} (UTC)
          <MarkerLegend markers={markers} chart="cost" />
        </>
      }
      loading={!series}
      empty={weeks === 0 ? 'No runs with a recorded cost in this range.' : null}
    >
      <FitChart>
        <AreaChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <defs>
            <linearGradient id="cost-fill" x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor={c.accent} stopOpacity={0.28} />
              <stop offset="100%" stopColor={c.accent} stopOpacity={0.02} />
            </linearGradient>
          </defs>
          <CartesianGrid stroke={c.grid} strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="week" tickFormatter={formatWeek} {...axisProps(c)} minTickGap={24} />
          <YAxis tickFormatter={(v: number) => formatUsd(v)} {...axisProps(c)} width={64} axisLine={false} interval={0} />
          <Tooltip
            cursor={{ stroke: c.axis, strokeDasharray: '3 3' }}
            content={({ active, payload }) => {
              const d = active && payload?.[0] ? (payload[0].payload as Datum) : null;
              return d ? (
                <TooltipBox
                  title={periodLong(bucket, d.week)}
                  rows={[
                    ['Average cost', formatUsd(d.avg_cost)],
                    ['Runs', formatCount(d.runs)],
                  ]}
                />
              ) : null;
            }}
          />
          {markerLines(markers, 'cost', c)}
          <Area type="monotone" dataKey="avg_cost" stroke={c.accent} strokeWidth={2} fill="url(#cost-fill)" connectNulls isAnimationActive={false} dot={data.length <= 2 ? { r: 3 } : false} activeDot={{ r: 4 }} />
        </AreaChart>
      </FitChart>
    </ChartCard>
  );
});

/**
 * Weekly QA pass rate with its 95 % Wilson band and the overall rate as a reference line. Weeks
 * with fewer than LOW_N_WEEK runs stay visible as hollow dots but off the line and the band.
 */
export const QaTrendChart = memo(function QaTrendChart({ series, turn, markers = NO_MARKERS }: { series: TrendSeries | null; turn: boolean; markers?: readonly ChartMarker[] }) {
  const c = useChartColors();
  const data = toData(series);
  const bucket = series?.bucket ?? 'week';
  const overall = series?.overall_qa_pass_rate ?? null;
  const weeks = data.filter((d) => d.rate != null || d.lowRate != null).length;
  const lowWeeks = data.filter((d) => d.lowRate != null).length;
  return (
    <ChartCard
      testId="chart-qa-trend"
      deferred={!turn}
      title="QA pass rate trend"
      subtitle={
        <>
          {bucket === 'week' ? 'Weekly' : 'Daily'} pass rate; shaded band = 95% Wilson interval
          {overall != null ? ` · overall ${formatPct(overall)}` : ''}
          {lowWeeks ? ` · ○ < ${LOW_N_WEEK} runs` : ''}
          <MarkerLegend markers={markers} chart="qa" />
        </>
      }
      loading={!series}
      empty={weeks === 0 ? 'No runs with a QA outcome in this range.' : null}
    >
      <FitChart>
        <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={c.grid} strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="week" tickFormatter={formatWeek} {...axisProps(c)} minTickGap={24} />
          <YAxis domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} tickFormatter={(v: number) => formatPct(v)} {...axisProps(c)} width={44} axisLine={false} interval={0} />
          {overall != null ? <ReferenceLine y={overall} stroke={c.muted} strokeDasharray="4 4" ifOverflow="extendDomain" /> : null}
          <Tooltip
            cursor={{ stroke: c.axis, strokeDasharray: '3 3' }}
            content={({ active, payload }) => {
              const d = active && payload?.[0] ? (payload[0].payload as Datum) : null;
              return d ? (
                <TooltipBox
                  title={periodLong(bucket, d.week)}
                  rows={[
                    ['QA pass rate', formatPct(d.lowN ? d.lowRate : d.rate, 1)],
                    ['95% Wilson interval', formatPctInterval(d.lowN ? d.lowBand : d.band)],
                    ['Runs', d.lowN ? `n = ${formatCount(d.runs)} (too few: not on the trend line)` : formatCount(d.runs)],
                  ]}
                />
              ) : null;
            }}
          />
          {markerLines(markers, 'qa', c)}
          <Area type="monotone" dataKey="band" stroke="none" fill={c.good} fillOpacity={0.16} connectNulls isAnimationActive={false} activeDot={false} />
          <Line type="monotone" dataKey="rate" stroke={c.good} strokeWidth={2} dot={data.length <= 20 ? { r: 2.5 } : false} connectNulls isAnimationActive={false} activeDot={{ r: 4 }} />
          {lowWeeks ? (
            <Line
              dataKey="lowRate"
              stroke="none"
              dot={{ r: 3.5, fill: 'none', stroke: c.good, strokeWidth: 1.5, strokeOpacity: 0.8 }}
              activeDot={{ r: 4.5, fill: 'none', stroke: c.good, strokeWidth: 2 }}
              isAnimationActive={false}
              legendType="none"
            />
          ) : null}
        </ComposedChart>
      </FitChart>
    </ChartCard>
  );
});
