/** Records that were rejected at ingest, with where they are and why. */
import { useEffect } from 'react';
import { api, errorMessage } from '../api/client';
import { Icon } from '../components/icon';
import { EmptyState, PageHeader, Skeleton, SkeletonRows, Tip } from '../components/ui';
import { formatCount, formatDateTime } from '../lib/format';
import { useAppStore } from '../store/app-store';
import { useQuarantineStore } from '../store/quarantine-store';
import { toast } from '../store/toast-store';

async function copy(text: string) {
  try {
    await navigator.clipboard.writeText(text);
    toast.success('Path copied', { detail: text });
  } catch {
    toast.error('Could not copy to the clipboard', { detail: text });
  }
}

async function reveal(path: string) {
  try {
    const res = await api.revealPath({ path });
    if (!res.supported) await copy(path);
  } catch (err) {
    toast.error(errorMessage(err));
  }
}

export default function QuarantinePage() {
  const items = useQuarantineStore((s) => s.items);
  const total = useQuarantineStore((s) => s.total);
  const error = useQuarantineStore((s) => s.error);
  const loadingMore = useQuarantineStore((s) => s.loadingMore);
  const load = useQuarantineStore((s) => s.load);
  const loadMore = useQuarantineStore((s) => s.loadMore);
  const canReveal = useAppStore((s) => !!s.status?.capabilities.reveal_path);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="page" data-testid="quarantine-page" data-state={items ? 'ready' : 'loading'}>
      <PageHeader
        title="Quarantine"
        subtitle={
          items ? (
            <>
              {formatCount(total)} rejected record{total === 1 ? '' : 's'}. They are left out of every statistic; fix the file and RunBrain re-reads it
              automatically.
            </>
          ) : (
            <Skeleton width={320} height={14} />
          )
        }
      />
      {error ? (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="table-card">
        <table className="data-table quarantine-table">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col" className="right">
                Line
              </th>
              <th scope="col">Field</th>
              <th scope="col">Reason</th>
              <th scope="col">Excerpt</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items == null && !error ? <SkeletonRows rows={4} cols={6} wideCol={4} wideWidth={200} /> : null}
            {items?.map((q) => {
              // The folder matters: many projects name their files runs.jsonl.
              const name = q.file.split(/[\\/]/).slice(-2).join('/');
              return (
                <tr key={q.id} data-testid="quarantine-row">
                  <td>
                    <Tip tip={`${q.file} · found ${formatDateTime(q.at)}`}>
                      <span className="mono">{name}</span>
                    </Tip>
                  </td>
                  <td className="right num">{q.line ?? '–'}</td>
                  <td className="mono">{q.field ?? '–'}</td>
                  <td className="reason">{q.reason}</td>
                  <td>
                    <code className="excerpt" title={q.excerpt}>
                      {q.excerpt}
                    </code>
                  </td>
                  <td className="right nowrap">
                    {canReveal ? (
                      <button type="button" className="btn btn-small" onClick={() => void reveal(q.file)} data-testid="quarantine-reveal">
                        <Icon name="external" /> Open file location
                      </button>
                    ) : (
                      <button type="button" className="btn btn-small" onClick={() => void copy(q.file)} data-testid="quarantine-copy">
                        <Icon name="copy" /> Copy path
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {items && items.length === 0 ? (
          <EmptyState icon="check" title="Nothing in quarantine">
            Every record read so far was valid.
          </EmptyState>
        ) : null}
        {items && items.length < total ? (
          <div className="table-foot">
            <button type="button" className="btn" onClick={() => void loadMore()} disabled={loadingMore}>
              {loadingMore ? 'Loading…' : `Show more (${formatCount(total - items.length)} left)`}
            </button>
          </div>
        ) : null}
      </div>
    </div>
  );
}
