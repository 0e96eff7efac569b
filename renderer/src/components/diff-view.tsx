/** A unified diff with coloured additions/removals and old/new line numbers. */
import { useMemo } from 'react';
import { diffStats, parseUnifiedDiff } from '../lib/diff-lines';

export function DiffView({ diff, testId = 'diff-preview' }: { diff: string; testId?: string }) {
  const lines = useMemo(() => parseUnifiedDiff(diff), [diff]);
  const stats = diffStats(lines);
  return (
    <div className="diff" data-testid={testId}>
      <div className="diff-stats">
        <span className="diff-added">+{stats.added}</span> <span className="diff-removed">−{stats.removed}</span>
        <span className="muted"> lines</span>
      </div>
      <pre className="diff-body" tabIndex={0} aria-label="Unified diff of the config file">
        {lines
          .filter((l) => l.kind !== 'meta')
          .map((l, i) => (
            <div key={i} className={`diff-line diff-${l.kind}`}>
              <span className="diff-no" aria-hidden="true">
                {l.oldNo ?? ''}
              </span>
              <span className="diff-no" aria-hidden="true">
                {l.newNo ?? ''}
              </span>
              <code>{l.text || ' '}</code>
            </div>
          ))}
      </pre>
    </div>
  );
}
