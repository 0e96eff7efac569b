/**
 * Config refusals through the real HTTP bridge over a real core (demo run logs, SQLite, the
 * linked project_config.json): conflicts answer 409 with their sentence, other refusals 400,
 * never 500.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../demo/generate-demo';
import { createCore } from '../core/create-core';
import type { CoreConnection } from '../core/types';
import { startHttpBridge, type HttpBridge } from './http-bridge';

let base: string;
let core: CoreConnection;
let bridge: HttpBridge;
const logged: string[] = [];

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'rb-conflicts-'));
  const logs = join(base, 'run_logs');
  generateDemo(logs, { seed: 42, now: Date.parse('2026-11-20T12:00:00Z') });
  core = await createCore({ dbPath: join(base, 'data', 'rb.db'), dataDir: join(base, 'data'), host: 'test', folders: [logs], watch: false });
  await core.ready;
  mkdirSync(join(base, 'static'));
  writeFileSync(join(base, 'static', 'index.html'), '<!doctype html><title>RunBrain</title>');
  bridge = await startHttpBridge({ core, staticDir: join(base, 'static'), log: (l) => logged.push(l) });
}, 120_000);
afterAll(async () => {
  await bridge?.close();
  await core?.close();
  rmSync(base, { recursive: true, force: true });
});

async function post(op: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${bridge.port}/api/op/${op}`, {
    method: 'POST',
    headers: { 'x-runbrain-token': bridge.token, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function firstRecommendation(): Promise<{ project_id: string; id: string; config_path: string }> {
  const projects = (await post('listProjects', {})).json as unknown as { project_id: string; open_recommendations: number; config_path: string | null }[];
  const p = projects.find((x) => x.open_recommendations > 0 && x.config_path)!;
  const recs = (await post('getRecommendations', { project_id: p.project_id })).json as unknown as { recommendations: { id: string }[] };
  return { project_id: p.project_id, id: recs.recommendations[0].id, config_path: p.config_path! };
}

describe('config conflicts over HTTP', () => {
  it('answers 409 when the file changed since the preview, and 409 for the undo of an undone change', async () => {
    const rec = await firstRecommendation();
    const preview = await post('previewApply', { project_id: rec.project_id, recommendation_id: rec.id });
    expect(preview.status).toBe(200);
    const original = readFileSync(rec.config_path, 'utf8');
    writeFileSync(rec.config_path, `${original}\n`);
    const stale = await post('applyRecommendation', { project_id: rec.project_id, recommendation_id: rec.id, base_hash: preview.json.base_hash });
    expect(stale).toEqual({ status: 409, json: { error: 'project_config.json changed on disk since the preview; preview again', code: 'conflict' } });

    const again = await post('previewApply', { project_id: rec.project_id, recommendation_id: rec.id });
    const applied = await post('applyRecommendation', { project_id: rec.project_id, recommendation_id: rec.id, base_hash: again.json.base_hash });
    expect(applied.status).toBe(200);
    const id = applied.json.id as number;
    expect((await post('undoChange', { change_id: id })).status).toBe(200);
    const twice = await post('undoChange', { change_id: id });
    expect(twice.status).toBe(409);
    expect(twice.json.code).toBe('conflict');
    expect(twice.json.error).toMatch(new RegExp(`^change #${id} was already undone \\(.+\\)$`));
    const previewTwice = await post('previewUndo', { change_id: id });
    expect(previewTwice.status).toBe(409);
    expect(await post('undoChange', { change_id: 99_999 })).toEqual({ status: 404, json: { error: 'there is no change #99999 in the ledger', code: 'not-found' } });
    expect(logged).toEqual([]);
  }, 60_000);

  it('answers 400 with the sentence for a read-only config, not 500', async () => {
    const rec = await firstRecommendation();
    const preview = await post('previewApply', { project_id: rec.project_id, recommendation_id: rec.id });
    chmodSync(rec.config_path, 0o444);
    try {
      const res = await post('applyRecommendation', { project_id: rec.project_id, recommendation_id: rec.id, base_hash: preview.json.base_hash });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({
        error: `${rec.config_path} is read-only (mode 0444); RunBrain does not change read-only files. Make it writable (chmod u+w) to apply changes to it.`,
        code: 'invalid-request',
      });
      expect(logged).toEqual([]);
    } finally {
      chmodSync(rec.config_path, 0o644);
    }
  }, 60_000);
});
