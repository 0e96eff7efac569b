/**
 * The rounds rule's outcome rows come from the cells the ingest keeps with each rounds count
 * (fold version 5), not from a GROUP BY over every run at each analysis: they must equal that
 * GROUP BY after ingest, after a removal, and on the demo. Real files, real SQLite.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateDemo } from '../demo/generate-demo';
import type { RoundsOutcome } from '../engine/recommend/rounds';
import { ingestFolder } from '../ingest/ingest-folder';
import { fixture, NOW, runLine, type Fixture } from '../ingest/test-helpers';
import { roundsOutcomes } from './analysis';

let fx: Fixture;
beforeEach(async () => {
  fx = fixture();
});
afterEach(() => fx.cleanup());

const sorted = (rows: readonly RoundsOutcome[]) =>
  [...rows].sort((a, b) => JSON.stringify([a.rounds, a.max_rounds, a.status, a.qa_status, a.stop_reason_limit]).localeCompare(JSON.stringify([b.rounds, b.max_rounds, b.status, b.qa_status, b.stop_reason_limit])));

async function kept(projectId: string): Promise<RoundsOutcome[]> {
  const agg = await fx.store.aggregates.load(projectId);
  expect(agg, projectId).not.toBeNull();
  expect([...agg!.rounds.values()].every((r) => Array.isArray(r.outcomes))).toBe(true);
  return sorted(await roundsOutcomes(fx.store, projectId, agg!));
}

describe('rounds outcomes kept at ingest', () => {
  it('equal the GROUP BY over the runs, also after a file is removed', async () => {
    fx.write('p/a.jsonl', [
      runLine({ run_id: 'a', project_id: 'p', rounds_completed: 4, max_rounds: 4, status: 'completed' }),
      runLine({ run_id: 'b', project_id: 'p', rounds_completed: 4, max_rounds: 4, status: 'aborted', exit_reason: 'Max rounds reached' }),
      runLine({ run_id: 'c', project_id: 'p', rounds_completed: 2, max_rounds: 4, status: 'completed', stop_reason: 'round limit' }),
      runLine({ run_id: 'd', project_id: 'p', rounds_completed: 6, status: 'timeout', stop_reason: 'LIMIT hit', qa_status: 'failed' }),
    ].join('\n') + '\n');
    fx.write('p/b.jsonl', [
      runLine({ run_id: 'e', project_id: 'p', rounds_completed: 4, max_rounds: 4, status: 'completed' }),
      runLine({ run_id: 'f', project_id: 'p', rounds_completed: 5, max_rounds: 5, status: 'completed', stop_reason: 'goal reached' }),
    ].join('\n') + '\n');
    await ingestFolder(fx.store, fx.root, { now: NOW });
    const scan = sorted(await fx.store.runs.roundsOutcomes('p'));
    expect(scan.find((r) => r.rounds === 4 && r.status === 'completed')?.n).toBe(2);
    expect(scan.find((r) => r.rounds === 2)?.stop_reason_limit).toBeNull();
    expect(scan.find((r) => r.rounds === 6)?.stop_reason_limit).toBe(true);
    expect(await kept('p')).toEqual(scan);

    rmSync(join(fx.root, 'p', 'b.jsonl'));
    await ingestFolder(fx.store, fx.root, { now: NOW });
    expect(await kept('p')).toEqual(sorted(await fx.store.runs.roundsOutcomes('p')));
    expect((await kept('p')).reduce((s, r) => s + r.n, 0)).toBe(4);
  });

  it('equal the GROUP BY on every demo project', async () => {
    generateDemo(fx.root, { seed: 3, now: Date.parse('2026-11-20T12:00:00Z') });
    await ingestFolder(fx.store, fx.root, { now: Date.parse('2026-11-20T12:00:00Z') });
    const ids = await fx.store.aggregates.projectIds();
    expect(ids.length).toBeGreaterThan(3);
    for (const id of ids) expect(await kept(id), id).toEqual(sorted(await fx.store.runs.roundsOutcomes(id)));
  });
});
