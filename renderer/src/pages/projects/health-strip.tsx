/** Health at a glance on the Projects page: grade and open alerts per project, open alerts first. */
import { useEffect } from 'react';
import type { ProjectSummary } from '../../../../shared/domain';
import { Skeleton } from '../../components/ui';
import { GRADE_TONE, openAlertCount, stripOrder, worstOpenSeverity } from '../../lib/health-format';
import { projectHash } from '../../lib/route';
import { useHealthStore } from '../../store/health-store';

export function HealthStrip({ projects }: { projects: readonly ProjectSummary[] }) {
  const byProject = useHealthStore((s) => s.byProject);
  const ids = projects.map((p) => p.project_id);
  const key = ids.join('\u0000');
  useEffect(() => {
    void useHealthStore.getState().loadMissing(key ? key.split('\u0000') : []);
  }, [key]);
  if (!projects.length) return null;
  const order = stripOrder(ids.map((id) => ({ id, health: byProject[id]?.view?.health ?? null })));
  return (
    <section className="health-strip" aria-label="Project health" data-testid="health-strip">
      {order.map((id) => {
        const entry = byProject[id];
        const h = entry?.view?.health ?? null;
        const open = h ? openAlertCount(h) : 0;
        const worst = h ? worstOpenSeverity(h) : null;
        return (
          <a key={id} className="health-chip" href={projectHash(id, 'health')} data-testid="health-strip-chip" data-project-id={id} data-grade={h?.grade}>
            <span className="mono">{id}</span>
            {h ? (
              <>
                <span className={`grade tone-${GRADE_TONE[h.grade]}`}>{h.grade}</span>
                <span className={worst === 'critical' ? 'tone-bad' : worst === 'warning' ? 'tone-warn' : 'muted'}>
                  {open ? `${open} open alert${open === 1 ? '' : 's'}` : 'no open alerts'}
                </span>
              </>
            ) : entry?.error ? (
              <span className="muted" title={entry.error}>
                health unavailable
              </span>
            ) : (
              <Skeleton width={90} height={12} />
            )}
          </a>
        );
      })}
    </section>
  );
}
