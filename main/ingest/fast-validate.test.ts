import { describe, expect, it } from 'vitest';
import { runRecordSchema } from '../../shared/run-record';
import { fastRunRecord } from './fast-validate';
import { normalizeGeneral, normalizeRecord } from './normalize';

/** Values to try per field: valid ones and near misses of every kind. */
const ODD = [undefined, null, '', 'x', 0, -0, 1, -1, 1.5, 2 ** 53, 1e300, true, false, [], {}, ['a'], { a: 1 }];
const FIELD_VALUES: Record<string, unknown[]> = {
  run_id: ['r1', '', 7, null, '   ', '__proto__', 'x'.repeat(257), 'x'.repeat(256), 'a\tb', '../r'],
  project_id: ['p', '', 3, null, '  ', '../etc', 'a/b', '/abs', '.', '__proto__', 'p'.repeat(300)],
  started_at: ['0001-01-01T00:00:00Z', '1999-12-31T23:59:59Z', '2000-01-01T00:00:00Z', 0, '2025-03-01T10:00:00Z', '2025-03-01T10:00:00.123+02:00', '2024-02-29T00:00:00Z', '2025-02-29T00:00:00Z', '2025-03-01T24:00:00Z', '2025-03-01 10:00:00Z', '2025-03-01T10:00Z', '2025-03-01T10:00:00', 'soon', 5],
  ended_at: ['2025-03-01T11:00:00Z', '2025-03-01T09:00:00Z', '1970-01-01T00:00:00Z', '2025-13-01T00:00:00Z', 'x'],
  duration_s: [0, 12.5, -1, '3', 1e308, Number.NaN],
  mode: ['2loop', 3, true],
  prompt_strategy: ['baseline', 1],
  prompt_version: ['v1', 2.3],
  model: ['gpt-4o', {}],
  recipe: ['r', []],
  task_id: ['t-1', 42, {}],
  stop_reason: ['solved', false],
  rework: [0, 2, 1.5, -1, true, 'no'],
  security: [{ critical: 0, major: 1 }, { critical: -1 }, { minor: 2, found: 3 }, 'x'],
  performance: [{ within_slo: true }, { within_slo: 'yes' }, { p95_ms: 3 }],
  ingest_warnings: [['spoofed'], 'x'],
  max_rounds: [0, 6, 6.5, -2, 2 ** 60],
  rounds_completed: [3, 1.1, -0],
  max_cost_usd: [5, -0.01, Number.POSITIVE_INFINITY],
  total_cost_usd: [0, 0.42, -3, 'lots'],
  tokens_in: [100, 100.5, 2 ** 53, -1],
  tokens_out: [7, '7'],
  qa_status: ['passed', 'warning', 'failed', 'pass', 'PASSED', true],
  status: ['completed', 'failed', 'aborted', 'timeout', 'ok', 1],
  auto_tuned: [true, false, 'true', 1],
  tuned_fields: [[], ['mode'], ['mode', 3], 'mode', [null]],
  tests: [{}, { passed: 3, failed: 0 }, { failed: 1, passed: 2, coverage_percent: 88.5 }, { passed: -1 }, { coverage_percent: 101 }, { passed: 1, skipped: 2 }, { passed: 1.5 }, [], null, 'x'],
  feedback: [{ overall_rating: 5 }, { accepted: true, edited: false, quality_rating: 1 }, { overall_rating: 0 }, { overall_rating: 4.5 }, { relevance_rating: 6 }, { other: 1 }, 'good'],
  extra: [{ a: 1 }, {}, JSON.parse('{"__proto__": {"x": 1}, "b": 2}'), [], 'x', null],
  steps: [[], [{ agent: 'a', duration_s: 1 }], [{ duration_s: -1 }], [{ confidence: 85 }, { agent_confidence: 0.2 }], [{ confidence: 101 }]],
  gates: [[{ gate_id: 'g', result: 'pass' }], [{ result: 'pass' }], [{ gate_id: 'g', role: 'qa', escalated_to_human: 'yes', human_resolved: 0 }]],
  decisions: [[{ aligned: true, agent_confidence: 0.5 }], [{ agent_role: 'pm', options: ['a', 'b'] }], [{ options: 'a' }]],
  errors: [[{ message: 'm' }], [{ message: 3 }]],
};

const CHILD_KEYS = ['steps', 'gates', 'decisions', 'errors'];

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clone = (v: unknown): unknown => (v === undefined ? undefined : Number.isNaN(v) || v === Infinity || Object.is(v, -0) ? v : JSON.parse(JSON.stringify(v)));

