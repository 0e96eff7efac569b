/** Auto-recovery (issue 11 §1): with auto-tune on, the high-confidence revert is applied after new runs; with it off, never. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunBrainEvent } from '../../shared/events';
import { parseRequest } from '../../shared/operations';
import { generateDemo } from '../demo/generate-demo';
import { createCore } from './create-core';
import type { CoreConnection } from './types';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function call<K extends keyof CoreConnection['handlers']>(core: CoreConnection, name: K, req: unknown) {
  const handler = core.handlers[name] as (r: unknown) => Promise<unknown>;
  return handler(parseRequest(name, req)) as ReturnType<CoreConnection['handlers'][K]>;
}

describe('auto-recovery through auto-tune', () => {
  it('reverts support_bot to v3.0 when auto-tune allows it, and records it in the ledger by auto-tune', async () => {
    const base = mkdtempSync(join(tmpdir(), 'rb-autorecover-'));
    cleanups.push(() => rmSync(base, { recursive: true, force: true }));
    const logs = join(base, 'run_logs');
    const NOW = Date.parse('2026-12-01T12:00:00Z');
    generateDemo(logs, { seed: 42, now: NOW });
    const core = await createCore({ dbPath: join(base, 'data', 'rb.db'), dataDir: join(base, 'data'), host: 'test', folders: [logs] });
    cleanups.push(() => core.close());
    await core.ready;

    const recs = await call(core, 'getRecommendations', { project_id: 'support_bot' });
    const revert = recs.recommendations.find((r) => r.kind === 'recovery')!;
    expect(revert).toMatchObject({ field: 'prompt_version', recommended_value: 'v3.0', confidence: 'high' });
    const path = recs.config_path!;
    expect(readFileSync(path, 'utf8')).toMatch(/"support_bot": \{[^}]*"prompt_version": "v3\.1"/);

    await call(core, 'setAutoTune', { project_id: 'support_bot', enabled: true });
    const tuned = new Promise<Extract<RunBrainEvent, { type: 'auto-tune' }>>((resolve) =>
      core.subscribe((e) => {
        if (e.type === 'auto-tune' && e.project_id === 'support_bot') resolve(e);
      }),
    );
    writeFileSync(
      join(logs, 'support_bot', 'run_new_arrival.json'),
      JSON.stringify({ run_id: 'sb-new-arrival', project_id: 'support_bot', started_at: '2026-12-01T11:00:00Z', mode: '2loop', prompt_version: 'v3.1', total_cost_usd: 0.7, qa_status: 'failed' }),
    );
    const event = await tuned;
    expect(event.error).toBeNull();
    const applied = event.applied.find((e) => e.field === 'prompt_version');
    expect(applied).toMatchObject({ applied_by: 'auto-tune', before_value: 'v3.1', after_value: 'v3.0' });
    expect(applied?.recommendation?.kind).toBe('recovery');
    expect(readFileSync(path, 'utf8')).toMatch(/"support_bot": \{[^}]*"prompt_version": "v3\.0"/);
  }, 60_000);
});
