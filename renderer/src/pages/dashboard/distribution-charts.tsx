/** Histograms: cost per run (recent sample) and rounds completed (all runs). */
import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ProjectProfile } from '../../../../shared/domain';
import { formatCompact, formatCount, formatPct, formatUsd } from '../../lib/format';
import { histogram } from '../../lib/histogram';
import { axisProps, ChartCard, TooltipBox, useChartColors } from './chart-kit';

/** Histogram of cost per run over the most recent runs (up to 1,000), with median and p95 markers. */
export function CostDistributionChart({ profile, costs }: { profile: ProjectProfile | null; costs: { values: number[]; total: number } | null }) {
  const c = useChartColors();
  const { bins, clippedAbove } = useMemo(() => histogram(costs?.values ?? [], 24), [costs]);
  const n = costs?.values.length ?? 0;
  const data = bins.map((b) => ({ ...b, mid: (b.from + b.to) / 2, share: n ? b.count / n : 0 }));
  const sampled = costs && costs.total > costs.values.length;
  const step = bins.length > 1 ? bins[0].to - bins[0].from : 0;
  return (
    <ChartCard
      testId="chart-cost-distribution"
      title="Cost distribution"
      subtitle={
        costs ? (
          <>
            Cost per run · {sampled ? `latest ${formatCount(n)} of ${formatCount(costs.total)} runs` : `${formatCount(n)} runs with a cost`}
            {profile?.median_cost != null ? ` · median ${formatUsd(profile.median_cost)}` : ''}
            {profile?.p95_cost != null ? ` · p95 ${formatUsd(profile.p95_cost)}` : ''}
          </>
        ) : null
      }
      loading={!costs || !profile}
      empty={n === 0 ? 'No runs with a recorded cost yet.' : null}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 20, right: 12, bottom: 0, left: 0 }} barCategoryGap={1}>
          <CartesianGrid stroke={c.grid} strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="mid"
            type="number"
            domain={bins.length ? [bins[0].from, bins[bins.length - 1].to] : [0, 1]}
            tickFormatter={(v: number) => formatUsd(v)}
            {...axisProps(c)}
          />
          <YAxis allowDecimals={false} tickFormatter={(v: number) => formatCompact(v)} {...axisProps(c)} width={44} axisLine={false} />
          <Tooltip
            cursor={{ fill: c.accentSoft }}
            content={({ active, payload }) => {
              const d = active && payload?.[0] ? (payload[0].payload as (typeof data)[number]) : null;
              if (!d) return null;
              const last = clippedAbove != null && d === data[data.length - 1];
              return (
                <TooltipBox
                  title={last ? `${formatUsd(d.from)} and above` : `${formatUsd(d.from)} – ${formatUsd(d.to)}`}
                  rows={[
                    ['Runs', formatCount(d.count)],
                    ['Share', formatPct(d.share, 1)],
                  ]}
                />
              );
            }}
          />
          <Bar dataKey="count" fill={c.accent} isAnimationActive={false} radius={[2, 2, 0, 0]} maxBarSize={step ? undefined : 40} />
          {profile?.median_cost != null ? (
            <ReferenceLine x={profile.median_cost} stroke={c.text} strokeDasharray="4 3" label={{ value: 'median', position: 'top', fill: c.muted, fontSize: 10 }} />
          ) : null}
          {profile?.p95_cost != null && (clippedAbove == null || profile.p95_cost <= clippedAbove) ? (
            <ReferenceLine x={profile.p95_cost} stroke={c.warn} strokeDasharray="4 3" label={{ value: 'p95', position: 'top', fill: c.muted, fontSize: 10 }} />
          ) : null}
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

/** Runs by rounds completed; the share that hit max_rounds is in the subtitle. */
export function RoundsDistributionChart({ profile }: { profile: ProjectProfile | null }) {
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
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={c.grid} strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" {...axisProps(c)} />
          <YAxis allowDecimals={false} tickFormatter={(v: number) => formatCompact(v)} {...axisProps(c)} width={44} axisLine={false} />
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
      </ResponsiveContainer>
    </ChartCard>
  );
}