function corpus(): Array<Record<string, unknown>> {
  const base = { run_id: 'r1', project_id: 'p', started_at: '2025-03-01T10:00:00Z', total_cost_usd: 0.5, qa_status: 'passed', tests: { passed: 3, failed: 0 } };
  const out: Array<Record<string, unknown>> = [{ ...base }, { run_id: 'r', project_id: 'p' }];
  // Every field alone on a valid base, with each of its values and each odd value.
  for (const [k, vals] of Object.entries(FIELD_VALUES)) {
    for (const v of [...vals, ...ODD]) {
      const r: Record<string, unknown> = { ...base };
      if (v === undefined) delete r[k];
      else r[k] = clone(v);
      out.push(r);
    }
  }
  // Random mixes.
  const rand = rng(42);
  const keys = Object.keys(FIELD_VALUES);
  for (let i = 0; i < 3000; i++) {
    const r: Record<string, unknown> = {};
    for (const k of keys) {
      const u = rand();
      if (u < 0.45 || (CHILD_KEYS.includes(k) && rand() < 0.9)) continue;
      const vals = u < 0.97 ? FIELD_VALUES[k] : ODD;
      // Mostly the field's first (valid) value, so that many mixes are valid as a whole.
      const v = clone(rand() < 0.7 ? vals[0] : vals[Math.floor(rand() * vals.length)]);
      if (v !== undefined) r[k] = v;
    }
    // Shuffled key order: the output must still be in schema order.
    out.push(Object.fromEntries(Object.entries(r).sort(() => rand() - 0.5)));
  }
  return out;
}

describe('fastRunRecord', () => {
  // fastRunRecord(x) ?? zod(x) equals zod(x) exactly when every record fast accepts, zod accepts with the same output.
  it('accepts only what zod accepts, with the same output, and takes the fast path for plain records', () => {
    let fastCount = 0;
    let zodOk = 0;
    const missed: string[] = [];
    for (const rec of corpus()) {
      const fast = fastRunRecord(clone(rec) as Record<string, unknown>);
      const z = runRecordSchema.safeParse(clone(rec));
      // security, performance and ingest_warnings are zod's alone: the share below is of the others.
      if (z.success && !/"(security|performance|ingest_warnings)"/.test(JSON.stringify(rec))) zodOk++;
      if (z.success && !fast) missed.push(JSON.stringify(rec));
      if (fast) {
        fastCount++;
        expect(z.success, JSON.stringify(rec)).toBe(true);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(z.data));
      }
    }
    // Misses are records with unknown nested keys, child arrays or the rarer nested fields: zod's job.
    expect(missed.filter((m) => !/"(steps|gates|decisions|errors|security|performance|ingest_warnings|__proto__|skipped|other|a)"/.test(m))).toEqual([]);
    expect(fastCount).toBeGreaterThan(120);
    expect(fastCount).toBeGreaterThan(zodOk * 0.8);
  });

  it('a canonical bench-like record takes the fast path', () => {
    const rec = {
      run_id: 'ben-0000001', project_id: 'bench_big', started_at: '2025-06-01T10:00:00Z', duration_s: 580.5, mode: '3loop', prompt_strategy: 'baseline',
      prompt_version: 'v1.1', model: 'gpt-4o', recipe: 'etl_pipeline_v1', max_rounds: 6, rounds_completed: 2, max_cost_usd: 5, total_cost_usd: 0.9312,
      tokens_in: 68909, tokens_out: 18605, qa_status: 'passed', status: 'completed', tests: { passed: 88, failed: 0 },
    };
    const fast = fastRunRecord({ ...rec });
    expect(fast).not.toBeNull();
    expect(JSON.stringify(fast)).toBe(JSON.stringify(runRecordSchema.parse(rec)));
  });
});

describe('canonical lane of normalizeRecord', () => {
  it('gives exactly what the general path gives, on the corpus and on alias/coercion variants', () => {
    const ctx = { relPath: 'p/a.jsonl', line: 3, now: Date.parse('2025-11-01T00:00:00Z'), mapping: null, folderProject: 'p' };
    const variants = [
      ...corpus(),
      { run_id: 'r', project_id: 'p', started_at: '2026-01-01T00:00:00Z' }, // future
      { run_id: 'r', project_id: 'p', started_at: '2025-11-01T23:59:59Z' }, // within the tolerance
      { run_id: 'r', project_id: 'p', started_at: '2025-01-01T00:00:00Z', ended_at: '2025-01-01T00:10:00Z' }, // duration derived
      { run_id: 'r', project_id: 'p', started_at: '2025-01-01T00:00:00Z', ended_at: '2025-01-01T00:10:00Z', duration_s: 1 },
      { run_id: 'r', project_id: 'p', ended_at: '2027-01-01T00:00:00Z' },
      { run_id: 'r', project_id: 'p', started_at: ' 2025-01-01T00:00:00Z' },
      { run_id: 'r', project: 'p', cost: 1 },
      { run_id: 'r', project_id: 'p', qa_status: 'pass', mode: null },
      { run_id: 'r', project_id: 'p', event: 'x' },
      { run_id: 'r', project_id: 'p', gate_id: 'g' },
      { run_id: 'r', project_id: 'p', extra: 'x', other: 1 },
    ];
    let lane = 0;
    for (const rec of variants) {
      const got = normalizeRecord(clone(rec), ctx);
      const ref = normalizeGeneral(clone(rec), ctx);
      if (got.kind === 'run' && !got.changed) lane++;
      expect(JSON.stringify(got), JSON.stringify(rec)).toBe(JSON.stringify(ref));
    }
    expect(lane).toBeGreaterThan(100);
  });
});
