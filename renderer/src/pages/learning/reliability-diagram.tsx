/** Pattern 7: confidence calibration per agent — reliability diagrams, ECE and Brier score. */
import type { CalibrationRow } from '../../../../shared/learning';
import { formatCount, formatPct, formatPctInterval } from '../../lib/format';
import { labelText, formatScore } from './learning-text';
import { LearningSection } from './section';

const S = 200;
const P = 28;

/** Stated (x) vs actual (y) per bucket; the diagonal is perfect calibration; whiskers are 95% Wilson. */
export function ReliabilityDiagram({ row }: { row: CalibrationRow }) {
  // Rounded to 0.01 px: exact enough, and the markup stays readable.
  const sc = (v: number) => Math.round((P + (S - 2 * P) * v) * 100) / 100;
  const sy = (v: number) => Math.round((S - P - (S - 2 * P) * v) * 100) / 100;
  const maxN = Math.max(1, ...row.buckets.map((b) => b.n));
  return (
    <svg viewBox={`0 0 ${S} ${S}`} className="learn-reliability" role="img" aria-label={`Reliability diagram of ${row.agent} (${row.source}s)`} data-testid="reliability-diagram">
      <rect x={P} y={P} width={S - 2 * P} height={S - 2 * P} className="learn-frame" />
      <line x1={sc(0)} y1={sy(0)} x2={sc(1)} y2={sy(1)} className="learn-diagonal" />
      {[0, 0.5, 1].map((t) => (
        <g key={t}>
          <text x={sc(t)} y={S - P + 14} textAnchor="middle" className="learn-axis">
            {t}
          </text>
          <text x={P - 5} y={sy(t) + 4} textAnchor="end" className="learn-axis">
            {t}
          </text>
        </g>
      ))}
      <text x={S / 2} y={S - 2} textAnchor="middle" className="learn-axis">
        stated
      </text>
      <text x={8} y={S / 2} textAnchor="middle" className="learn-axis" transform={`rotate(-90 8 ${S / 2})`}>
        actual
      </text>
      {row.buckets.map((b) =>
        b.n > 0 && b.stated != null && b.actual != null ? (
          <g key={b.from} data-testid="reliability-point">
            {b.actual_ci95 ? <line x1={sc(b.stated)} x2={sc(b.stated)} y1={sy(b.actual_ci95[0])} y2={sy(b.actual_ci95[1])} className="learn-whisker-line" /> : null}
            <circle cx={sc(b.stated)} cy={sy(b.actual)} r={3 + 5 * Math.sqrt(b.n / maxN)} className="learn-point">
              <title>{`[${b.from}, ${b.to}): n=${b.n}, stated ${formatPct(b.stated)}, actual ${formatPct(b.actual)} (${formatPctInterval(b.actual_ci95)})`}</title>
            </circle>
          </g>
        ) : null,
      )}
    </svg>
  );
}

export function Calibration({ rows }: { rows: CalibrationRow[] }) {
  return (
    <LearningSection
      id="calibration"
      title="Confidence calibration per agent"
      subtitle="Buckets [0, 0.2) … [0.8, 1.0]: mean stated confidence vs what happened (decision aligned with the human's; step succeeded). ECE = Σ (n_b/n)·|stated − actual|; Brier = mean (p − y)²."
      empty={rows.length === 0 ? "No decision logs an agent_confidence and no step logs a confidence, so calibration cannot be measured." : null}
    >
      <div className="learn-calibration-grid">
        {rows.map((r) => (
          <figure key={`${r.agent}/${r.source}`} className="learn-calibration" data-testid="calibration-row">
            <ReliabilityDiagram row={r} />
            <figcaption>
              <strong>{r.agent}</strong> <span className="muted small">{r.source}s · n={formatCount(r.n)}</span>
              <div className="small num">
                ECE {formatScore(r.ece)} · Brier {formatScore(r.brier)}
              </div>
              <div className="small num">
                stated {formatPct(r.mean_stated)} vs actual {formatPct(r.actual)} ({formatPctInterval(r.actual_ci95)})
              </div>
              {r.flag ? <span className="badge badge-warn">{labelText(r.flag)}</span> : <span className="muted small">within its interval</span>}
              <details className="small">
                <summary>Buckets</summary>
                <table className="data-table compact">
                  <thead>
                    <tr>
                      <th scope="col">Bucket</th>
                      <th scope="col">n</th>
                      <th scope="col">Stated</th>
                      <th scope="col">Actual (95% CI)</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.buckets.map((b) => (
                      <tr key={b.from}>
                        <td className="num">
                          [{b.from}, {b.to}
                          {b.to === 1 ? ']' : ')'}
                        </td>
                        <td className="num">{formatCount(b.n)}</td>
                        <td className="num">{formatPct(b.stated)}</td>
                        <td className="num">
                          {formatPct(b.actual)} <span className="muted">{formatPctInterval(b.actual_ci95)}</span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            </figcaption>
          </figure>
        ))}
      </div>
    </LearningSection>
  );
}
