/** The recommendation settings end to end: stored in SQLite, read back, and changing the cards. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TUNING } from '../../shared/domain';
import { ingestFolder } from '../ingest/ingest-folder';
import { fixture, NOW, runLine, type Fixture } from '../ingest/test-helpers';
import { analyzeProject } from './analysis';
import { readSettings, writeSettings } from './settings-store';

let fx: Fixture;
beforeEach(async () => {
  fx = fixture();
  // "big" passes 95 % at $1.40–$1.52 per run, "mini" 70 % at $1.00–$1.12: +25 pts for $0.40 more, $1.60 per extra pass.
  const lines: string[] = [];
  for (let i = 0; i < 80; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    lines.push(runLine({ run_id: `b${i}`, project_id: 'p', started_at: `2025-10-${day}T10:00:00Z`, model: 'big', total_cost_usd: 1.4 + (i % 7) * 0.02, qa_status: i % 20 === 0 ? 'failed' : 'passed' }));
    lines.push(runLine({ run_id: `m${i}`, project_id: 'p', started_at: `2025-10-${day}T11:00:00Z`, model: 'mini', total_cost_usd: 1 + (i % 7) * 0.02, qa_status: i % 10 < 3 ? 'failed' : 'passed' }));
  }
  lines.push(runLine({ run_id: 'last', project_id: 'p', started_at: '2025-10-30T12:00:00Z', model: 'mini', total_cost_usd: 1, qa_status: 'passed' }));
  fx.write('p/runs.jsonl', lines.join('\n') + '\n');
  await ingestFolder(fx.store, fx.root, { now: NOW });
});
afterEach(() => fx.cleanup());

describe('recommendation settings', () => {
  it('are stored and read back; bad values fall back to the defaults', async () => {
    expect((await readSettings(fx.store.settings)).recommendation_settings).toEqual({ qa_margin: 0.05, willingness_to_pay_usd: {} });
    await writeSettings(fx.store.settings, { recommendation_settings: { qa_margin: 0.03, willingness_to_pay_usd: { p: 2, q: -1 } } });
    expect((await readSettings(fx.store.settings)).recommendation_settings).toEqual({ qa_margin: 0.03, willingness_to_pay_usd: { p: 2 } });
  });

  it('cost per passed run from the stored fold: Σ cost / passes over runs with both (a QA-less run counts in neither)', async () => {
    fx.write('q/runs.jsonl', [
      runLine({ run_id: 'q1', project_id: 'q', total_cost_usd: 1, qa_status: 'passed' }),
      runLine({ run_id: 'q2', project_id: 'q', total_cost_usd: 2, qa_status: 'failed' }),
      runLine({ run_id: 'q3', project_id: 'q', total_cost_usd: 4, qa_status: null }),
      runLine({ run_id: 'q4', project_id: 'q', total_cost_usd: 3, qa_status: 'passed' }),
      runLine({ run_id: 'q5', project_id: 'q', total_cost_usd: 1, qa_status: 'passed' }),
    ].join('\n') + '\n');
    await ingestFolder(fx.store, fx.root, { now: NOW });
    const p = (await analyzeProject(fx.store, 'q', null, DEFAULT_TUNING)).profile;
    expect(p.cost_per_passed_run).toBeCloseTo(7 / 3, 12);
  });

  it('a better-quality option at $1.60 per extra pass becomes a card within a willingness to pay of $2', async () => {
    // No config linked: the latest run's model (mini) is the current one.
    const without = (await analyzeProject(fx.store, 'p', null, DEFAULT_TUNING)).recommendations;
    expect(without.current_config.model).toBe('mini');
    expect(without.recommendations.some((r) => r.field === 'model')).toBe(false);
    const option = without.considered!.find((c) => c.value === 'big')!;
    expect(option.reason_kind).toBe('better_quality_at_price');
    expect(option.reason).toMatch(/per extra passed run/);
    const within = (await analyzeProject(fx.store, 'p', null, DEFAULT_TUNING, { qa_margin: 0.05, willingness_to_pay_usd: { p: 2 } })).recommendations;
    const card = within.recommendations.find((r) => r.field === 'model')!;
    expect(card).toMatchObject({ kind: 'better_quality', recommended_value: 'big', current_value: 'mini', confidence_qa: 'high' });
  });
});
