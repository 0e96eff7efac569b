/** Shared chart plumbing: theme colours read from CSS variables, the card frame, the tooltip box. */
import { useEffect, useLayoutEffect, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { ResponsiveContainer } from 'recharts';
import { Skeleton } from '../../components/ui';

export interface ChartColors {
  accent: string;
  accentSoft: string;
  good: string;
  warn: string;
  bad: string;
  grid: string;
  axis: string;
  text: string;
  muted: string;
  series: string[];
}

function readColors(): ChartColors {
  const cs = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  return {
    accent: v('--accent', '#5b6cff'),
    accentSoft: v('--accent-soft', 'rgba(91,108,255,.18)'),
    good: v('--good', '#16a34a'),
    warn: v('--warn', '#d97706'),
    bad: v('--bad', '#dc2626'),
    grid: v('--chart-grid', '#e5e7eb'),
    axis: v('--chart-axis', '#6b7280'),
    text: v('--text', '#111827'),
    muted: v('--text-muted', '#6b7280'),
    series: [v('--series-1', '#5b6cff'), v('--series-2', '#14b8a6'), v('--series-3', '#f59e0b'), v('--series-4', '#ec4899'), v('--series-5', '#8b5cf6'), v('--series-6', '#64748b')],
  };
}

/**
 * SVG attributes cannot use CSS variables portably, so charts get concrete colours and re-read
 * them when the theme changes (the data-theme attribute or the OS preference).
 */
export function useChartColors(): ChartColors {
  const [colors, setColors] = useState(readColors);
  useEffect(() => {
    const update = () => setColors(readColors());
    const mo = new MutationObserver(update);
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    mq.addEventListener('change', update);
    return () => {
      mo.disconnect();
      mq.removeEventListener('change', update);
    };
  }, []);
  return colors;
}

/**
 * Frame of one chart: title, subtitle, fixed-height body. The body is a skeleton until the data
 * is in and, when `deferred`, until the page lets the chart mount, so nothing moves when it draws.
 */
export function ChartCard({
  testId,
  deferred,
  title,
  subtitle,
  loading,
  empty,
  children,
  actions,
  height = 240,
  className,
}: {
  testId: string;
  /** True while the page holds this chart back (progressive mounting, see useStagger). */
  deferred?: boolean;
  title: string;
  subtitle?: ReactNode;
  loading: boolean;
  empty?: string | null;
  children: ReactNode;
  actions?: ReactNode;
  height?: number;
  className?: string;
}) {
  const waiting = loading || (!empty && !!deferred);
  return (
    <section
      className={`card chart-card ${className ?? ''}`}
      data-testid={testId}
      aria-labelledby={`${testId}-title`}
      aria-busy={waiting || undefined}
      data-state={waiting ? 'loading' : empty ? 'empty' : 'ready'}
    >
      <header className="chart-head">
        <div>
          <h2 id={`${testId}-title`}>{title}</h2>
          <div className="chart-sub">{loading ? <Skeleton width={180} height={12} /> : subtitle}</div>
        </div>
        {actions}
      </header>
      <div className="chart-body" style={{ height }}>
        {waiting ? <Skeleton height="100%" className="skeleton-chart" /> : empty ? <div className="chart-empty">{empty}</div> : children}
      </div>
    </section>
  );
}

/**
 * ResponsiveContainer that draws at the right size in its first render. Alone it renders the
 * chart, measures in an effect and renders it again a frame later; measuring our own box in a
 * layout effect first (same task, before paint) saves that pass and that frame on every chart.
 */
export function FitChart({ children }: { children: ReactElement }) {
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  useLayoutEffect(() => {
    const r = box.current?.getBoundingClientRect();
    // A layout read must precede the chart's first render: that is the point of this component.
    if (r) setSize({ width: Math.round(r.width), height: Math.round(r.height) });
  }, []);
  return (
    <div ref={box} className="fit-chart">
      {size ? (
        <ResponsiveContainer width="100%" height="100%" initialDimension={size}>
          {children}
        </ResponsiveContainer>
      ) : null}
    </div>
  );
}

/** The tooltip box recharts renders on hover. */
export function TooltipBox({ title, rows }: { title: ReactNode; rows: Array<[ReactNode, ReactNode]> }) {
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-title">{title}</div>
      {rows.map(([k, v], i) => (
        <div className="chart-tooltip-row" key={i}>
          <span className="muted">{k}</span>
          <span className="num">{v}</span>
        </div>
      ))}
    </div>
  );
}

/**
 * Axis tick style shared by all charts. Y axes also pass interval={0}: their five ticks never
 * collide, and the default collision check measures every label in the DOM on a cold page.
 */
export function axisProps(c: ChartColors) {
  return {
    stroke: c.grid,
    tick: { fill: c.axis, fontSize: 11 },
    tickLine: false,
  } as const;
}
