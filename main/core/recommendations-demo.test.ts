/**
 * The recommendation rules on the demo data, end to end on a real database: run logs on disk →
 * ingest → experiments engine → cards and the "considered" list (issue 10's demo checks).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TUNING } from '../../shared/domain';
import { generateDemo } from '../demo/generate-demo';
import { ingestFolder } from '../ingest/ingest-folder';
import { fixture, type Fixture } from '../ingest/test-helpers';
import { analyzeProject, type ProjectAnalysis } from './analysis';

const NOW = Date.parse('2025-11-20T12:00:00Z');
let fx: Fixture;
const analyses = new Map<string, ProjectAnalysis>();
const of = async (id: string): Promise<ProjectAnalysis> => {
  if (!analyses.has(id)) analyses.set(id, await analyzeProject(fx.store, id, join(fx.root, 'project_config.json'), DEFAULT_TUNING));
  return analyses.get(id)!;
};

beforeAll(async () => {
  fx = fixture();
  generateDemo(fx.root, { seed: 42, now: NOW });
  await ingestFolder(fx.store, fx.root, { now: NOW });
}, 60_000);
afterAll(() => fx.cleanup());

describe('recommendations on the demo data', () => {
  it('a field the config leaves unset takes the latest run\'s value as current, and says so', async () => {
    const r = (await of('analytics_api')).recommendations;
    expect(r.current_source).toBe('config');
    expect(r.assumed_from_latest_run).toEqual(expect.arrayContaining(['prompt_version', 'recipe']));
    expect(r.current_config.prompt_version).toBe('v1.2');
    expect(r.considered!.some((c) => c.field === 'prompt_version' && c.reason_kind === 'no_current_value')).toBe(false);
    // checkout_service: v1.1 looks cheaper only within thin week strata: considered, not a card.
    const cs = (await of('checkout_service')).recommendations;
    expect(cs.recommendations.some((x) => x.field === 'prompt_version')).toBe(false);
    const v11 = cs.considered!.find((c) => c.field === 'prompt_version' && c.value === 'v1.1');
    if (v11?.reason_kind === 'not_cheaper' && /point estimate/.test(v11.reason)) expect(v11.reason).toMatch(/always-valid p = /);
    // support_bot's config sets prompt_version itself: nothing assumed for it.
    expect((await of('support_bot')).recommendations.assumed_from_latest_run ?? []).not.toContain('prompt_version');
  });

  it('checkout_service: the seed\'s story, 2loop → 3loop as a cheaper card at medium or high', async () => {
    const rec = (await of('checkout_service')).recommendations.recommendations.find((r) => r.field === 'mode')!;
    expect(rec).toMatchObject({ kind: 'cheaper', current_value: '2loop', recommended_value: '3loop', source_experiment: 'mode' });
    expect(['medium', 'high']).toContain(rec.confidence);
  });

  it('marketing_site: fast_iter is cheaper but listed under considered with its QA reason', async () => {
    const r = (await of('marketing_site')).recommendations;
    expect(r.recommendations.some((x) => x.field === 'prompt_strategy')).toBe(false);
    const fast = r.considered!.find((c) => c.field === 'prompt_strategy' && c.value === 'fast_iter')!;
    expect(fast.reason_kind).toBe('qa_risk');
    expect(fast.reason).toMatch(/QA may be worse by more than 5 points: P = /);
    expect(fast.evidence.saving as number).toBeGreaterThan(0.3);
  });

  it('regression_bench: gpt-4o-mini is cheaper but worse on the same tasks — no cheaper card, decided paired', async () => {
    const a = await of('regression_bench');
    expect(a.recommendations.recommendations.filter((x) => x.kind === 'cheaper')).toEqual([]);
    const mini = a.recommendations.considered!.find((c) => c.value === 'gpt-4o-mini')!;
    expect(mini.reason_kind).toBe('qa_risk');
    expect(mini.evidence.decision_basis).toBe('paired');
    expect(a.profile.preferred_model).not.toBe('gpt-4o-mini');
  });

  it('support_bot: fast_iter is cheaper only through its model — no strategy card, judged within model strata', async () => {
    const a = await of('support_bot');
    expect(a.recommendations.recommendations.some((x) => x.field === 'prompt_strategy')).toBe(false);
    const fast = a.recommendations.considered!.find((c) => c.field === 'prompt_strategy' && c.value === 'fast_iter')!;
    expect(fast.evidence.decision_basis).toBe('stratified');
    expect(fast.reason_kind).toBe('not_cheaper');
    expect(a.profile.preferred_strategy).toBeNull();
  });

  it('every project: cards sorted by tier, and each arm of each factor is either a card or considered', async () => {
    const rank = { high: 2, medium: 1, low: 0 } as const;
    for (const id of ['checkout_service', 'marketing_site', 'data_pipeline', 'mobile_app', 'analytics_api', 'regression_bench', 'support_bot']) {
      const a = await of(id);
      const tiers = a.recommendations.recommendations.map((r) => rank[r.confidence]);
      expect(tiers, id).toEqual([...tiers].sort((x, y) => y - x));
      for (const [field, arms] of [['mode', a.profile.modes], ['prompt_strategy', a.profile.strategies], ['model', a.profile.models]] as const) {
        const names = Object.keys(arms);
        if (names.length < 2) continue;
        const current = String(a.recommendations.current_config[field] ?? '');
        for (const arm of names) {
          if (arm === current) continue;
          const carded = a.recommendations.recommendations.some((r) => r.field === field && r.recommended_value === arm);
          const listed = a.recommendations.considered!.some((c) => c.field === field && c.value === arm);
          expect(carded || listed, `${id} ${field}=${arm}`).toBe(true);
        }
      }
    }
  });
});
