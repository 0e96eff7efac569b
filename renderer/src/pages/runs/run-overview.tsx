/** The overview tab of the run drawer: the record's fields, and the warnings it was read with. */
import type { ReactNode } from 'react';
import type { RunDetail } from '../../../../shared/domain';
import { formatCount, formatDateTime, formatDuration, formatUsd, DASH } from '../../lib/format';
import { LabelBadge } from '../learning/label-badge';

/** yes / no / a dash when not recorded. */
export function yesNo(v: boolean | null | undefined): string {
  return v == null ? DASH : v ? 'yes' : 'no';
}

/** A 0–1 confidence as a whole percent. */
export function percent(v: number | null | undefined): string {
  return v == null ? DASH : `${Math.round(v * 100)}%`;
}

/** The record's fields; warnings RunBrain kept with the run come first. */
export function RunOverview({ d }: { d: RunDetail }) {
  const r = d.record;
  const items: Array<[string, ReactNode]> = [
    ['Run ID', <span className="mono">{r.run_id}</span>],
    ['Started', formatDateTime(r.started_at)],
    ['Ended', formatDateTime(r.ended_at)],
    ['Duration', formatDuration(r.duration_s)],
    ['Mode', r.mode ?? DASH],
    ['Prompt strategy', r.prompt_strategy ?? DASH],
    ['Prompt version', r.prompt_version ?? DASH],
    ['Model', r.model ?? DASH],
    ['Recipe', r.recipe ?? DASH],
    ['Task', r.task_id != null ? <span className="mono">{r.task_id}</span> : DASH],
    ['Stop reason', r.stop_reason ?? DASH],
    ['Rounds', `${r.rounds_completed ?? DASH} of ${r.max_rounds ?? DASH}`],
    ['Cost', `${formatUsd(r.total_cost_usd)}${r.max_cost_usd != null ? ` (limit ${formatUsd(r.max_cost_usd)})` : ''}`],
    ['Tokens in / out', `${formatCount(r.tokens_in)} / ${formatCount(r.tokens_out)}`],
    ['QA status', r.qa_status ?? DASH],
    ['Status', r.status ?? DASH],
    ['Tests', r.tests ? `${formatCount(r.tests.passed)} passed, ${formatCount(r.tests.failed)} failed${r.tests.coverage_percent != null ? `, ${r.tests.coverage_percent}% coverage` : ''}` : DASH],
    ['Security findings', r.security ? `${r.security.critical ?? DASH} critical, ${r.security.major ?? DASH} major, ${r.security.minor ?? DASH} minor` : DASH],
    ['Within SLO', yesNo(r.performance?.within_slo)],
    ['Rework cycles', r.rework ?? DASH],
    [
      'Output quality (auto-label)',
      d.labels?.output_quality ? (
        <span data-testid="run-quality-label">
          <LabelBadge label={d.labels.output_quality} /> <span className="num muted">score {d.labels.quality_score?.toFixed(1)}</span>
        </span>
      ) : (
        <span className="muted">not labelled: needs coverage, security, performance and rework</span>
      ),
    ],
    ['Auto-tuned', r.auto_tuned ? `yes (${(r.tuned_fields ?? []).join(', ') || 'fields not listed'})` : yesNo(r.auto_tuned)],
    [
      'Feedback',
      r.feedback
        ? Object.entries(r.feedback)
            .map(([k, v]) => `${k.replace(/_/g, ' ')}: ${String(v)}`)
            .join(' · ')
        : DASH,
    ],
    [
      'Source',
      <span className="mono break">
        {d.row.file}:{d.line}
      </span>,
    ],
  ];
  const warnings = r.ingest_warnings ?? [];
  return (
    <>
      {warnings.length > 0 && (
        <div className="pad" data-testid="run-ingest-warnings">
          <p className="tone-warn">Read with {warnings.length === 1 ? 'a warning' : `${warnings.length} warnings`}:</p>
          <ul>
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      <dl className="kv kv-grid">
        {items.map(([k, v]) => (
          <div key={k} className="kv-item">
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

