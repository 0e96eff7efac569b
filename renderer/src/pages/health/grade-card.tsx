/** The project's grade, why, and the rule it follows (docs/health.md). */
import type { ProjectHealth } from '../../../../shared/health';
import { formatCount, formatDateTime } from '../../lib/format';
import { GRADE_RULE_TEXT, GRADE_TONE, openAlertCount } from '../../lib/health-format';

export function GradeCard({ health }: { health: ProjectHealth }) {
  const open = openAlertCount(health);
  return (
    <section className={`card health-grade tone-${GRADE_TONE[health.grade]}`} data-testid="health-grade" data-grade={health.grade}>
      <div className="health-grade-main">
        <span className="health-grade-label">Health</span>
        <span className="health-grade-value">{health.grade}</span>
        <span className="muted small">
          {open ? `${open} open alert${open === 1 ? '' : 's'}` : 'No open alerts'} · {formatCount(health.runs_analysed)} recent runs analysed · latest run{' '}
          {formatDateTime(health.latest_run_at)}
        </span>
        <ul className="health-grade-reasons" data-testid="grade-reasons">
          {health.grade_reasons.length ? health.grade_reasons.map((r) => <li key={r}>{r}</li>) : <li>Nothing lowers the grade.</li>}
        </ul>
        {health.notes?.length ? (
          <ul className="muted small health-notes" data-testid="health-notes">
            {health.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="health-grade-rule">
        <div className="muted small">Rule (the first that holds)</div>
        <dl>
          {GRADE_RULE_TEXT.map(([g, text]) => (
            <div key={g} className={g === health.grade ? 'current' : ''}>
              <dt>{g}</dt>
              <dd>{text}</dd>
            </div>
          ))}
        </dl>
        <div className="muted small">Resolved episodes and single anomalous runs do not count as alerts here; windows run from the latest run.</div>
      </div>
    </section>
  );
}
