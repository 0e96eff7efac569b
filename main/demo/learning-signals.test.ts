/**
 * The demo's learning stories show up in the learning analysis (issue 12 §6), and the signals
 * leave every field the classic findings read untouched (their own generator).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { learnProjectFromStore } from '../core/project-learning';
import type { LearningResult } from '../engine/learning';
import { ingestFolder } from '../ingest/ingest-folder';
import { fixture, type Fixture } from '../ingest/test-helpers';
import { generateDemo } from './generate-demo';
import { createRng } from './random';
import { buildRun } from './run-builder';
import { SCENARIOS } from './scenarios';

const NOW = Date.parse('2026-11-20T12:00:00Z');
let fx: Fixture;
const learned: Record<string, LearningResult> = {};

beforeAll(async () => {
  fx = fixture();
  generateDemo(fx.root, { seed: 7, projects: 5, now: NOW });
  await ingestFolder(fx.store, fx.root, { now: NOW });
  for (const id of ['checkout_service', 'marketing_site', 'data_pipeline']) learned[id] = (await learnProjectFromStore(fx.store, id, new Date(NOW))).result;
}, 60_000);
afterAll(() => fx.cleanup());

describe('demo learning signals', () => {
  it('label every kind of gate, decision and output', async () => {
    const l = learned.data_pipeline.labels;
    for (const counts of [l.gates, l.decisions, l.output_quality]) for (const [label, n] of Object.entries(counts)) expect(n, label).toBeGreaterThan(0);
  });

  it("marketing_site: the architect's tech_stack calls are overruled, and the architect is over-confident", async () => {
    const m = learned.marketing_site;
    const row = m.overrides.find((o) => o.decision_type === 'tech_stack' && o.agent === 'architect')!;
    expect(row.flagged).toBe(true);
    expect(m.overrides.filter((o) => o.flagged)).toHaveLength(1);
    expect(m.calibration.find((c) => c.agent === 'architect' && c.source === 'decision')!.flag).toBe('overconfident');
    expect(m.suggestions.find((s) => s.trigger === 'override_rate')).toMatchObject({ agent_role: 'architect', suggestion_type: 'context_enrichment' });
  });

  it('checkout_service: coders fail after the reviewer, which makes a handoff suggestion', async () => {
    const c = learned.checkout_service;
    const after = c.handoffs.find((h) => h.from === 'reviewer' && h.to === 'coder')!;
    expect(after.success_rate!).toBeLessThan(0.7);
    for (const h of c.handoffs.filter((x) => x !== after)) expect(h.success_rate!).toBeGreaterThan(0.9);
    expect(c.suggestions.find((s) => s.trigger === 'handoff')).toMatchObject({ suggestion_type: 'role_handoff_improvement', agent_role: 'reviewer', subject: 'reviewer → coder' });
  });

  it("handoffs report the receiving agent's gate pass rate where the demo's gates name its step", async () => {
    const c = learned.checkout_service;
    const row = (from: string, to: string) => c.handoffs.find((h) => h.from === from && h.to === to)!;
    // The tester's and the reviewer's gates check their last step: the handoffs into those steps use them.
    for (const [from, to] of [['coder', 'tester'], ['tester', 'reviewer']]) {
      const h = row(from, to);
      expect(h, `${from} → ${to}`).toMatchObject({ basis: 'gates', pass_rate: h.gate_pass_rate, pass_n: h.gate_checks });
      expect(h.gate_checks).toBeGreaterThan(50);
      // Gates fail more often than steps do in the demo: the figure is not the step success.
      expect(h.gate_pass_rate!).toBeLessThan(h.success_rate!);
    }
    // Coders and planners own no gate of their step: step success, said so.
    expect(row('planner', 'coder')).toMatchObject({ basis: 'step_success', gate_checks: 0 });
    expect(row('reviewer', 'coder').pass_rate).toBe(row('reviewer', 'coder').success_rate);
  });

  it('root causes rank more than one template for some gate', async () => {
    expect(learned.checkout_service.gate_root_causes.some((g) => g.reasons.length >= 2)).toBe(true);
  });

  it('do not move the draws of the classic scenarios: every other field is what it would be without them', async () => {
    vi.resetModules();
    vi.doMock('./learning-signals', () => ({ addLearningSignals: (r: unknown) => r }));
    const plain = (await import('./run-builder')).buildRun;
    vi.doUnmock('./learning-signals');
    // Fields the signals write; everything else must match draw for draw.
    const strip = (r: Record<string, unknown>) => {
      const { gates, decisions, steps, errors, security, performance, rework, ...rest } = r;
      void [security, performance, rework, errors];
      return {
        ...rest,
        gates: (gates as Record<string, unknown>[]).map(({ gate_id, result, retry_attempt, auto_fix_success }) => ({ gate_id, result, retry_attempt, auto_fix_success })),
        decisions: (decisions as Record<string, unknown>[] | undefined)?.map(({ decision_type, agent_recommendation }) => ({ decision_type, agent_recommendation })),
        steps: (steps as Record<string, unknown>[]).map(({ agent, tokens, cost_usd, duration_s }) => ({ agent, tokens, cost_usd, duration_s })),
      };
    };
    for (const sc of SCENARIOS) {
      const a = createRng(11);
      const b = createRng(11);
      for (let i = 0; i < 60; i++) {
        const ctx = { startedMs: NOW - (60 - i) * 3_600_000, now: NOW, seq: i + 1 };
        const withSignals = buildRun(sc, { ...ctx, rng: a }) as unknown as Record<string, unknown>;
        const without = plain(sc, { ...ctx, rng: b }) as unknown as Record<string, unknown>;
        expect(strip(withSignals), `${sc.id} run ${i}`).toEqual(strip(without));
        // The mock took: only one of the two carries the signals.
        expect((without.gates as Array<{ agent?: string }>)[0]?.agent).toBeUndefined();
        expect((withSignals.gates as Array<{ agent?: string }>)[0]?.agent).toEqual(expect.any(String));
      }
      expect(a.next(), sc.id).toBe(b.next());
    }
  });
});
