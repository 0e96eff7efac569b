/** The headline learning metrics of the project, each with its denominator; and the health links. */
import type { ReactNode } from 'react';
import type { LearningResult } from '../../../../shared/learning';
import { RateText } from '../../components/ui';
import { formatCount, formatDecimal, formatPct } from '../../lib/format';

export function OverviewStrip({ l }: { l: LearningResult }) {
  const o = l.overview;
  const items: Array<[string, ReactNode]> = [
    ['Runs', <span className="num">{formatCount(l.runs)}</span>],
    ['QA pass rate', <RateText rate={o.qa_pass_rate.rate} ci={o.qa_pass_rate.ci95} n={o.qa_pass_rate.n} />],
    ['Agent step success', <RateText rate={o.agent_success_rate.rate} ci={o.agent_success_rate.ci95} n={o.agent_success_rate.n} />],
    ['Gate failure rate', <RateText rate={o.gate_failure_rate.rate} ci={o.gate_failure_rate.ci95} n={o.gate_failure_rate.n} />],
    ['Override rate', <RateText rate={o.override_rate.rate} ci={o.override_rate.ci95} n={o.override_rate.n} />],
    ['Mean retries / run', <span className="num">{o.avg_retries == null ? '–' : formatDecimal(o.avg_retries, 2)}</span>],
    ['Tokens / success', <span className="num">{o.tokens_per_success == null ? '–' : formatCount(Math.round(o.tokens_per_success))}</span>],
  ];
  const q = l.quality_trend;
  return (
    <div className="stat-grid learn-overview" data-testid="learn-overview">
      {items.map(([label, value]) => (
        <div key={label} className="card stat-card">
          <div className="stat-label">{label}</div>
          <div className="stat-value">{value}</div>
        </div>
      ))}
      {q ? (
        <div className="card stat-card" data-testid="quality-trend">
          <div className="stat-label">{q.metric === 'quality_score' ? 'Quality score' : 'QA pass rate'}, last 2 periods</div>
          <div className="stat-value num">
            {q.metric === 'quality_score' ? formatDecimal(q.previous.value, 1) : formatPct(q.previous.value)} → {q.metric === 'quality_score' ? formatDecimal(q.current.value, 1) : formatPct(q.current.value)}
          </div>
          <div className="stat-sub small muted">
            P(lower now) {formatPct(q.prob_lower)} · n={formatCount(q.previous.metric_n)} / {formatCount(q.current.metric_n)}
          </div>
        </div>
      ) : null}
    </div>
  );
}

/** Patterns 2 and 8 are the health engine's tables: counted here, shown on the Health page. */
export function HealthLinks({ l }: { l: LearningResult }) {
  const count = (rows: unknown[] | null) => (rows == null ? 'not computed' : rows.length === 0 ? 'none found' : `${formatCount(rows.length)} rows`);
  return (
    <p className="small muted" data-testid="learn-health-links">
      Retry hotspots ({count(l.retry_hotspots.rows)}) and error-recovery strategies ({count(l.error_recovery.rows)}) come from the health analysis of the same runs.
    </p>
  );
}
