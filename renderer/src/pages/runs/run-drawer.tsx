/** Detail of one run: overview, steps, gates, errors, decisions, events, extra fields, raw JSON. */
import { useEffect, useState, type ReactNode } from 'react';
import type { RunDetail } from '../../../../shared/domain';
import { api, errorMessage } from '../../api/client';
import { Dialog } from '../../components/dialog';
import { EmptyState, Skeleton } from '../../components/ui';
import { formatCount, formatDateTime, formatDuration, formatUsd, DASH } from '../../lib/format';
import { LabelBadge } from '../learning/label-badge';
import { percent, RunOverview, yesNo } from './run-overview';

type Tab = 'overview' | 'steps' | 'gates' | 'errors' | 'decisions' | 'events' | 'extra' | 'raw';

function Table({ head, rows, empty }: { head: string[]; rows: ReactNode[][]; empty: string }) {
  if (rows.length === 0) return <p className="muted pad">{empty}</p>;
  return (
    <div className="scroll-x">
      <table className="data-table compact">
        <thead>
          <tr>
            {head.map((h) => (
              <th scope="col" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) => (
                <td key={j}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RunDrawer({ projectId, runId, onClose }: { projectId: string; runId: string; onClose: () => void }) {
  const [detail, setDetail] = useState<RunDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('overview');

  useEffect(() => {
    let live = true;
    api.getRun({ project_id: projectId, run_id: runId }).then(
      (d) => {
        if (!live) return;
        setDetail(d);
        setError(null);
      },
      (err) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [projectId, runId]);

  const r = detail?.record;
  const current = detail && detail.record.run_id === runId ? detail : null;
  const tabs: Array<{ id: Tab; label: string; count?: number }> = [
    { id: 'overview', label: 'Overview' },
    { id: 'steps', label: 'Steps', count: r?.steps?.length ?? 0 },
    { id: 'gates', label: 'Gates', count: r?.gates?.length ?? 0 },
    { id: 'errors', label: 'Errors', count: r?.errors?.length ?? 0 },
    { id: 'decisions', label: 'Decisions', count: r?.decisions?.length ?? 0 },
    { id: 'events', label: 'Events', count: detail?.events.length ?? 0 },
    { id: 'extra', label: 'Extra fields', count: Object.keys(r?.extra ?? {}).length },
    { id: 'raw', label: 'Raw JSON' },
  ];

  let body: ReactNode = null;
  if (current && r) {
    switch (tab) {
      case 'overview':
        body = <RunOverview d={current} />;
        break;
      case 'steps':
        body = (
          <Table
            head={['Agent', 'Task', 'Model', 'Duration', 'OK', 'Retries', 'Tokens', 'Cost', 'Confidence', 'Error']}
            empty="No steps recorded."
            rows={(r.steps ?? []).map((s) => [
              s.agent ?? DASH,
              s.task_type ?? DASH,
              <span className="mono">{s.model ?? DASH}</span>,
              <span className="num">{formatDuration(s.duration_s)}</span>,
              <span className={s.success === false ? 'tone-bad' : ''}>{yesNo(s.success)}</span>,
              <span className="num">{s.retries ?? DASH}</span>,
              <span className="num">{formatCount(s.tokens)}</span>,
              <span className="num">{formatUsd(s.cost_usd)}</span>,
              <span className="num">{percent(s.confidence)}</span>,
              s.error ? `${s.error.type ?? 'error'}: ${s.error.message ?? ''}${s.recovery ? ` (recovery ${s.recovery.strategy ?? ''}: ${yesNo(s.recovery.success)})` : ''}` : DASH,
            ])}
          />
        );
        break;
      case 'gates':
        body = (
          <Table
            head={['Gate', 'Stage', 'Agent', 'Result', 'Label', 'Reason', 'Retry', 'Auto-fix', 'Fixed', 'Human override', 'Escalated', 'Human resolved']}
            empty="No gates recorded."
            rows={(r.gates ?? []).map((g, i) => [
              <span className="mono">{g.gate_id}</span>,
              g.stage ?? DASH,
              g.agent ?? DASH,
              <span className={`qa qa-${g.result === 'pass' ? 'passed' : g.result === 'fail' ? 'failed' : 'warning'}`}>{g.result ?? DASH}</span>,
              <LabelBadge label={current.labels?.gates[i]} />,
              g.reason ?? DASH,
              g.retry_attempt ?? DASH,
              g.auto_fix_strategy ?? DASH,
              yesNo(g.auto_fix_success),
              yesNo(g.human_override),
              yesNo(g.escalated),
              yesNo(g.human_resolved),
            ])}
          />
        );
        break;
      case 'errors':
        body = <Table head={['Type', 'Agent', 'Message']} empty="No errors recorded." rows={(r.errors ?? []).map((e) => [<span className="mono">{e.type ?? DASH}</span>, e.agent ?? DASH, e.message ?? DASH])} />;
        break;
      case 'decisions':
        body = (
          <Table
            head={['Decision', 'Agent', 'Options', 'Agent recommended', 'Human decided', 'Aligned', 'Agent confidence', 'Label']}
            empty="No decisions recorded."
            rows={(r.decisions ?? []).map((d, i) => [
              d.decision_type ?? DASH,
              d.agent ?? DASH,
              d.options?.length ? d.options.join(' · ') : DASH,
              d.agent_recommendation ?? DASH,
              d.human_decision ?? DASH,
              yesNo(d.aligned),
              percent(d.agent_confidence),
              <LabelBadge label={current.labels?.decisions[i]} />,
            ])}
          />
        );
        break;
      case 'events':
        body = (
          <Table
            head={['At', 'Type', 'Source', 'Data']}
            empty="No events for this run."
            rows={current.events.map((e) => [
              <span className="num">{formatDateTime(e.at)}</span>,
              <span className="mono">{e.type}</span>,
              <span className="mono small">
                {e.file.split(/[\\/]/).pop()}:{e.line}
              </span>,
              <code className="small break">{JSON.stringify(e.data)}</code>,
            ])}
          />
        );
        break;
      case 'extra':
        body = (
          <Table
            head={['Field', 'Value']}
            empty="No extra fields: every field of this record is one RunBrain knows."
            rows={Object.entries(r.extra ?? {}).map(([k, v]) => [<span className="mono">{k}</span>, <code className="break">{JSON.stringify(v)}</code>])}
          />
        );
        break;
      case 'raw':
        body = current.raw_note ? (
          <p className="muted" data-testid="run-raw-note">{current.raw_note}</p>
        ) : (
          <pre className="raw-json" tabIndex={0} aria-label="Raw JSON of the record" data-testid="run-raw-json">
            {JSON.stringify(current.raw, null, 2)}
          </pre>
        );
        break;
    }
  }

  return (
    <Dialog open onClose={onClose} variant="drawer" testId="run-drawer" title={<span className="mono">{runId}</span>}>
      {error ? (
        <EmptyState icon="alert" title="Could not load this run" tone="error">
          {error}
        </EmptyState>
      ) : (
        <>
          <div className="tabs" role="tablist" aria-label="Run details">
            {tabs.map((t) => (
              <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} className={tab === t.id ? 'active' : ''} onClick={() => setTab(t.id)} data-testid={`run-tab-${t.id}`}>
                {t.label}
                {t.count ? <span className="tab-count">{t.count}</span> : null}
              </button>
            ))}
          </div>
          <div className="tab-panel" role="tabpanel">
            {current ? (
              body
            ) : (
              <div className="stack">
                <Skeleton height={16} />
                <Skeleton height={16} width="80%" />
                <Skeleton height={16} width="60%" />
              </div>
            )}
          </div>
        </>
      )}
    </Dialog>
  );
}
