/** The headline learning metrics of the project, each with its denominator; and the health links. */
import type { ReactNode } from 'react';
import type { LearningResult } from '../../../../shared/learning';
import { RateText } from '../../components/ui';
import { formatCount, formatDecimal, formatPct } from '../../lib/format';
import { LearningSection, SimpleTable } from './section';

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

/** Patterns 2 and 8 are the health engine's tables for the same runs, linked here (top rows). */
export function HealthLinks({ l }: { l: LearningResult }) {
  const hot = l.retry_hotspots.rows;
  const rec = l.error_recovery.rows;
  const why = (rows: unknown[] | null, what: string) => (rows == null ? `The health analysis did not supply ${what}.` : rows.length === 0 ? `The health analysis found no ${what}.` : null);
  return (
    <LearningSection id="health-links" title="Retry hotspots and error recovery" subtitle="Patterns 2 and 8: the health analysis's tables for the same runs (top 5 each).">
      <div className="learn-counts-grid">
        <div>
          <h3>Retry hotspots</h3>
          {why(hot, 'retry hotspots') ? (
            <p className="muted small" data-testid="learn-empty">{why(hot, 'retry hotspots')}</p>
          ) : (
            <SimpleTable
              caption="Retry hotspots"
              head={['Agent', 'Task type', 'Mean retries', 'Runs']}
              rows={hot!.slice(0, 5).map((r) => [r.role ?? '–', r.task_type ?? '–', <span className="num">{formatDecimal(r.avg_retries, 2)}</span>, <span className="num">{formatCount(r.runs)}</span>])}
            />
          )}
        </div>
        <div>
          <h3>Error-recovery strategies</h3>
          {why(rec, 'recovery strategies') ? (
            <p className="muted small" data-testid="learn-empty">{why(rec, 'recovery strategies')}</p>
          ) : (
            <SimpleTable
              caption="Error-recovery strategies"
              head={['Strategy', 'Error category', 'Attempts', 'Success (95% CI)']}
              rows={rec!.slice(0, 5).map((r) => [
                <span className="mono">{r.strategy}</span>,
                r.category,
                <span className="num">{formatCount(r.attempts)}</span>,
                <RateText rate={r.success_rate} ci={r.success_ci95} n={r.attempts} inline />,
              ])}
            />
          )}
        </div>
      </div>
    </LearningSection>
  );
}
