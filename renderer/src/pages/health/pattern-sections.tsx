/**
 * The error-pattern and agents part of health (issue 11 §3–4): error patterns with counts over
 * time and their runs, the agent × task matrix with best agents and retry hotspots, and the
 * recovery-strategy ranking.
 * Each says why it is empty.
 */
import { useState } from 'react';
import type { ProjectHealth } from '../../../../shared/health';
import { formatCount, formatDateTime, formatDuration, formatPct, formatPctInterval, formatProbability } from '../../lib/format';
import { PatternCountBars, PatternRunsPanel } from './pattern-runs';
import { HealthSection } from './section';

const NOT_MINED = 'error-pattern mining has not filled this section for this project';

/** Error patterns with counts over time; clicking a pattern lists its runs, each opening the run drawer. */
export function ErrorPatterns({ projectId, health }: { projectId: string; health: ProjectHealth }) {
  const list = health.error_patterns;
  const [open, setOpen] = useState<string | null>(null);
  const shown = open != null && list.some((p) => p.id === open) ? open : null;
  const bucket = list[0]?.counts.bucket === 'week' ? 'week' : 'day';
  return (
    <HealthSection
      testId="health-error-patterns"
      title="Error patterns"
      subtitle={`Templates mined from error messages, gate-failure reasons and step errors, with their messages per ${bucket} over the recent runs; click a pattern for its runs.`}
      empty={list.length ? null : `No error patterns: either the recent runs carry no error messages, or ${NOT_MINED}.`}
    >
      <table className="data-table compact">
        <thead>
          <tr>
            <th>Template</th>
            <th>Category</th>
            <th className="right">Count</th>
            <th className="right">Runs</th>
            <th>Per {bucket}</th>
            <th>Agents</th>
            <th>First / last seen</th>
            <th>Example</th>
          </tr>
        </thead>
        <tbody>
          {list.map((p) => (
            <tr
              key={p.id}
              data-testid="error-pattern-row"
              data-new={p.new}
              data-template-id={p.id}
              aria-selected={shown === p.id}
              className={`clickable-row${shown === p.id ? ' selected' : ''}`}
              onClick={() => setOpen(shown === p.id ? null : p.id)}
            >
              <td className="mono small">
                <button type="button" className="link-button mono small" data-testid="error-pattern-open" onClick={(e) => (e.stopPropagation(), setOpen(shown === p.id ? null : p.id))}>
                  {p.template}
                </button>{' '}
                {p.new ? <span className="badge badge-warn">new</span> : null}
              </td>
              <td>{p.category}</td>
              <td className="right num">{formatCount(p.count)}</td>
              <td className="right num">{formatCount(p.runs)}</td>
              <td>
                <PatternCountBars counts={p.counts} />
              </td>
              <td className="small">{p.agents.join(', ') || '–'}</td>
              <td className="small num">
                {formatDateTime(p.first_seen)}
                <br />
                {formatDateTime(p.last_seen)}
              </td>
              <td className="mono small" onClick={(e) => e.stopPropagation()}>
                <details>
                  <summary>show</summary>
                  {p.example}
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown ? <PatternRunsPanel key={shown} projectId={projectId} templateId={shown} onClose={() => setOpen(null)} /> : null}
    </HealthSection>
  );
}

/** Agents × task types: runs, success rate with interval, durations, retries; best agent per task; retry hotspots. */
export function AgentMatrix({ health }: { health: ProjectHealth }) {
  const rows = health.agents;
  const agents = [...new Set(rows.map((r) => r.agent))];
  const tasks = [...new Set(rows.map((r) => r.task_type ?? '(none)'))];
  const cell = (a: string, t: string) => rows.find((r) => r.agent === a && (r.task_type ?? '(none)') === t);
  const best = new Map(health.best_agents.map((b) => [b.task_type, b]));
  return (
    <HealthSection
      testId="health-agents"
      title="Agents × task types"
      subtitle="Success rate with its 95 % interval, duration p50 / p95, average retries; ★ = best agent for the task type."
      empty={rows.length ? null : `No agent × task table: either the runs have no steps[] with an agent, or ${NOT_MINED}.`}
    >
      <div className="health-matrix-wrap">
        <table className="data-table compact health-matrix">
          <thead>
            <tr>
              <th>Agent</th>
              {tasks.map((t) => (
                <th key={t}>{t}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {agents.map((a) => (
              <tr key={a} data-testid="agent-row">
                <td>{a}</td>
                {tasks.map((t) => {
                  const r = cell(a, t);
                  const isBest = best.get(t)?.agent === a;
                  return (
                    <td key={t} className="small num">
                      {r ? (
                        <>
                          {isBest ? <span title={`best for ${t}, confidence ${formatProbability(best.get(t)!.confidence)}`}>★ </span> : null}
                          {formatPct(r.success_rate, 0)} <span className="muted">{formatPctInterval(r.success_ci95)}</span>
                          <br />
                          {formatCount(r.runs)} runs · {formatDuration(r.duration_p50)} / {formatDuration(r.duration_p95)} · {r.avg_retries == null ? '–' : r.avg_retries.toFixed(2)} retries
                        </>
                      ) : (
                        <span className="muted">–</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h4>Retry hotspots (average retries &gt; 1.0)</h4>
      {health.retry_hotspots.length ? (
        <ul data-testid="retry-hotspots">
          {health.retry_hotspots.map((h, i) => (
            <li key={i}>
              {h.role}
              {h.task_type ? ` · ${h.task_type}` : ''}: {h.avg_retries.toFixed(2)} retries on average over {formatCount(h.runs)} runs
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No role or task averages more than one retry.</p>
      )}
    </HealthSection>
  );
}

/** Recovery strategies ranked by success rate per error category. */
export function RecoveryRanking({ health }: { health: ProjectHealth }) {
  const list = [...health.recovery_strategies].sort((a, b) => (a.category < b.category ? -1 : a.category > b.category ? 1 : (b.success_rate ?? -1) - (a.success_rate ?? -1)));
  return (
    <HealthSection
      testId="health-recovery"
      title="Recovery strategies"
      subtitle="What the logs name as recoveries (backoff, fallback, reduce scope, …), ranked by success rate per error category, with 95 % intervals."
      empty={list.length ? null : `No recovery strategies: either the runs record no recovery attempts, or ${NOT_MINED}.`}
    >
      <table className="data-table compact">
        <thead>
          <tr>
            <th>Error category</th>
            <th>Strategy</th>
            <th className="right">Attempts</th>
            <th className="right">Success rate</th>
          </tr>
        </thead>
        <tbody>
          {list.map((r, i) => (
            <tr key={i} data-testid="recovery-row" className={i === 0 || list[i - 1].category !== r.category ? 'group-start' : ''}>
              <td>{i === 0 || list[i - 1].category !== r.category ? r.category : ''}</td>
              <td>{r.strategy}</td>
              <td className="right num">{formatCount(r.attempts)}</td>
              <td className="right num">
                {formatPct(r.success_rate, 0)} <span className="muted">{formatPctInterval(r.success_ci95)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </HealthSection>
  );
}
