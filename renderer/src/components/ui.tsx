/** Small presentational building blocks shared by every page. */
import { useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import type { Confidence, RecommendationCategory } from '../../../shared/domain';
import { formatPct, formatRateWithCi } from '../lib/format';
import { Icon, type IconName } from './icon';

/** Where a tooltip bubble goes: centred above its trigger (below when there is no room), kept inside the viewport. */
export function placeTip(trigger: { left: number; top: number; bottom: number; width: number }, bubble: { width: number; height: number }, viewport: { width: number; height: number }, gap = 8): { left: number; top: number } {
  const margin = 8;
  const left = Math.max(margin, Math.min(trigger.left + trigger.width / 2 - bubble.width / 2, viewport.width - bubble.width - margin));
  const above = trigger.top - gap - bubble.height;
  const top = above >= margin ? above : Math.min(trigger.bottom + gap, viewport.height - bubble.height - margin);
  return { left, top };
}

/**
 * A hover/focus tooltip; the trigger is focusable so keyboard users can read it too. The bubble
 * is drawn in a layer over the page (a portal), so a card's `overflow: hidden` cannot cut it off.
 */
export function Tip({ tip, children, className }: { tip: ReactNode; children: ReactNode; className?: string }) {
  const id = useId();
  const trigger = useRef<HTMLSpanElement>(null);
  const bubble = useRef<HTMLSpanElement>(null);
  // Where the open bubble is drawn: the page, or the open <dialog> (the top layer covers the page).
  const [host, setHost] = useState<HTMLElement | null>(null);
  const show = (el: HTMLElement) => setHost(el.closest('dialog') ?? document.body);
  const hide = () => setHost(null);
  // Placed before paint, once its size is known: measure, then move the bubble there.
  useLayoutEffect(() => {
    const t = trigger.current?.getBoundingClientRect();
    const b = bubble.current;
    if (!host || !t || !b) return;
    const at = placeTip(t, b.getBoundingClientRect(), { width: window.innerWidth, height: window.innerHeight });
    Object.assign(b.style, { left: `${at.left}px`, top: `${at.top}px`, visibility: 'visible' });
  }, [host]);
  return (
    <span
      ref={trigger}
      className={`tip ${className ?? ''}`}
      tabIndex={0}
      aria-describedby={id}
      onMouseEnter={(e) => show(e.currentTarget)}
      onMouseLeave={hide}
      onFocus={(e) => show(e.currentTarget)}
      onBlur={hide}
      onKeyDown={(e) => {
        if (e.key === 'Escape') hide();
      }}
    >
      {children}
      {/* What assistive technology reads; the drawn bubble below is only for the eye. */}
      <span id={id} className="sr-only">
        {tip}
      </span>
      {host
        ? createPortal(
            <span role="tooltip" aria-hidden="true" ref={bubble} className="tip-bubble" data-testid="tip-bubble" style={{ left: 0, top: 0, visibility: 'hidden' }}>
              {tip}
            </span>,
            host,
          )
        : null}
    </span>
  );
}

/** A rate with its Wilson interval on hover: "72%" → "72% (65–78%, 95% Wilson interval, n=143)". */
export function RateText({ rate, ci, n, inline = false }: { rate: number | null; ci: readonly [number, number] | null; n: number; inline?: boolean }) {
  const full = formatRateWithCi(rate, ci, n);
  if (inline) return <span className="num">{full}</span>;
  return (
    <Tip tip={full}>
      <span className="num">{formatPct(rate)}</span>
    </Tip>
  );
}

/** Colour class of a QA pass rate: the seed colour-codes it. */
export function rateTone(rate: number | null | undefined): 'good' | 'warn' | 'bad' | 'muted' {
  if (rate == null) return 'muted';
  if (rate >= 0.8) return 'good';
  if (rate >= 0.6) return 'warn';
  return 'bad';
}

const CONF_TONE: Record<Confidence, string> = { high: 'good', medium: 'warn', low: 'muted' };

/** Green/yellow/grey confidence badge. */
export function ConfidenceBadge({ confidence }: { confidence: Confidence }) {
  return (
    <span className={`badge badge-${CONF_TONE[confidence]}`} data-testid="confidence-badge" data-confidence={confidence}>
      {confidence} confidence
    </span>
  );
}

const CATEGORY_TEXT: Record<RecommendationCategory, string> = {
  mode: 'mode', rounds: 'rounds', cost: 'cost', strategy: 'strategy', model: 'model', prompt_version: 'prompt version', recipe: 'recipe',
};

/** The recommendation's area: mode / rounds / cost / strategy / model / prompt version / recipe. */
export function CategoryBadge({ category }: { category: RecommendationCategory }) {
  return (
    <span className="badge badge-category" data-testid="category-badge">
      {CATEGORY_TEXT[category] ?? category}
    </span>
  );
}

/** A grey placeholder block of fixed size, shown while data loads (nothing jumps when it arrives). */
export function Skeleton({ width = '100%', height = 16, className }: { width?: number | string; height?: number | string; className?: string }) {
  return <span className={`skeleton ${className ?? ''}`} style={{ width, height }} aria-hidden="true" />;
}

/** Placeholder rows of a <table> while its data loads, sized like the real rows so nothing jumps. */
export function SkeletonRows({ rows, cols, wideCol, wideWidth }: { rows: number; cols: number; wideCol: number; wideWidth: number }) {
  return (
    <>
      {Array.from({ length: rows }, (_, i) => (
        <tr key={i}>
          {Array.from({ length: cols }, (_, j) => (
            <td key={j}>
              <Skeleton height={14} width={j === wideCol ? wideWidth : 75} />
            </td>
          ))}
        </tr>
      ))}
    </>
  );
}

/** A centred message for empty lists and errors. */
export function EmptyState({ icon = 'info', title, children, tone }: { icon?: IconName; title: string; children?: ReactNode; tone?: 'error' }) {
  return (
    <div className={`empty ${tone === 'error' ? 'empty-error' : ''}`} role={tone === 'error' ? 'alert' : undefined}>
      <Icon name={icon} size={28} />
      <div className="empty-title">{title}</div>
      {children ? <div className="empty-body">{children}</div> : null}
    </div>
  );
}

/** An accessible on/off switch (role="switch"). */
export function Switch({
  checked,
  onChange,
  label,
  disabled,
  testId,
  describedBy,
}: {
  checked: boolean;
  onChange: (v: boolean) => void;
  label: string;
  disabled?: boolean;
  testId?: string;
  describedBy?: string;
}) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      aria-describedby={describedBy}
      className={`switch ${checked ? 'on' : ''}`}
      disabled={disabled}
      data-testid={testId}
      onClick={() => onChange(!checked)}
    >
      <span className="switch-thumb" />
    </button>
  );
}

/** Title row of a page with optional actions on the right. */
export function PageHeader({ title, subtitle, actions }: { title: ReactNode; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div className="page-header-text">
        <h1>{title}</h1>
        {subtitle ? <div className="page-subtitle">{subtitle}</div> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}

/** A sortable table header cell with aria-sort. */
export function SortHeader<K extends string>({
  col,
  label,
  sort,
  dir,
  onSort,
  align = 'left',
  role,
}: {
  col: K;
  label: string;
  sort: K;
  dir: 'asc' | 'desc';
  onSort: (c: K) => void;
  align?: 'left' | 'right';
  role?: string;
}) {
  const active = sort === col;
  return (
    <div
      role={role ?? 'columnheader'}
      aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}
      className={`th ${align === 'right' ? 'right' : ''}`}
    >
      <button type="button" className={`sort-btn ${active ? 'active' : ''}`} onClick={() => onSort(col)}>
        {label}
        <span className="sort-arrow" aria-hidden="true">
          {active ? (dir === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </div>
  );
}
