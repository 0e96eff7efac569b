import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFolder } from '../ingest/ingest-folder';
import { fixture, NOW, runLine, type Fixture } from '../ingest/test-helpers';

let fx: Fixture;
beforeEach(() => {
  fx = fixture();
});
afterEach(() => fx.cleanup());

describe('loadExperimentRuns', () => {
  it('reads the facts experiments need from a real database', async () => {
    fx.write('p/runs.jsonl', [
      runLine({ run_id: 'a', project_id: 'p', started_at: '2025-10-01T11:00:00Z', mode: '3-loop', model: 'm1', prompt_strategy: 's1',
        prompt_version: 'v1.2', recipe: 'r', task_id: 'django-123', total_cost_usd: 0.5, qa_status: 'warning', duration_s: 30,
        tokens_in: 100, tokens_out: 20, feedback: { overall_rating: 4 },
        steps: [{ agent: 'x', retries: 2, tokens: 5 }, { agent: 'y', retries: 1 }], gates: [{ gate_id: 'g', human_override: true }] }),
      runLine({ run_id: 'b', project_id: 'p', started_at: '2025-10-01T10:00:00Z', total_cost_usd: 0, qa_status: 'passed',
        steps: [{ agent: 'x', tokens: 7 }], gates: [{ gate_id: 'g', human_override: false }] }),
      runLine({ run_id: 'c', project_id: 'q' }),
    ].join('\n') + '\n');
    await ingestFolder(fx.store, fx.root, { now: NOW });
    const runs = fx.store.experiments.runs('p');
    expect(runs.map((r) => r.run_id)).toEqual(['b', 'a']);
    expect(runs[1]).toEqual({
      run_id: 'a', started_ms: Date.parse('2025-10-01T11:00:00Z'),
      factors: { mode: '3-loop', prompt_strategy: 's1', model: 'm1', prompt_version: 'v1.2', recipe: 'r' },
      task_id: 'django-123', cost_usd: 0.5, qa: 'warning', duration_s: 30, tokens: 120, retries: 3, rating: 4, human_override: true,
    });
    expect(runs[0]).toMatchObject({ task_id: null, cost_usd: 0, qa: 'passed', tokens: 7, retries: null, rating: null, human_override: false });
    expect(fx.store.experiments.runs('nobody')).toEqual([]);
  });
});
