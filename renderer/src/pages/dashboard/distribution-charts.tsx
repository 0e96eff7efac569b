/** Histograms of all runs: cost per run (exact buckets from the profile) and rounds completed. */
import { memo, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { ProjectProfile } from '../../../../shared/domain';
import { formatCompact, formatCount, formatPct, formatUsd } from '../../lib/format';
import { formatEdge, histogramView, type HistogramBar } from '../../lib/histogram';
import { axisProps, ChartCard, FitChart, TooltipBox, useChartColors } from './chart-kit';

/** Histogram of cost per run over every run (exact, from the profile), with median and p95 markers. */
export const CostDistributionChart = memo(function CostDistributionChart({ profile, turn }: { profile: ProjectProfile | null; turn: boolean }) {
  const c = useChartColors();
  const view = useMemo(() => histogramView(profile?.cost_histogram ?? []), [profile]);
  const { bars, step, overflowFrom } = view;
  const label = (v: number) => (overflowFrom != null && v === overflowFrom ? `≥${formatEdge(v, step)}` : formatEdge(v, step));
  const shown = (x: number | null): x is number => x != null && x >= view.domain[0] && (overflowFrom == null || x < overflowFrom);
  return (
    <ChartCard
      testId="chart-cost-distribution"
      deferred={!turn}
      title="Cost distribution"
      subtitle={
        profile ? (
          <>
            Cost per run · {formatCount(view.total)} runs with a cost
            {profile.median_cost != null ? ` · median ${formatUsd(profile.median_cost)}` : ''}
            {profile.p95_cost != null ? ` · p95 ${formatUsd(profile.p95_cost)}` : ''}
          </>
        ) : null
      }
      loading={!profile}
      empty={view.total === 0 ? 'No runs with a recorded cost yet.' : null}
    >
      <FitChart>
        <BarChart data={bars} margin={{ top: 20, right: 20, bottom: 0, left: 0 }} barCategoryGap={1}>
          <CartesianGrid stroke={c.grid} strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="mid" type="number" domain={view.domain} ticks={view.ticks} interval={0} tickFormatter={label} {...axisProps(c)} />
          <YAxis allowDecimals={false} tickFormatter={(v: number) => formatCompact(v)} {...axisProps(c)} width={44} axisLine={false} interval={0} />
          <Tooltip
            cursor={{ fill: c.accentSoft }}
            content={({ active, payload }) => {
              const d = active && payload?.[0] ? (payload[0].payload as HistogramBar) : null;
              if (!d) return null;
              return (
                <TooltipBox
                  title={d.overflow ? `${formatEdge(d.lo, step)} and above (up to ${formatUsd(d.hi)})` : step ? `${formatEdge(d.lo, step)} – ${formatEdge(d.hi, step)}` : formatUsd(d.lo)}
                  rows={[
                    ['Runs', formatCount(d.count)],
                    ['Share', formatPct(d.share, 1)],
                  ]}
                />
              );
            }}
          />
          <Bar dataKey="count" isAnimationActive={false} radius={[2, 2, 0, 0]} maxBarSize={step ? undefined : 40}>
            {bars.map((b) => (
              <Cell key={b.lo} fill={c.accent} fillOpacity={b.overflow ? 0.45 : 1} />
            ))}
          </Bar>
          {shown(profile?.median_cost ?? null) ? (
            <ReferenceLine x={profile!.median_cost!} stroke={c.text} strokeDasharray="4 3" label={{ value: 'median', position: 'top', fill: c.muted, fontSize: 10 }} />
          ) : null}
          {shown(profile?.p95_cost ?? null) ? (
            <ReferenceLine x={profile!.p95_cost!} stroke={c.warn} strokeDasharray="4 3" label={{ value: 'p95', position: 'top', fill: c.muted, fontSize: 10 }} />
          ) : null}
        </BarChart>
      </FitChart>
    </ChartCard>
  );
});

/** Runs by rounds completed; the share that hit max_rounds is in the subtitle. */
export const RoundsDistributionChart = memo(function RoundsDistributionChart({ profile, turn }: { profile: ProjectProfile | null; turn: boolean }) {
  const c = useChartColors();
  const entries = Object.entries(profile?.rounds_distribution ?? {})
    .map(([r, count]) => ({ rounds: Number(r), count }))
    .filter((e) => Number.isFinite(e.rounds))
    .sort((a, b) => a.rounds - b.rounds);
  const total = entries.reduce((s, e) => s + e.count, 0);
  const data = entries.map((e) => ({ ...e, label: String(e.rounds), share: total ? e.count / total : 0 }));
  return (
    <ChartCard
      testId="chart-rounds-distribution"
      deferred={!turn}
      title="Rounds distribution"
      subtitle={
        profile ? (
          <>
            Runs by rounds completed · {formatCount(total)} runs
            {profile.hit_max_rounds_rate != null ? ` · ${formatPct(profile.hit_max_rounds_rate)} hit their max_rounds` : ''}
          </>
        ) : null
      }
      loading={!profile}
      empty={total === 0 ? 'No runs report rounds_completed yet.' : null}
    >
      <FitChart>
        <BarChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={c.grid} strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" {...axisProps(c)} />
          <YAxis allowDecimals={false} tickFormatter={(v: number) => formatCompact(v)} {...axisProps(c)} width={44} axisLine={false} interval={0} />
          <Tooltip
            cursor={{ fill: c.accentSoft }}
            content={({ active, payload }) => {
              const d = active && payload?.[0] ? (payload[0].payload as (typeof data)[number]) : null;
              return d ? (
                <TooltipBox
                  title={`${d.rounds} round${d.rounds === 1 ? '' : 's'}`}
                  rows={[
                    ['Runs', formatCount(d.count)],
                    ['Share', formatPct(d.share, 1)],
                  ]}
                />
              ) : null;
            }}
          />
          <Bar dataKey="count" fill={c.series[1]} isAnimationActive={false} radius={[3, 3, 0, 0]} maxBarSize={48} />
        </BarChart>
      </FitChart>
    </ChartCard>
  );
});
