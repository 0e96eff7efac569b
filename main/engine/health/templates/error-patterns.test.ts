import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../../shared/run-record';
import { currentPromptVersionSince, errorOccurrences, mineErrorPatterns, patternChangeEvents } from './error-patterns';

const day = (d: number, h = 0) => new Date(Date.UTC(2026, 10, d, h)).toISOString();

/** Planted runs: two 429 patterns from one agent, a gate reason, and a new pattern under v2. */
function planted(): RunRecord[] {
  const runs: RunRecord[] = [];
  for (let i = 0; i < 10; i++) {
    runs.push({
      run_id: `r${i}`, project_id: 'p', started_at: day(1 + i), model: i < 5 ? 'gpt-4o' : 'claude-sonnet-4-5', prompt_version: i < 8 ? 'v1' : 'v2',
      errors: [{ message: `429 Too Many Requests: retry in ${i + 1}s`, agent: 'builder' }],
      steps: [
        { agent: 'qa', task_type: 'test', success: false, error: { message: `locator.click: Timeout ${1000 * (i + 1)}ms exceeded. waiting for locator('#b${i}')` } },
        { agent: 'qa', task_type: 'test', success: true },
      ],
      gates: [
        { gate_id: 'cov', result: i % 2 ? 'fail' : 'pass', reason: `coverage ${70 + i}% below threshold 80%` },
      ],
    });
  }
  runs[9].steps!.push({ agent: 'coder', model: 'o3-mini', started_at: day(10, 5), error: { message: 'prompt is too long: 210000 tokens > 200000 maximum' } });
  // Runs arrive out of order: the result must not depend on it.
  return [...runs.slice(5), ...runs.slice(0, 5)];
}

describe('error patterns from runs', () => {
  it('collects errors[], failed gate reasons and step errors with their context', () => {
    const occ = errorOccurrences(planted());
    expect(occ.filter((o) => o.source === 'error')).toHaveLength(10);
    expect(occ.filter((o) => o.source === 'gate')).toHaveLength(5); // only failed gates
    expect(occ.filter((o) => o.source === 'step')).toHaveLength(11);
    const coder = occ.find((o) => o.agent === 'coder')!;
    expect(coder).toMatchObject({ model: 'o3-mini', prompt_version: 'v2', at: Date.parse(day(10, 5)), run_id: 'r9' });
  });

  it('mines patterns with counts, runs, agents, models, versions, times, category and "new"', () => {
    const patterns = mineErrorPatterns(planted(), { since: { config_change_at: day(3), prompt_version_at: day(9) } });
    expect(patterns.map((p) => [p.template, p.category, p.count, p.runs])).toEqual([
      ['<NUM> Too Many Requests: retry in <DUR>', 'rate_limit', 10, 10],
      ['locator.click: Timeout <DUR> exceeded. waiting for locator(<STR>)', 'selector_missing', 10, 10],
      ['coverage <NUM>% below threshold <NUM>%', 'assertion', 5, 5],
      ['prompt is too long: <NUM> tokens > <NUM> maximum', 'context_length', 1, 1],
    ]);
    const [rate, sel, , ctx] = patterns;
    expect(rate.agents).toEqual(['builder']);
    expect(rate.models).toEqual(['claude-sonnet-4-5', 'gpt-4o']);
    expect(rate.prompt_versions).toEqual(['v1', 'v2']);
    expect(rate.first_seen).toBe(day(1));
    expect(rate.last_seen).toBe(day(10));
    expect(rate.example).toBe('429 Too Many Requests: retry in 1s');
    expect(sel.agents).toEqual(['qa']);
    expect(sel.sources).toEqual({ error: 0, gate: 0, step: 10 });
    // New = first seen at or after the later pivot (day 9), not just after the config change.
    expect(patterns.map((p) => p.new)).toEqual([false, false, false, true]);
    expect(ctx).toMatchObject({ agents: ['coder'], models: ['o3-mini'], prompt_versions: ['v2'], first_seen: day(10, 5) });
    expect(mineErrorPatterns(planted()).every((p) => !p.new)).toBe(true);
  });

  it('gives the first appearance of each pattern as a change event, oldest first', () => {
    const events = patternChangeEvents(mineErrorPatterns(planted()));
    expect(events.map((e) => [e.kind, e.value, new Date(e.at_ms).toISOString()])).toEqual([
      ['error_pattern', '<NUM> Too Many Requests: retry in <DUR>', day(1)],
      ['error_pattern', 'locator.click: Timeout <DUR> exceeded. waiting for locator(<STR>)', day(1)],
      ['error_pattern', 'coverage <NUM>% below threshold <NUM>%', day(2)],
      ['error_pattern', 'prompt is too long: <NUM> tokens > <NUM> maximum', day(10, 5)],
    ]);
    expect(events.every((e) => /^t[0-9a-f]{8}$/.test(e.ref))).toBe(true);
  });

  it('does not depend on the order of the runs', () => {
    const a = mineErrorPatterns(planted());
    const b = mineErrorPatterns([...planted()].reverse());
    expect(b).toEqual(a);
  });

  it('finds the start of the current prompt version', () => {
    expect(currentPromptVersionSince(planted())).toEqual({ prompt_version: 'v2', at: day(9) });
    const back: RunRecord[] = [
      { run_id: 'a', project_id: 'p', started_at: day(1), prompt_version: 'v1' },
      { run_id: 'b', project_id: 'p', started_at: day(2), prompt_version: 'v2' },
      { run_id: 'c', project_id: 'p', started_at: day(3), prompt_version: 'v1' },
    ];
    // Rolled back to v1: the current stretch starts at c, not at a.
    expect(currentPromptVersionSince(back)).toEqual({ prompt_version: 'v1', at: day(3) });
    expect(currentPromptVersionSince([{ run_id: 'x', project_id: 'p', started_at: day(1) }])).toBeNull();
  });
});
