/**
 * getLearning / exportReport / the run detail's labels against the real core over a real demo
 * folder: the analysis is cached per project version, the report lands in the data folder.
 */
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRequest, type OperationName, type RunBrainHandlers } from '../../shared/operations';
import { generateDemo } from '../demo/generate-demo';
import { ingestFolder } from '../ingest/ingest-folder';
import { fixture, NOW, runLine } from '../ingest/test-helpers';
import { createCore } from './create-core';
import { LearningCache } from './learning-cache';
import { reportFileName, watchedFolderHolding } from './learning-report-file';
import type { CoreConnection } from './types';

let base: string;
let core: CoreConnection;
let logs: string;
let dataDir: string;
const call = <K extends OperationName>(op: K, payload: unknown) =>
  (core.handlers[op] as (r: unknown) => ReturnType<RunBrainHandlers[K]>)(parseRequest(op, payload));

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'rb-learning-'));
  logs = join(base, 'run_logs');
  generateDemo(logs, { seed: 5, projects: 4, now: Date.parse('2026-11-20T12:00:00Z') });
  dataDir = join(base, 'data');
  core = await createCore({ dbPath: join(dataDir, 'runbrain.db'), dataDir, host: 'test', folders: [logs], watch: false, now: () => Date.parse('2026-11-21T08:30:00Z') });
  await core.ready;
}, 60_000);
afterAll(async () => {
  await core?.close();
  rmSync(base, { recursive: true, force: true });
});

