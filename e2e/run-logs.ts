/** Run records for e2e tests, written the way an orchestrator writes them (JSON per run, JSONL). */
import { createWriteStream, writeFileSync } from 'node:fs';

const MODES = ['2loop', '3loop'] as const;
const STRATEGIES = ['baseline', 'concise', 'chain_of_thought'] as const;
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet'] as const;
const QA = ['passed', 'passed', 'passed', 'warning', 'failed'] as const;

/** Small deterministic PRNG so every run of the suite writes the same logs. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One plausible run; `i` makes it unique and fixes its start time (one run a minute over the ~70 days before `endAt`). */
export function runRecord(projectId: string, i: number, overrides: Record<string, unknown> = {}, endAt = Date.now()): Record<string, unknown> {
  const r = rng(i * 7919 + 17);
  const mode = MODES[Math.floor(r() * MODES.length)];
  const maxRounds = mode === '3loop' ? 3 : 2;
  const started = endAt - (100_000 - (i % 100_000)) * 60_000;
  const duration = Math.round(60 + r() * 600);
  return {
    run_id: `${projectId}-${String(i).padStart(6, '0')}`,
    project_id: projectId,
    started_at: new Date(started).toISOString(),
    ended_at: new Date(started + duration * 1000).toISOString(),
    duration_s: duration,
    mode,
    prompt_strategy: STRATEGIES[Math.floor(r() * STRATEGIES.length)],
    model: MODELS[Math.floor(r() * MODELS.length)],
    max_rounds: maxRounds,
    rounds_completed: 1 + Math.floor(r() * maxRounds),
    total_cost_usd: Math.round((0.05 + r() * (mode === '3loop' ? 1.2 : 0.7)) * 10_000) / 10_000,
    qa_status: QA[Math.floor(r() * QA.length)],
    status: 'completed',
    ...overrides,
  };
}

/** Writes one pretty-printed run file, as orchestrators that log per run do. */
export function writeRunFile(path: string, record: Record<string, unknown>): void {
  writeFileSync(path, JSON.stringify(record, null, 2) + '\n');
}

/** Writes `count` runs of one project as JSON Lines; 100 000 runs take well under a second. */
export async function writeRunsJsonl(path: string, projectId: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  const endAt = Date.parse('2026-11-20T12:00:00Z');
  const batch: string[] = [];
  for (let i = 0; i < count; i++) {
    batch.push(JSON.stringify(runRecord(projectId, i, {}, endAt)));
    if (batch.length === 5_000 || i === count - 1) {
      if (!out.write(batch.join('\n') + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
      batch.length = 0;
    }
  }
  await new Promise<void>((done, fail) => out.end((err?: Error | null) => (err ? fail(err) : done())));
}
