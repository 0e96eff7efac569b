import { describe, expect, it } from 'vitest';
import { parseMapping, MappingError } from './mapping';
import { normalizeRecord, synthRunId, type NormalizeContext, type NormalizedRun, type Rejected, type NormalizedEvent } from './normalize';

const NOW = Date.parse('2025-11-01T00:00:00Z');
const ctx = (over: Partial<NormalizeContext> = {}): NormalizeContext => ({ relPath: 'proj/runs.jsonl', line: 12, now: NOW, mapping: null, folderProject: 'proj', ...over });
const run = (v: unknown, c?: Partial<NormalizeContext>) => {
  const n = normalizeRecord(v, ctx(c));
  if (n.kind !== 'run') throw new Error(`expected a run, got ${JSON.stringify(n)}`);
  return n as NormalizedRun;
};
const rejected = (v: unknown, c?: Partial<NormalizeContext>) => {
  const n = normalizeRecord(v, ctx(c));
  if (n.kind !== 'bad') throw new Error(`expected a rejection, got ${JSON.stringify(n)}`);
  return n as Rejected;
};

describe('normalizeRecord: aliases', () => {
  it.each([
    ['project', 'project_id', 'p1', 'p1'],
    ['project_subdir', 'project_id', 'p2', 'p2'],
    ['project_name', 'project_id', 'p3', 'p3'],
    ['strategy', 'prompt_strategy', 'cot', 'cot'],
    ['prompt_variant', 'prompt_strategy', 'v2', 'v2'],
    ['agent_model', 'model', 'claude', 'claude'],
    ['llm_model', 'model', 'gpt-4', 'gpt-4'],
    ['rounds_used', 'rounds_completed', 3, 3],
    ['rounds', 'rounds_completed', 2, 2],
    ['cost', 'total_cost_usd', 0.5, 0.5],
    ['cost_usd', 'total_cost_usd', '1.25', 1.25],
    ['cost_limit_usd', 'max_cost_usd', 2, 2],
    ['input_tokens', 'tokens_in', 100, 100],
    ['prompt_tokens', 'tokens_in', 101, 101],
    ['output_tokens', 'tokens_out', 50, 50],
    ['completion_tokens', 'tokens_out', 51, 51],
    ['duration', 'duration_s', 12.5, 12.5],
    ['duration_seconds', 'duration_s', 7, 7],
  ])('%s → %s', (alias, field, value, expected) => {
    const r = run({ run_id: 'r1', [alias]: value });
    expect((r.record as Record<string, unknown>)[field]).toBe(expected);
    expect(r.record.extra).toBeUndefined();
    expect(r.changed).toBe(true);
  });

  it.each([
    ['timestamp', '2025-10-29T14:30:00Z', '2025-10-29T14:30:00Z'],
    ['start_time', 1761748200, '2025-10-29T14:30:00.000Z'],
    ['created_at', 1761748200123, '2025-10-29T14:30:00.123Z'],
    ['timestamp', '2025-10-29 14:30:00', '2025-10-29T14:30:00.000Z'],
    ['timestamp', '2025-10-29T14:30:00+0200', '2025-10-29T12:30:00.000Z'],
    ['timestamp', '1761748200', '2025-10-29T14:30:00.000Z'],
  ])('%s %j → started_at %s (ISO or epoch s/ms)', (alias, value, iso) => {
    const r = run({ run_id: 'r1', [alias]: value });
    expect(r.record.started_at).toBe(iso);
    expect(r.started_ms).toBe(Date.parse(iso));
  });

  it.each([
    ['outcome', 'pass', 'passed'], ['result', 'passed', 'passed'], ['resolved', true, 'passed'], ['success', 'success', 'passed'],
    ['outcome', 'resolved', 'passed'], ['outcome', 'FAIL', 'failed'], ['result', 'failed', 'failed'], ['resolved', false, 'failed'],
    ['outcome', 'warn', 'warning'], ['qa_status', 'warning', 'warning'],
  ])('%s %j → qa_status %s', (alias, value, expected) => {
    expect(run({ run_id: 'r1', [alias]: value }).record.qa_status).toBe(expected);
  });

  it('the canonical name wins over an alias, which is kept in extra', () => {
    const r = run({ run_id: 'r1', total_cost_usd: 1, cost: 2 });
    expect(r.record.total_cost_usd).toBe(1);
    expect(r.record.extra).toEqual({ cost: 2 });
  });

  it('maps run status spellings and keeps unknown fields verbatim in extra', () => {
    const r = run({ run_id: 'r1', status: 'cancelled', team: { size: 3 }, flaky: true });
    expect(r.record.status).toBe('aborted');
    expect(r.record.extra).toEqual({ team: { size: 3 }, flaky: true });
  });

  it('derives duration_s from start and end; normalises children', () => {
    const r = run({
      run_id: 'r1', started_at: '2025-10-01T10:00:00Z', end_time: '2025-10-01T10:01:30Z',
      steps: [{ agent_role: 'coder', duration_seconds: '4', cost: 0.1, error: 'boom' }],
      gates: [{ gate_id: 'g', gate_result: 'passed' }], errors: ['oops'],
    });
    expect(r.record.duration_s).toBe(90);
    expect(r.record.steps?.[0]).toMatchObject({ agent: 'coder', duration_s: 4, cost_usd: 0.1, error: { message: 'boom' } });
    expect(r.record.gates?.[0]).toMatchObject({ gate_id: 'g', result: 'pass' });
    expect(r.record.errors?.[0]).toEqual({ message: 'oops' });
  });

  it('a record already canonical is unchanged (raw text can stand for it)', () => {
    const r = run({ run_id: 'r1', project_id: 'p', started_at: '2025-10-01T10:00:00Z', total_cost_usd: 1, qa_status: 'passed' });
    expect(r.changed).toBe(false);
  });
});

