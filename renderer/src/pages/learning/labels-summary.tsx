/** Auto-label counts (seed 002 §3.1) and the prompt-effectiveness label per version. */
import type { LabelCounts } from '../../../../shared/learning';
import { RateText } from '../../components/ui';
import { formatCount, formatDecimal } from '../../lib/format';
import { LabelBadge } from './label-badge';
import { LearningSection, SimpleTable } from './section';

function Counts({ title, counts, unlabelled }: { title: string; counts: Record<string, number>; unlabelled?: number }) {
  const total = Object.values(counts).reduce((s, n) => s + n, 0);
  return (
    <div className="learn-counts">
      <h3>{title}</h3>
      {total === 0 ? (
        <p className="muted small">None labelled{unlabelled ? ` (${formatCount(unlabelled)} without the inputs the rules need)` : ': the runs do not log the inputs'}.</p>
      ) : (
        <ul>
          {Object.entries(counts).map(([label, n]) => (
            <li key={label}>
              <LabelBadge label={label} /> <span className="num">{formatCount(n)}</span>
              <span className="muted small"> ({Math.round((100 * n) / total)}%)</span>
            </li>
          ))}
          {unlabelled ? <li className="muted small">{formatCount(unlabelled)} not labelled (inputs missing)</li> : null}
        </ul>
      )}
    </div>
  );
}

export function LabelsSummary({ labels }: { labels: LabelCounts }) {
  const versions = labels.prompt_versions;
  return (
    <LearningSection id="labels" title="Auto-labels" subtitle="Seed 002 §3.1 rules: a label whose inputs a run does not log is left out, never guessed.">
      <div className="learn-counts-grid">
        <Counts title="Gate results" counts={labels.gates} unlabelled={labels.unlabelled.gates} />
        <Counts title="Agent decisions" counts={labels.decisions} unlabelled={labels.unlabelled.decisions} />
        <Counts title="Output quality" counts={labels.output_quality} unlabelled={labels.unlabelled.runs} />
      </div>
      <p className="muted small" data-testid="labels-derived">{derivedText(labels.derived)}</p>
      <h3>Prompt effectiveness per version</h3>
      {versions.length === 0 ? (
        <p className="muted small">No run logs a prompt version.</p>
      ) : (
        <SimpleTable
          caption="Prompt effectiveness per version"
          head={['Version', 'Label', 'QA success (95% CI)', 'Mean retries', 'Why']}
          rows={versions.map((v) => [
            <span className="mono">{v.prompt_version}</span>,
            <LabelBadge label={v.label} />,
            <RateText rate={v.success.rate} ci={v.success.ci95} n={v.success.n} inline />,
            <span className="num">{v.avg_retries == null ? '–' : formatDecimal(v.avg_retries, 2)}</span>,
            <span className="small">{v.reason}</span>,
          ])}
        />
      )}
    </LearningSection>
  );
}

/** Where the run labels came from: stored at ingest (under the current rules since when), or derived here. */
function derivedText(d: LabelCounts['derived'] | undefined): string {
  if (!d) return '';
  const since = d.rules_since ? ` under the current label rules since ${d.rules_since.slice(0, 16).replace('T', ' ')} UTC (a rule change re-derives them)` : '';
  const onRead = d.on_read > 0 ? `; ${d.on_read} run${d.on_read === 1 ? '' : 's'} stored before labels were kept, labelled from the record until the ingest fills them` : '';
  return `Run labels of ${d.at_ingest} run${d.at_ingest === 1 ? '' : 's'} derived at ingest${since}${onRead}.`;
}
