/**
 * The virtualized runs table: only the rows in view (plus overscan) exist in the DOM, and rows are
 * fetched 200 at a time as they come into view, so 100 000 runs scroll like 100.
 * Keyboard: the rows are one Tab stop (roving tabindex); arrows, Page Up/Down, Home and End move
 * between rows, Enter or Space opens one. The active row is always rendered, even when scrolled
 * out of view, so Tab finds it and focus survives scrolling.
 */
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { RunRow } from '../../../../shared/domain';
import { EmptyState, SortHeader } from '../../components/ui';
import { formatDateTime, formatDuration, formatUsd } from '../../lib/format';
import { navigate, projectHash } from '../../lib/route';
import { rowAt, useRunsStore, type RunSort } from '../../store/runs-store';

const ROW_H = 36;
const OVERSCAN = 15;

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
  const filters = useRunsStore((s) => s.filters);
  const toggleSort = useRunsStore((s) => s.toggleSort);
  const ensureRange = useRunsStore((s) => s.ensureRange);
  const scrollRef = useRef<HTMLDivElement>(null);

  // The row that holds the table's single Tab stop.
  const [active, setActiveState] = useState(0);
  // Read by key handlers: quick presses build on the last move even before focus has followed it.
  const activeRef = useRef(0);
  const setActive = useCallback((i: number) => {
    activeRef.current = i;
    setActiveState(i);
  }, []);
  const count = total ?? 0;
  const activeRow = Math.min(active, Math.max(0, count - 1));
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      return activeRow < count && !indexes.includes(activeRow) ? [...indexes, activeRow].sort((a, b) => a - b) : indexes;
    },
    [activeRow, count],
  );

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virt = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_H,
    overscan: OVERSCAN,
    rangeExtractor,
  });
  const items = virt.getVirtualItems();
  // Rows are fetched for the range in view; the active row kept far from it does not count.
  const range = virt.range;
  const first = range ? Math.max(0, range.startIndex - OVERSCAN) : (items[0]?.index ?? 0);
  const last = range ? Math.min(count - 1, range.endIndex + OVERSCAN) : (items[items.length - 1]?.index ?? 0);

  useEffect(() => {
    if (total) ensureRange(first, last);
  }, [first, last, total, generation, ensureRange]);

  // A new query starts at the top, with the first row active.
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
    setActive(0);
  }, [sort, dir, filters, setActive]);

  // A run opened by link becomes the active row once it is on screen.
  useEffect(() => {
    if (!selectedRunId) return;
    const i = items.find((vi) => rowAt(blocks, vi.index)?.run_id === selectedRunId)?.index;
    if (i != null) setActive(i);
    // Only when the selection changes: later arrow keys must not snap back to it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedRunId]);

  const open = (r: RunRow | undefined) => {
    if (r) navigate(projectHash(projectId, 'runs', r.run_id));
  };

  const moveTo = (next: number) => {
    const target = Math.max(0, Math.min(count - 1, next));
    setActive(target);
    virt.scrollToIndex(target, { align: 'auto' });
    // After React has rendered the row (the range extractor keeps the active row in the DOM);
    // the latest move wins when several are pending.
    requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[data-index="${activeRef.current}"]`)?.focus({ preventScroll: true }));
  };

  const onRowKey = (e: KeyboardEvent, r: RunRow | undefined) => {
    const index = activeRef.current;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_H * 10) / ROW_H) - 1);
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, PageDown: index + page, PageUp: index - page, Home: 0, End: count - 1 };
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open(rowAt(blocks, index) ?? r);
    } else if (e.key in moves) {
      e.preventDefault();
      moveTo(moves[e.key]);
    }
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
                  tabIndex={vi.index === activeRow ? 0 : -1}
                  style={{ height: ROW_H, transform: `translateY(${vi.start}px)` }}
                  onClick={() => {
                    setActive(vi.index);
                    open(r);
                  }}
                  onFocus={() => setActive(vi.index)}
                  onKeyDown={(e) => onRowKey(e, r)}
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
