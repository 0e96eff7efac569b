/** Weekly charts: average cost over time and QA pass rate with its Wilson band. */
import { Area, AreaChart, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ProjectProfile } from '../../../../shared/domain';
import { formatCount, formatPct, formatPctInterval, formatUsd, formatWeek, formatWeekLong } from '../../lib/format';
import { axisProps, ChartCard, TooltipBox, useChartColors } from './chart-kit';

interface Datum {
  week: string;
  runs: number;
  avg_cost: number | null;
  rate: number | null;
  band: [number, number] | null;
}

function toData(p: ProjectProfile | null): Datum[] {
  return (p?.weekly_trend ?? []).map((w) => ({
    week: w.week_start,
    runs: w.runs,
    avg_cost: w.avg_cost,
    rate: w.qa_pass_rate,
    band: w.qa_pass_rate_ci,
  }));
}

/** Weekly average cost per run. */
export function CostOverTimeChart({ profile }: { profile: ProjectProfile | null }) {
  const c = useChartColors();
  const data = toData(profile);
  const weeks = data.filter((d) => d.avg_cost != null).length;
  return (
    <ChartCard
      testId="chart-cost-over-time"
      title="Cost over time"
      subtitle="Average cost per run, by ISO week (UTC)"
      loading={!profile}
      empty={weeks === 0 ? 'No runs with a recorded cost yet.' : null}
    >
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <defs>
            <linearGradient id="cost-fill" x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor={c.accent} stopOpacity={0.28} />
              <stop offset="100%" stopColor={c.accent} stopOpacity={0.02} />
            </linearGradient>
          </defs>
          <CartesianGrid stroke={c.grid} strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="week" tickFormatter={formatWeek} {...axisProps(c)} minTickGap={24} />
          <YAxis tickFormatter={(v: number) => formatUsd(v)} {...axisProps(c)} width={64} axisLine={false} />
          <Tooltip
            cursor={{ stroke: c.axis, strokeDasharray: '3 3' }}
            content={({ active, payload }) => {
              const d = active && payload?.[0] ? (payload[0].payload as Datum) : null;
              return d ? (
                <TooltipBox
                  title={formatWeekLong(d.week)}
                  rows={[
                    ['Average cost', formatUsd(d.avg_cost)],
                    ['Runs', formatCount(d.runs)],
                  ]}
                />
              ) : null;
            }}
          />
          <Area type="monotone" dataKey="avg_cost" stroke={c.accent} strokeWidth={2} fill="url(#cost-fill)" connectNulls isAnimationActive={false} dot={data.length <= 2 ? { r: 3 } : false} activeDot={{ r: 4 }} />
        </AreaChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

/** Weekly QA pass rate with its 95 % Wilson band and the overall rate as a reference line. */
export function QaTrendChart({ profile }: { profile: ProjectProfile | null }) {
  const c = useChartColors();
  const data = toData(profile);
  const weeks = data.filter((d) => d.rate != null).length;
  return (
    <ChartCard
      testId="chart-qa-trend"
      title="QA pass rate trend"
      subtitle={
        <>
          Weekly pass rate; shaded band = 95% Wilson interval
          {profile?.overall_qa_pass_rate != null ? ` · overall ${formatPct(profile.overall_qa_pass_rate)}` : ''}
        </>
      }
      loading={!profile}
      empty={weeks === 0 ? 'No runs with a QA outcome yet.' : null}
    >
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={c.grid} strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="week" tickFormatter={formatWeek} {...axisProps(c)} minTickGap={24} />
          <YAxis domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} tickFormatter={(v: number) => formatPct(v)} {...axisProps(c)} width={44} axisLine={false} />
          {profile?.overall_qa_pass_rate != null ? (
            <ReferenceLine y={profile.overall_qa_pass_rate} stroke={c.muted} strokeDasharray="4 4" ifOverflow="extendDomain" />
          ) : null}
          <Tooltip
            cursor={{ stroke: c.axis, strokeDasharray: '3 3' }}
            content={({ active, payload }) => {
              const d = active && payload?.[0] ? (payload[0].payload as Datum) : null;
              return d ? (
                <TooltipBox
                  title={formatWeekLong(d.week)}
                  rows={[
                    ['QA pass rate', formatPct(d.rate, 1)],
                    ['95% Wilson interval', formatPctInterval(d.band)],
                    ['Runs', formatCount(d.runs)],
                  ]}
                />
              ) : null;
            }}
          />
          <Area type="monotone" dataKey="band" stroke="none" fill={c.good} fillOpacity={0.16} connectNulls isAnimationActive={false} activeDot={false} />
          <Line type="monotone" dataKey="rate" stroke={c.good} strokeWidth={2} dot={data.length <= 20 ? { r: 2.5 } : false} connectNulls isAnimationActive={false} activeDot={{ r: 4 }} />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
