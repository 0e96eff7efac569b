/** Small presentational building blocks shared by every page. */
import { useId, type ReactNode } from 'react';
import type { Confidence, RecommendationCategory } from '../../../shared/domain';
import { formatPct, formatRateWithCi } from '../lib/format';
import { Icon, type IconName } from './icon';

/** A hover/focus tooltip; the trigger is focusable so keyboard users can read it too. */
export function Tip({ tip, children, className }: { tip: ReactNode; children: ReactNode; className?: string }) {
  const id = useId();
  return (
    <span className={`tip ${className ?? ''}`} tabIndex={0} aria-describedby={id}>
      {children}
      <span role="tooltip" id={id} className="tip-bubble">
        {tip}
      </span>
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
