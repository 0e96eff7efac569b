/** The feedback loops' suggestions, or why none fired. */
import type { Suggestion } from '../../../../shared/learning';
import { LearningSection } from './section';
import { SuggestionCard } from './suggestion-card';

const NONE =
  'No feedback loop fired: no gate failed 3+ times with the same root cause, no decision type × agent is overridden ≥ 50 % (5+ decisions), quality did not drop > 10 % against the previous period, no prompt version uses > 20 % more tokens per success, and no handoff falls below 70 % success.';

export function SuggestionsList({ rows }: { rows: Suggestion[] }) {
  return (
    <LearningSection
      id="suggestions"
      title={`Suggestions (${rows.length})`}
      subtitle="From the evidence only (no LLM): each proposed change is a template filled with the numbers; the impact is an upper bound, labelled as one."
      empty={rows.length === 0 ? NONE : null}
    >
      <div className="learn-suggestions">
        {rows.map((s) => (
          <SuggestionCard key={s.suggestion_id} s={s} />
        ))}
      </div>
    </LearningSection>
  );
}
