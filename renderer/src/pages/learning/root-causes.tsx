/** Pattern 1: gates failing more than 10 % of their checks, with their top failure reasons. */
import type { GateRootCause } from '../../../../shared/learning';
import { RateText, Tip } from '../../components/ui';
import { formatCount, formatPct } from '../../lib/format';
import { LearningSection, SimpleTable } from './section';

export function RootCauses({ rows, gatesLogged }: { rows: GateRootCause[]; gatesLogged: boolean }) {
  const empty = !gatesLogged ? 'The runs log no gate results, so there is no failure to trace.' : rows.length === 0 ? 'No gate fails more than 10 % of its checks.' : null;
  return (
    <LearningSection id="root-causes" title="Gate-failure root causes" subtitle="Gates failing over 10 % of checks; reasons grouped by the health miner's templates." empty={empty}>
      <SimpleTable
        caption="Gate-failure root causes"
        head={['Gate', 'Agent', 'Checks', 'Failure rate (95% CI)', 'Top reasons (count, share of failures)']}
        rows={rows.map((g) => [
          <span className="mono">{g.gate_id}</span>,
          g.agent ?? '–',
          <span className="num">{formatCount(g.checks)}</span>,
          <RateText rate={g.failure_rate} ci={g.failure_ci95} n={g.checks} inline />,
          <ul className="learn-reasons">
            {g.reasons.map((r) => (
              <li key={r.template}>
                <Tip tip={r.examples.length ? `e.g. ${r.examples.join(' · ')}` : 'no example kept'}>
                  <span className="mono small">{r.template}</span>
                </Tip>{' '}
                <span className="num small">
                  {formatCount(r.count)} · {formatPct(r.share)}
                </span>
              </li>
            ))}
            {g.other_failures ? <li className="muted small">{formatCount(g.other_failures)} other failures</li> : null}
          </ul>,
        ])}
      />
    </LearningSection>
  );
}
