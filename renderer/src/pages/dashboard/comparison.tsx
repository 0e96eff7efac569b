/** A/B comparison of a factor's arms (mode, strategy, model, prompt version) with interval bars. */
import { memo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, Tooltip, XAxis, YAxis } from 'recharts';
import type { ArmStats, ProjectProfile } from '../../../../shared/domain';
import { RateText, rateTone } from '../../components/ui';
import { formatCount, formatDecimal, formatDuration, formatPct, formatPctInterval, formatUsd } from '../../lib/format';
import { axisProps, ChartCard, FitChart, TooltipBox, useChartColors } from './chart-kit';
import { Skeleton } from '../../components/ui';

type Factor = 'modes' | 'strategies' | 'models' | 'prompt_versions';
const FACTORS: Array<{ key: Factor; label: string; preferred?: 'preferred_mode' | 'preferred_strategy' | 'preferred_model' }> = [
  { key: 'modes', label: 'Mode', preferred: 'preferred_mode' },
  { key: 'strategies', label: 'Strategy', preferred: 'preferred_strategy' },
  { key: 'models', label: 'Model', preferred: 'preferred_model' },
  { key: 'prompt_versions', label: 'Prompt version' },
];

interface Datum {
  arm: string;
  stats: ArmStats;
  rate: number | null;
  err: [number, number];
  median: number | null;
  preferred: boolean;
}

/** The comparison card with a factor switcher and two interval charts; `turns` of them (0–2) may mount yet. */
export const ComparisonChart = memo(function ComparisonChart({ profile, turns }: { profile: ProjectProfile | null; turns: number }) {
  const c = useChartColors();
  const secondTurn = turns >= 2;
  const [factor, setFactor] = useState<Factor>('modes');
  const def = FACTORS.find((f) => f.key === factor)!;
  const arms = Object.values((profile?.[factor] ?? {}) as Record<string, ArmStats>).sort((a, b) => b.runs_count - a.runs_count);
  const preferred = def.preferred && profile ? profile[def.preferred] : null;
  const data: Datum[] = arms.map((a) => ({
    arm: a.arm,
    stats: a,
    rate: a.qa_pass_rate,
    err: a.qa_pass_rate != null && a.qa_pass_rate_ci ? [a.qa_pass_rate - a.qa_pass_rate_ci[0], a.qa_pass_rate_ci[1] - a.qa_pass_rate] : [0, 0],
    median: a.median_cost,
    preferred: a.arm === preferred,
  }));

  const tooltip = ({ active, payload }: { active?: boolean; payload?: ReadonlyArray<{ payload?: unknown }> }) => {
    const d = active && payload?.[0] ? (payload[0].payload as Datum) : null;
    if (!d) return null;
    const s = d.stats;
    return (
      <TooltipBox
        title={`${d.arm}${d.preferred ? ' (best on cost per passed run, with confidence)' : ''}`}
        rows={[
          ['Runs', formatCount(s.runs_count)],
          ['QA pass rate', formatPct(s.qa_pass_rate, 1)],
          ['95% Wilson interval', formatPctInterval(s.qa_pass_rate_ci)],
          ['Median cost', formatUsd(s.median_cost)],
          ['Average cost', formatUsd(s.avg_cost)],
          ['Cost per passed run', formatUsd(s.cost_per_passed_run)],
          ['p95 cost', formatUsd(s.p95_cost)],
        ]}
      />
    );
  };

  const tabs = (
    <div className="segmented" role="tablist" aria-label="Compare by">
      {FACTORS.map((f) => (
        <button
          key={f.key}
          type="button"
          role="tab"
          aria-selected={factor === f.key}
          className={factor === f.key ? 'active' : ''}
          onClick={() => setFactor(f.key)}
          data-testid={`compare-${f.key}`}
        >
          {f.label}
        </button>
      ))}
    </div>
  );

  return (
    <ChartCard
      testId="chart-comparison"
      deferred={turns < 1}
      className="span-2"
      title={`${def.label} comparison`}
      subtitle="Bars: QA pass rate with 95% Wilson interval (whiskers) and median cost per run"
      loading={!profile}
      empty={arms.length === 0 ? `No runs record a ${def.label.toLowerCase()}.` : null}
      actions={tabs}
      height={220}
    >
      <div className="compare-charts">
        <div className="compare-chart" aria-label={`QA pass rate by ${def.label.toLowerCase()}`}>
          <div className="compare-chart-title">QA pass rate</div>
          <FitChart>
            <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid stroke={c.grid} strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="arm" {...axisProps(c)} interval={0} />
              <YAxis domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} tickFormatter={(v: number) => formatPct(v)} {...axisProps(c)} width={44} axisLine={false} interval={0} />
              <Tooltip cursor={{ fill: c.accentSoft }} content={tooltip} />
              <Bar dataKey="rate" isAnimationActive={false} radius={[3, 3, 0, 0]} maxBarSize={56}>
                {data.map((d) => (
                  <Cell key={d.arm} fill={d.preferred ? c.good : c.series[0]} fillOpacity={d.preferred ? 0.9 : 0.75} />
                ))}
                <ErrorBar dataKey="err" width={8} strokeWidth={1.5} stroke={c.text} direction="y" />
              </Bar>
            </BarChart>
          </FitChart>
        </div>
        <div className="compare-chart" aria-label={`Median cost by ${def.label.toLowerCase()}`}>
          <div className="compare-chart-title">Median cost per run</div>
          {secondTurn ? (
            <FitChart>
              <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid stroke={c.grid} strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="arm" {...axisProps(c)} interval={0} />
                <YAxis tickFormatter={(v: number) => formatUsd(v)} {...axisProps(c)} width={60} axisLine={false} interval={0} />
                <Tooltip cursor={{ fill: c.accentSoft }} content={tooltip} />
                <Bar dataKey="median" isAnimationActive={false} radius={[3, 3, 0, 0]} maxBarSize={56}>
                  {data.map((d) => (
                    <Cell key={d.arm} fill={d.preferred ? c.good : c.series[2]} fillOpacity={d.preferred ? 0.9 : 0.75} />
                  ))}
                </Bar>
              </BarChart>
            </FitChart>
          ) : (
            <Skeleton height="100%" className="skeleton-chart" />
          )}
        </div>
      </div>
    </ChartCard>
  );
});

