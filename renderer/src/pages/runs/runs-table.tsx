/**
 * The virtualized runs table: only the rows in view (plus overscan) exist in the DOM, and rows are
 * fetched 200 at a time as they come into view, so 100 000 runs scroll like 100.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { RunRow } from '../../../../shared/domain';
import { EmptyState, SortHeader } from '../../components/ui';
import { formatDateTime, formatDuration, formatUsd } from '../../lib/format';
import { navigate, projectHash } from '../../lib/route';
import { rowAt, useRunsStore, type RunSort } from '../../store/runs-store';

const ROW_H = 36;

function QaCell({ q }: { q: RunRow['qa_status'] }) {
  if (!q) return <span className="muted">–</span>;
  return <span className={`qa qa-${q}`}>{q}</span>;
}

function Row({ r }: { r: RunRow | undefined }) {
  if (!r) {
    return (
      <>
        {Array.from({ length: 10 }, (_, i) => (
          <div className="td" role="cell" key={i}>
            <span className="skeleton" style={{ width: i === 1 ? 120 : 48, height: 10 }} />
          </div>
        ))}
      </>
    );
  }
  return (
    <>
      <div className="td num" role="cell">
        {formatDateTime(r.started_at)}
      </div>
      <div className="td mono truncate" role="cell" title={r.run_id}>
        {r.run_id}
      </div>
      <div className="td truncate" role="cell">
        {r.mode ?? '–'}
      </div>
      <div className="td truncate" role="cell" title={r.prompt_strategy ?? undefined}>
        {r.prompt_strategy ?? '–'}
      </div>
      <div className="td truncate" role="cell" title={r.model ?? undefined}>
        {r.model ?? '–'}
      </div>
      <div className="td right num" role="cell">
        <span>
          {r.rounds_completed ?? '–'}
          {r.max_rounds != null ? <span className="muted">/{r.max_rounds}</span> : null}
        </span>
      </div>
      <div className="td right num" role="cell">
        {formatUsd(r.total_cost_usd)}
      </div>
      <div className="td right num" role="cell">
        {formatDuration(r.duration_s)}
      </div>
      <div className="td" role="cell">
        <QaCell q={r.qa_status} />
      </div>
      <div className="td" role="cell">
        <span className={`status status-${r.status ?? 'unknown'}`}>{r.status ?? '–'}</span>
      </div>
    </>
  );
}

const COLS: Array<{ col?: RunSort; label: string; right?: boolean }> = [
  { col: 'started_at', label: 'Started' },
  { label: 'Run ID' },
  { col: 'mode', label: 'Mode' },
  { col: 'prompt_strategy', label: 'Strategy' },
  { col: 'model', label: 'Model' },
  { col: 'rounds_completed', label: 'Rounds', right: true },
  { col: 'total_cost_usd', label: 'Cost', right: true },
  { col: 'duration_s', label: 'Duration', right: true },
  { col: 'qa_status', label: 'QA' },
  { col: 'status', label: 'Status' },
];

export function RunsTable({ projectId, selectedRunId }: { projectId: string; selectedRunId: string | null }) {
  const total = useRunsStore((s) => s.total);
  const blocks = useRunsStore((s) => s.blocks);
  const sort = useRunsStore((s) => s.sort);
  const dir = useRunsStore((s) => s.dir);
  const error = useRunsStore((s) => s.error);
  const generation = useRunsStore((s) => s.generation);
  const toggleSort = useRunsStore((s) => s.toggleSort);
  const ensureRange = useRunsStore((s) => s.ensureRange);
  const scrollRef = useRef<HTMLDivElement>(null);

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virt = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_H,
    overscan: 15,
  });
  const items = virt.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (total) ensureRange(first, last);
  }, [first, last, total, generation, ensureRange]);

  // A new query starts at the top.
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [sort, dir]);

  const open = (r: RunRow | undefined) => {
    if (r) navigate(projectHash(projectId, 'runs', r.run_id));
  };

  return (
    <div className="runs-table" role="table" aria-label="Runs" aria-rowcount={(total ?? 0) + 1}>
      <div className="tr thead runs-grid" role="row" aria-rowindex={1}>
        {COLS.map((c) =>
          c.col ? (
            <SortHeader key={c.label} col={c.col} label={c.label} sort={sort} dir={dir} onSort={toggleSort} align={c.right ? 'right' : 'left'} />
          ) : (
            <div key={c.label} className="th" role="columnheader">
              {c.label}
            </div>
          ),
        )}
      </div>
      <div className="runs-scroller" ref={scrollRef} data-testid="runs-scroller" role="rowgroup" tabIndex={-1}>
        {error ? (
          <EmptyState icon="alert" title="Could not load runs" tone="error">
            {error}
          </EmptyState>
        ) : total === 0 ? (
          <EmptyState icon="runs" title="No runs match these filters" />
        ) : total == null ? (
          <div className="runs-loading">
            {Array.from({ length: 12 }, (_, i) => (
              <div className="tr runs-grid" key={i} style={{ height: ROW_H }}>
                <Row r={undefined} />
              </div>
            ))}
          </div>
        ) : (
          <div className="runs-spacer" style={{ height: virt.getTotalSize() }}>
            {items.map((vi) => {
              const r = rowAt(blocks, vi.index);
              const selected = !!r && r.run_id === selectedRunId;
              return (
                <div
                  key={vi.key}
                  className={`tr runs-grid run-row ${r ? '' : 'loading'} ${selected ? 'selected' : ''} ${vi.index % 2 ? 'odd' : ''}`}
                  role="row"
                  aria-rowindex={vi.index + 2}
                  aria-selected={selected}
                  data-testid="run-row"
                  data-index={vi.index}
                  data-run-id={r?.run_id}
                  tabIndex={r ? 0 : -1}
                  style={{ height: ROW_H, transform: `translateY(${vi.start}px)` }}
                  onClick={() => open(r)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      open(r);
                    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                      e.preventDefault();
                      const next = vi.index + (e.key === 'ArrowDown' ? 1 : -1);
                      if (next < 0 || next >= (total ?? 0)) return;
                      virt.scrollToIndex(next);
                      requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus());
                    }
                  }}
                >
                  <Row r={r} />
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
