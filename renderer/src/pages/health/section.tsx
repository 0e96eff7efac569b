/** The frame of one Health section: title, subtitle, and the reason when it is empty. */
import type { ReactNode } from 'react';

export function HealthSection({ testId, title, subtitle, empty, children }: { testId: string; title: string; subtitle?: ReactNode; empty?: string | null; children?: ReactNode }) {
  return (
    <section className="card health-section" data-testid={testId} data-state={empty ? 'empty' : 'ready'} aria-labelledby={`${testId}-title`}>
      <header className="health-section-head">
        <h2 id={`${testId}-title`}>{title}</h2>
        {subtitle ? <div className="muted small">{subtitle}</div> : null}
      </header>
      {empty ? (
        <p className="muted health-empty" data-testid="section-empty">
          {empty}
        </p>
      ) : (
        children
      )}
    </section>
  );
}