describe('normalizeRecord: project and run id', () => {
  it('falls back to the first folder under the root for project_id', () => {
    expect(run({ run_id: 'r1' }).record.project_id).toBe('proj');
  });
  it('quarantines a record without project_id outside a project folder', () => {
    const b = rejected({ run_id: 'r1' }, { folderProject: null });
    expect(b.field).toBe('project_id');
    expect(b.reason).toBe('line 12: project_id is missing and the file is not inside a project folder');
  });
  it('synthesizes a deterministic run_id from file, line and start', () => {
    const a = run({ started_at: '2025-10-01T10:00:00Z' });
    const b = run({ started_at: '2025-10-01T10:00:00Z' });
    expect(a.record.run_id).toBe(b.record.run_id);
    expect(a.record.run_id).toBe(synthRunId('proj/runs.jsonl', 12, '2025-10-01T10:00:00Z'));
    expect(run({ started_at: '2025-10-01T10:00:00Z' }, { line: 13 }).record.run_id).not.toBe(a.record.run_id);
  });
  it('quarantines a record with neither run_id nor started_at', () => {
    expect(rejected({ mode: '2-loop' }).reason).toBe('line 12: a run needs a run_id or a started_at; it has neither');
  });
});

describe('normalizeRecord: bad values become specific reasons', () => {
  it('names field, rule and value', () => {
    const b = rejected({ run_id: 'r1', total_cost_usd: 'lots' });
    expect(b).toEqual({ kind: 'bad', field: 'total_cost_usd', reason: 'line 12: total_cost_usd must be a number ≥ 0, got "lots"' });
  });
  it('negative costs', () => {
    expect(rejected({ run_id: 'r1', cost: -0.5 }).reason).toBe('line 12: total_cost_usd must be a number ≥ 0, got -0.5');
  });
  it('nested fields name their index', () => {
    const b = rejected({ run_id: 'r1', steps: [{ agent: 'a' }, { cost_usd: -1 }] });
    expect(b.field).toBe('steps[1].cost_usd');
    expect(b.reason).toBe('line 12: steps[1].cost_usd must be a number ≥ 0, got -1');
  });
  it('dates in the future (> now + 1 day) and unreadable dates', () => {
    expect(rejected({ run_id: 'r1', started_at: '2025-11-03T00:00:00Z' }).reason).toBe('line 12: started_at is in the future (2025-11-03T00:00:00Z)');
    expect(run({ run_id: 'r1', started_at: '2025-11-01T12:00:00Z' }).record.started_at).toBe('2025-11-01T12:00:00Z');
    expect(rejected({ run_id: 'r1', started_at: 'yesterday' }).reason).toMatch(/^line 12: started_at must be an ISO 8601 date-time.*got "yesterday"$/);
  });
  it('unknown QA outcomes, non-objects and wrong types', () => {
    expect(rejected({ run_id: 'r1', outcome: 'maybe' }).field).toBe('qa_status');
    expect(rejected([1, 2]).reason).toBe('line 12: expected a JSON object (one run), got an array');
    expect(rejected({ run_id: 'r1', mode: { a: 1 } }).reason).toBe('line 12: mode must be a string, got {"a":1}');
    expect(rejected({ run_id: 'r1', max_rounds: 2.5 }).reason).toBe('line 12: max_rounds must be a whole number ≥ 0, got 2.5');
  });
});