describe('getLearning', () => {
  it('answers the learning block of one project, with the health tables linked', async () => {
    const l = await call('getLearning', { project_id: 'marketing_site' });
    expect(l.project_id).toBe('marketing_site');
    expect(l.runs).toBe(360);
    expect(l.retry_hotspots.rows).not.toBeNull();
    expect(l.gate_root_causes.length).toBeGreaterThan(0);
    expect(l.generated_at).toBe('2026-11-21T08:30:00.000Z');
    // The demo's override story: the architect's tech_stack calls are overruled most of the time.
    expect(l.overrides.find((o) => o.decision_type === 'tech_stack' && o.agent === 'architect')!.override_rate).toBeGreaterThan(0.5);
  });

  it('refuses a project without runs', async () => {
    await expect(call('getLearning', { project_id: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('LearningCache', () => {
  it('keeps the result while the project version holds and recomputes after new runs', async () => {
    const fx = fixture();
    try {
      const line = (i: number) => runLine({ project_id: 'p', run_id: `r${i}`, started_at: new Date(NOW - (50 - i) * 3_600_000).toISOString(), qa_status: i % 3 ? 'passed' : 'failed' });
      fx.write('p/runs.jsonl', `${Array.from({ length: 20 }, (_, i) => line(i)).join('\n')}\n`);
      await ingestFolder(fx.store, fx.root, { now: NOW });
      const cache = new LearningCache(fx.store, () => NOW);
      const first = await cache.get('p');
      expect(first.runs).toBe(20);
      expect(await cache.get('p')).toBe(first);
      appendFileSync(join(fx.root, 'p/runs.jsonl'), `${line(20)}\n${line(21)}\n`);
      await ingestFolder(fx.store, fx.root, { now: NOW });
      const second = await cache.get('p');
      expect(second).not.toBe(first);
      expect(second.runs).toBe(22);
    } finally {
      fx.cleanup();
    }
  });
});

describe('exportReport', () => {
  it('writes the HTML report of one project into <data>/reports and returns its text', async () => {
    const r = await call('exportReport', { project_id: 'marketing_site', format: 'html' });
    expect(r.path).toBe(join(dataDir, 'reports', 'learning_marketing_site_2026-11-21-083000.html'));
    expect(r.file_name).toBe('learning_marketing_site_2026-11-21-083000.html');
    expect(readFileSync(r.path, 'utf8')).toBe(r.content);
    expect(r.content).toMatch(/^<!doctype html>/i);
    expect(r.content).toContain('marketing_site');
    expect(r.content).toContain('<svg');
    // Nothing is written into the run-logs folder, and no temp file is left behind.
    expect(readdirSync(logs).some((f) => f.startsWith('learning_'))).toBe(false);
    expect(existsSync(`${r.path}.tmp`)).toBe(false);
  });

  it('writes markdown for all projects when no project is named', async () => {
    const r = await call('exportReport', { format: 'md' });
    expect(r.file_name).toBe('learning_all_2026-11-21-083000.md');
    // Markdown escapes the underscores of the project ids.
    for (const id of ['checkout\\_service', 'marketing\\_site', 'data\\_pipeline', 'mobile\\_app']) expect(r.content).toContain(`## Project ${id}`);
  });

  it('leaves PDF to the desktop app and rejects unknown formats before the handler', async () => {
    await expect(call('exportReport', { format: 'pdf' })).rejects.toMatchObject({ code: 'invalid-request', message: expect.stringContaining('desktop app') });
    expect(() => parseRequest('exportReport', { format: 'docx' })).toThrow(/format/);
  });

  it('never writes a report inside a watched run-logs folder', async () => {
    expect(watchedFolderHolding('/data/reports', ['/logs', '/data'])).toBe('/data');
    expect(watchedFolderHolding('/data-2/reports', ['/data'])).toBeNull();
    expect(watchedFolderHolding('/logs', ['/logs/'])).toBe('/logs/');
    const inner = join(logs, '.runbrain');
    const nested = await createCore({ dbPath: join(base, 'nested.db'), dataDir: inner, host: 'test', folders: [logs], watch: false });
    try {
      await nested.ready;
      await expect((nested.handlers.exportReport as (r: unknown) => Promise<unknown>)({ format: 'html' })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('reports never go there') });
      expect(existsSync(join(inner, 'reports'))).toBe(false);
    } finally {
      await nested.close();
    }
  });

  it('names files safely', async () => {
    expect(reportFileName('team/a b', new Date('2026-01-02T03:04:05Z'), 'pdf')).toBe('learning_team_a_b_2026-01-02-030405.pdf');
  });
});

describe('getRun labels', () => {
  it('labels each gate and decision of the run detail with the seed-002 rules', async () => {
    const { rows } = await call('listRuns', { project_id: 'marketing_site', limit: 1000 });
    let checked = 0;
    for (const row of rows) {
      const d = await call('getRun', { project_id: 'marketing_site', run_id: row.run_id });
      const gates = d.record.gates ?? [];
      expect(d.labels!.gates).toHaveLength(gates.length);
      gates.forEach((g, i) => {
        if (g.result === 'pass') expect(d.labels!.gates[i]).toBe('excellent');
        if (g.result === 'fail' && g.escalated && g.human_resolved && !g.auto_fix_success) expect(d.labels!.gates[i]).toBe('acceptable');
      });
      (d.record.decisions ?? []).forEach((dec, i) => {
        const want = dec.aligned ? 'correct' : dec.options?.includes(dec.human_decision ?? '') ? 'reasonable' : dec.options ? 'incorrect' : d.labels!.decisions[i];
        expect(d.labels!.decisions[i]).toBe(want);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(5);
  });
});

describe('declared experiments', () => {
  it('declares one from a suggestion, lists it, refuses duplicates and same-arm pairs, deletes it', async () => {
    const l = await call('getLearning', { project_id: 'marketing_site' });
    const s = l.suggestions.find((x) => x.trigger === 'override_rate')!;
    const e = await call('declareExperiment', {
      project_id: 'marketing_site', factor: s.experiment.factor, control: s.experiment.control ?? 'v1.2', treatment: ' v1.3-context ',
      suggestion_id: s.suggestion_id, hypothesis: s.expected_impact.text,
    });
    expect(e).toMatchObject({ project_id: 'marketing_site', factor: 'prompt_version', treatment: 'v1.3-context', suggestion_id: s.suggestion_id, created_at: '2026-11-21T08:30:00.000Z' });
    expect(e.name).toBe(`prompt_version: ${e.control} → v1.3-context`);
    expect(await call('listDeclaredExperiments', { project_id: 'marketing_site' })).toEqual([e]);
    expect(await call('listDeclaredExperiments', { project_id: 'mobile_app' })).toEqual([]);
    await expect(call('declareExperiment', { project_id: 'marketing_site', factor: 'prompt_version', control: e.control, treatment: 'v1.3-context' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(call('declareExperiment', { project_id: 'marketing_site', factor: 'model', control: 'a', treatment: 'a' })).rejects.toMatchObject({ code: 'invalid-request', message: expect.stringContaining('both "a"') });
    // Built-in or named in the settings: checked by the handler, which names the field.
    await expect(call('declareExperiment', { project_id: 'p', factor: 'colour', control: 'a', treatment: 'b' })).rejects.toMatchObject({ code: 'invalid-request', message: expect.stringContaining('factor: "colour" is not a factor') });
    expect(() => parseRequest('declareExperiment', { project_id: 'p', factor: 'model', control: 'a', treatment: 'b', suggestion_id: 'x' })).toThrow(/suggestion_id/);
    expect(await call('deleteDeclaredExperiment', { id: e.id })).toEqual({ id: e.id });
    await expect(call('deleteDeclaredExperiment', { id: e.id })).rejects.toMatchObject({ code: 'not-found' });
    expect(await call('listDeclaredExperiments', { project_id: 'marketing_site' })).toEqual([]);
  });
});
