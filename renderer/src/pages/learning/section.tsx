/** A titled card of the Learning page; an empty section says why instead of showing nothing. */
import { useId, type ReactNode } from 'react';

export function LearningSection({ id, title, subtitle, empty, children }: { id: string; title: string; subtitle?: ReactNode; empty?: string | null; children?: ReactNode }) {
  const headingId = useId();
  return (
    <section className="card learn-section" data-testid={`learn-${id}`} aria-labelledby={headingId}>
      <div className="section-head">
        <div>
          <h2 id={headingId}>{title}</h2>
          {subtitle ? <p className="muted small">{subtitle}</p> : null}
        </div>
      </div>
      {empty ? (
        <p className="muted learn-empty" data-testid="learn-empty">
          {empty}
        </p>
      ) : (
        children
      )}
    </section>
  );
}

/** A plain table: header cells and rows of cells (numbers right-aligned by the caller). */
export function SimpleTable({ caption, head, rows, rowClass }: { caption: string; head: ReactNode[]; rows: ReactNode[][]; rowClass?: (i: number) => string }) {
  return (
    <div className="scroll-x">
      <table className="data-table compact">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {head.map((h, i) => (
              <th scope="col" key={i}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} className={rowClass?.(i)}>
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