/** The numbers behind the comparison chart, for engineers who check them. */
export const ArmsTable = memo(function ArmsTable({ profile }: { profile: ProjectProfile | null }) {
  const groups: Array<{ label: string; arms: ArmStats[]; preferred: string | null }> = profile
    ? [
        { label: 'Mode', arms: Object.values(profile.modes), preferred: profile.preferred_mode },
        { label: 'Strategy', arms: Object.values(profile.strategies), preferred: profile.preferred_strategy },
        { label: 'Model', arms: Object.values(profile.models), preferred: profile.preferred_model },
      ]
    : [];
  if (!profile) return null;
  return (
    <section className="card span-2 arms-card" data-testid="arms-table" aria-labelledby="arms-title">
      <header className="chart-head">
        <div>
          <h2 id="arms-title">Arms in detail</h2>
          <div className="chart-sub">
            “Best” is the arm best on cost per passed run with always-valid confidence (the experiment&apos;s winner, QA not at risk); without one, “no clear best yet”.
            Score = 0.7 × QA pass rate + 0.3 × (cheapest median cost ÷ median cost) is a point summary, not a test. Cost per passed run is over runs with both a cost and a QA outcome. {profile.quantile_method}
          </div>
        </div>
      </header>
      <div className="scroll-x">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Factor</th>
              <th scope="col">Arm</th>
              <th scope="col" className="right">
                Runs
              </th>
              <th scope="col" className="right">
                QA pass rate (95% CI)
              </th>
              <th scope="col" className="right">
                Median cost
              </th>
              <th scope="col" className="right">
                Avg cost
              </th>
              <th scope="col" className="right">
                Cost / passed run
              </th>
              <th scope="col" className="right">
                Avg rounds
              </th>
              <th scope="col" className="right">
                Avg duration
              </th>
              <th scope="col" className="right">
                Score
              </th>
            </tr>
          </thead>
          <tbody>
            {groups.flatMap((g) =>
              g.arms
                .sort((a, b) => b.runs_count - a.runs_count)
                .map((a, i) => (
                  <tr key={`${g.label}:${a.arm}`} className={i === 0 ? 'group-start' : ''}>
                    <td className="muted">
                      {i === 0 ? g.label : ''}
                      {i === 0 && g.preferred == null && g.arms.length > 1 ? <div className="small" data-testid="no-clear-best">no clear best yet</div> : null}
                    </td>
                    <td className="nowrap">
                      <span className="mono">{a.arm}</span> {a.arm === g.preferred ? <span className="badge badge-good" title="Best on cost per passed run with always-valid confidence">best</span> : null}
                    </td>
                    <td className="right num">{formatCount(a.runs_count)}</td>
                    <td className={`right tone-${rateTone(a.qa_pass_rate)}`}>
                      <RateText rate={a.qa_pass_rate} ci={a.qa_pass_rate_ci} n={a.qa_passed + a.qa_warning + a.qa_failed} />{' '}
                      <span className="muted small num">{formatPctInterval(a.qa_pass_rate_ci)}</span>
                    </td>
                    <td className="right num">{formatUsd(a.median_cost)}</td>
                    <td className="right num">{formatUsd(a.avg_cost)}</td>
                    <td className="right num">{formatUsd(a.cost_per_passed_run)}</td>
                    <td className="right num">{formatDecimal(a.avg_rounds_used)}</td>
                    <td className="right num">{formatDuration(a.avg_duration)}</td>
                    <td className="right num">{formatDecimal(a.score, 2)}</td>
                  </tr>
                )),
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
});