describe('normalizeRecord: events', () => {
  it('a line with `event` is an event attached to its run', () => {
    const e = normalizeRecord({ event: 'retry', run_id: 7, timestamp: '2025-10-01T10:00:00Z' }, ctx()) as NormalizedEvent;
    expect(e).toEqual({ kind: 'event', type: 'retry', run_id: '7', project_id: 'proj', at: '2025-10-01T10:00:00Z' });
  });
  it('a seed-002 gate line (gate_id/stage, no run fields) is an event', () => {
    const e = normalizeRecord({ project_id: 'ABC123', stage: 'architecture', gate_id: 'api', gate_result: 'fail', retry_attempt: 1, timestamp: '2025-10-29T14:30:00Z' }, ctx());
    expect(e).toMatchObject({ kind: 'event', type: 'gate', project_id: 'ABC123', run_id: null });
  });
  it('a run with a stage field but run fields is a run', () => {
    expect(normalizeRecord({ run_id: 'r', stage: 'x', total_cost_usd: 1 }, ctx()).kind).toBe('run');
  });
});

describe('mapping file', () => {
  const mapping = parseMapping(
    JSON.stringify({
      version: 1,
      fields: { spend: 'total_cost_usd', 'usage.in': 'tokens_in', verdict: 'qa_status', flavour: 'mode' },
      values: { qa_status: { green: 'passed', red: 'failed' }, mode: { double: '2-loop' } },
      defaults: { project_id: 'default-proj' },
    }),
    'map.json',
  ).mapping;
  it('renames fields (dotted paths reach nested values), maps values, fills defaults', () => {
    const r = run({ run_id: 'r1', spend: '0.75', usage: { in: 10, out: 5 }, verdict: 'GREEN', flavour: 'double' }, { mapping, folderProject: null });
    expect(r.record).toMatchObject({ project_id: 'default-proj', total_cost_usd: 0.75, tokens_in: 10, qa_status: 'passed', mode: '2-loop' });
    expect(r.record.extra).toEqual({ usage: { out: 5 } });
  });
  it('rejects invalid mapping files with a clear reason', () => {
    expect(() => parseMapping('{"fields": {"a": "no_such_field"}}', 'm.json')).toThrow(MappingError);
    expect(() => parseMapping('{"fields": {"a": "no_such_field"}}', 'm.json')).toThrow(/fields\.a: "no_such_field" is not a field of the run record/);
    expect(() => parseMapping('{"renames": {}}', 'm.json')).toThrow(/unknown key\(s\) renames/);
    expect(() => parseMapping('{nope', 'm.json')).toThrow(/m\.json is invalid: not valid JSON/);
  });
});
