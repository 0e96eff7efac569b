/** Health at a glance on the Projects page: grade and open alerts per project, open alerts first. */
import { useEffect } from 'react';
import type { ProjectSummary } from '../../../../shared/domain';
import type { ProjectHealth } from '../../../../shared/health';
import { Skeleton } from '../../components/ui';
import { GRADE_TONE, openAlertCount, worstOpenSeverity } from '../../lib/health-format';
import { projectHash } from '../../lib/route';
import { useHealthStore } from '../../store/health-store';

const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const;
const GRADE_RANK = { poor: 0, fair: 1, good: 2, excellent: 3 } as const;

/** Open alerts first (worst severity, then most), then the worse grade, then the name. */
export function stripOrder(list: ReadonlyArray<{ id: string; health: ProjectHealth | null }>): string[] {
  const key = (h: ProjectHealth | null) => {
    if (!h) return [4, 0, 4];
    const worst = worstOpenSeverity(h);
    return [worst ? SEVERITY_RANK[worst] : 3, -openAlertCount(h), GRADE_RANK[h.grade]];
  };
  return [...list]
    .sort((a, b) => {
      const ka = key(a.health);
      const kb = key(b.health);
      for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
      return a.id < b.id ? -1 : 1;
    })
    .map((x) => x.id);
}

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
