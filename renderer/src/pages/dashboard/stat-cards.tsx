/** The seed's six metric cards. Fixed height; skeletons keep the layout still while loading. */
import { memo, type ReactNode } from 'react';
import type { ProjectProfile } from '../../../../shared/domain';
import { Icon } from '../../components/icon';
import { rateTone, Skeleton, Tip } from '../../components/ui';
import { formatCount, formatDateTime, formatDecimal, formatPct, formatPctInterval, formatRateWithCi, formatUsd, formatUsdRange } from '../../lib/format';

function Card({ testId, label, value, sub, tone, help }: { testId: string; label: string; value: ReactNode; sub: ReactNode; tone?: string; help: string }) {
  return (
    <section className={`card stat-card ${tone ? `tone-${tone}` : ''}`} data-testid={testId} aria-label={label}>
      <div className="stat-label">
        {label}
        <Tip tip={help} className="stat-help">
          <Icon name="info" size={13} title={`About ${label}`} />
        </Tip>
      </div>
      <div className="stat-value num">{value}</div>
      <div className="stat-sub">{sub}</div>
    </section>
  );
}

function qaN(p: ProjectProfile): number {
  return p.qa_passed + p.qa_warning + p.qa_failed;
}

/** Six cards: total runs, average cost, QA pass rate, average rounds, preferred mode and strategy. */
export const StatCards = memo(function StatCards({ profile: p }: { profile: ProjectProfile | null }) {
  const sk = (w: number) => <Skeleton width={w} height={12} />;
  const big = <Skeleton width={96} height={28} />;
  const mode = p?.preferred_mode ? p.modes[p.preferred_mode] : null;
  const strat = p?.preferred_strategy ? p.strategies[p.preferred_strategy] : null;
  return (
    <div className="stat-grid">
      <Card
        testId="card-total-runs"
        label="Total runs"
        help="Every run of this project read from your run logs (quarantined records excluded)."
        value={p ? formatCount(p.runs_count) : big}
        sub={p ? (p.first_run_at ? `${formatDateTime(p.first_run_at).slice(0, 10)} → ${formatDateTime(p.last_run_at).slice(0, 10)}` : 'No dated runs') : sk(140)}
      />
      <Card
        testId="card-avg-cost"
        label="Average cost"
        help="Mean total_cost_usd per run, with the cheapest and most expensive run. The median is less sensitive to outliers."
        value={p ? formatUsd(p.avg_cost) : big}
        sub={p ? (p.min_cost != null ? `${formatUsdRange(p.min_cost, p.max_cost)} · median ${formatUsd(p.median_cost)}` : 'No costs recorded') : sk(160)}
      />
      <Card
        testId="card-qa-pass-rate"
        label="QA pass rate"
        tone={p ? rateTone(p.overall_qa_pass_rate) : undefined}
        help="Share of runs whose QA passed, among runs with a QA outcome. Green ≥ 80%, amber ≥ 60%, red below. The interval is the 95% Wilson score interval."
        value={p ? formatPct(p.overall_qa_pass_rate) : big}
        sub={
          p ? (
            <Tip tip={formatRateWithCi(p.overall_qa_pass_rate, p.overall_qa_pass_rate_ci, qaN(p))}>
              <span className="num">
                {p.overall_qa_pass_rate_ci ? `95% CI ${formatPctInterval(p.overall_qa_pass_rate_ci)} · ` : ''}n={formatCount(qaN(p))}
                <br />
                {formatCount(p.qa_passed)} passed · {formatCount(p.qa_warning)} warn · {formatCount(p.qa_failed)} failed
              </span>
            </Tip>
          ) : (
            sk(180)
          )
        }
      />
      <Card
        testId="card-avg-rounds"
        label="Avg rounds used"
        help="Mean rounds_completed per run. A high share of runs hitting max_rounds suggests the limit is binding."
        value={p ? formatDecimal(p.avg_rounds_used) : big}
        sub={
          p
            ? `max ${p.max_rounds_completed ?? '–'}${p.hit_max_rounds_rate != null ? ` · ${formatPct(p.hit_max_rounds_rate)} hit max_rounds` : ''}`
            : sk(150)
        }
      />
      <Card
        testId="card-preferred-mode"
        label="Preferred mode"
        help="The mode best on cost per passed run with always-valid confidence (the mode experiment's winner, its QA not at risk), or the only mode. Otherwise no mode is best yet, whatever the point estimates say."
        value={p ? (p.preferred_mode ? <span className="mono">{p.preferred_mode}</span> : <span className="muted">no clear best yet</span>) : big}
        sub={p ? (mode ? `${formatUsd(mode.cost_per_passed_run)} per passed run · ${formatPct(mode.qa_pass_rate)} QA · n=${formatCount(mode.runs_count)}` : 'No mode is better with confidence') : sk(170)}
      />
      <Card
        testId="card-preferred-strategy"
        label="Preferred strategy"
        help="The prompt strategy best on cost per passed run with always-valid confidence (same rule as the preferred mode)."
        value={p ? (p.preferred_strategy ? <span className="mono">{p.preferred_strategy}</span> : <span className="muted">no clear best yet</span>) : big}
        sub={p ? (strat ? `${formatUsd(strat.cost_per_passed_run)} per passed run · ${formatPct(strat.qa_pass_rate)} QA · n=${formatCount(strat.runs_count)}` : 'No strategy is better with confidence') : sk(170)}
      />
    </div>
  );
});
