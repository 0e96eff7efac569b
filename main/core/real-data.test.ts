/**
 * The statistics on real agent-benchmark runs (OpenHands Index, swe-bench, three repositories:
 * fixtures/README.md), ingested into a real store and analysed as the CLI does. Issue 9 "Why":
 * a model resolving fewer of the same tasks must not be recommended (not even by health's
 * revert), a harness version that only ran with other models gets no "cheaper" card and says
 * why, $0 costs that mean "not recorded" are named, batch timestamps are flagged. Every p-value
 * is pinned to scipy 1.17.1 (statsmodels 0.13.5 for CMH), computed on the same records.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TUNING, type Recommendation } from '../../shared/domain';
import type { ExperimentResult, VariantRow } from '../engine/experiments/types';
import { guardRecovery, recoveryRecommendations } from '../engine/recommend/recovery';
import { ingestFolder } from '../ingest/ingest-folder';
import { fixture, type Fixture } from '../ingest/test-helpers';
import { analyzeProject, type ProjectAnalysis } from './analysis';
import { resolveConfigPath } from './config-link';
import { projectExperiments } from './experiments';
import { projectHealth } from './health';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const OPUS = 'claude-opus-4-5';
const MINIMAX = 'MiniMax-M2.1';
const V183 = 'openhands@v1.8.3';
const PROJECTS = ['django/django', 'sympy/sympy', 'sphinx-doc/sphinx'] as const;

interface Slice {
  fx: Fixture;
  analysis: Map<string, ProjectAnalysis>;
  experiments: Map<string, ExperimentResult[]>;
}

const records: Array<Record<string, unknown>> = gunzipSync(readFileSync(join(import.meta.dirname, 'fixtures', 'openhands-swebench-slice.jsonl.gz')))
  .toString('utf8').trim().split('\n').map((l) => JSON.parse(l));

/** Ingests the setups kept by `keep` with `config` as the run_logs folder's project_config.json. */
async function slice(keep: (strategy: string, model: string) => boolean, config: object): Promise<Slice> {
  const fx = fixture();
  const rows = records.filter((r) => keep(String(r.strategy), String(r.model)));
  writeFileSync(join(fx.root, 'runs.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(join(fx.root, 'project_config.json'), JSON.stringify(config));
  await ingestFolder(fx.store, fx.root, { now: NOW });
  const analysis = new Map<string, ProjectAnalysis>();
  const experiments = new Map<string, ExperimentResult[]>();
  for (const id of await fx.store.aggregates.projectIds()) {
    const a = await analyzeProject(fx.store, id, await resolveConfigPath(fx.store.configLinks, id, {}), DEFAULT_TUNING, undefined, async () => await projectHealth(fx.store, id, NOW));
    analysis.set(id, a);
    experiments.set(id, (await projectExperiments(fx.store, id, a)).experiments);
  }
  return { fx, analysis, experiments };
}

function exp(s: Slice, project: string, factor: string): ExperimentResult {
  const e = s.experiments.get(project)?.find((x) => x.factor === factor && x.name == null);
  if (!e) throw new Error(`no ${factor} experiment in ${project}`);
  return e;
}
function row(e: ExperimentResult, value: string): VariantRow {
  const v = e.variants.find((x) => x.value === value);
  if (!v) throw new Error(`no arm ${value} in the ${e.factor} experiment`);
  return v;
}
const cards = (s: Slice, project: string): Recommendation[] => s.analysis.get(project)!.recommendations.recommendations;

/** Relative closeness for p-values that span 1e-200 … 1. */
function expectRel(actual: number | null | undefined, expected: number, rel = 1e-6): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

/** scipy / statsmodels on the same records (one run per task and arm unless said). */
interface Reference {
  paired_n: number;
  mcnemar?: number;
  paired_t_pass?: number;
  fisher: number;
  welch_usd: number;
  paired_t_usd: number;
  paired_t_log: number;
  cmh_week?: number;
  strat_week_usd_diff?: number;
  strat_week_usd_p?: number;
}

/**
 * MiniMax-M2.1 vs claude-opus-4-5, both openhands@v1.8.3, submitted 9.5 h apart: scipy
 * binomtest(min(b, c), b + c) for McNemar, fisher_exact, ttest_ind(equal_var=False),
 * ttest_1samp on the per-task differences; statsmodels StratifiedTable.test_null_odds
 * (correction=False) over the week strata; the week-stratified dollar difference with
 * 2·norm.sf(|d|/se). On all 500 swe-bench tasks MiniMax resolves 7.8 points fewer (McNemar
 * p = 2.18e-5); per repository:
 */
const MINIMAX_VS_OPUS: Record<(typeof PROJECTS)[number], Reference & { b: number; c: number }> = {
  'django/django': {
    paired_n: 231, b: 10, c: 26, mcnemar: 0.011330984183587134, fisher: 0.0988953263573257, welch_usd: 1.6233009899964422e-28,
    paired_t_usd: 2.1900507016703025e-35, paired_t_log: 1.255030124376079e-68,
    cmh_week: 0.07892803248920344, strat_week_usd_diff: -1.178267963636364, strat_week_usd_p: 6.489180992068777e-36,
  },
  'sympy/sympy': {
    paired_n: 75, b: 4, c: 13, mcnemar: 0.049041748046875, fisher: 0.1536441737304015, welch_usd: 4.836755810122134e-10,
    paired_t_usd: 1.8389803046357765e-13, paired_t_log: 1.0922344618717509e-34,
    cmh_week: 0.1099955174318904, strat_week_usd_diff: -1.2113287666666666, strat_week_usd_p: 2.2198044931934786e-12,
  },
  'sphinx-doc/sphinx': {
    paired_n: 44, b: 2, c: 4, mcnemar: 0.6875, fisher: 0.8269086225067179, welch_usd: 5.202991051387616e-07,
    paired_t_usd: 7.884728349737831e-09, paired_t_log: 7.296174733554327e-15,
    cmh_week: 0.6632976774286751, strat_week_usd_diff: -1.1322765147727272, strat_week_usd_p: 3.0881271165523957e-08,
  },
};

function expectMatches(v: VariantRow, ref: Reference): void {
  expect(v.paired_n).toBe(ref.paired_n);
  expectRel(v.p_value_pass_paired, ref.mcnemar ?? ref.paired_t_pass!);
  expectRel(v.p_value_pass, ref.fisher);
  expectRel(v.p_value_cost, ref.welch_usd);
  expectRel(v.p_value_cost_paired_usd, ref.paired_t_usd);
  expectRel(v.p_value_cost_paired, ref.paired_t_log);
  if (ref.cmh_week != null) {
    expect(v.stratified?.by).toEqual(['week']);
    expectRel(v.stratified?.p_value_pass, ref.cmh_week);
    expectRel(v.stratified?.cost_diff_usd, ref.strat_week_usd_diff!, 1e-9);
    expectRel(v.stratified?.p_value_cost, ref.strat_week_usd_p!);
  }
}

describe('which model: MiniMax-M2.1 (cheaper, fewer tasks resolved) vs claude-opus-4-5 on the same tasks', () => {
  let s: Slice;
  beforeAll(async () => {
    s = await slice((st, m) => st === V183 && (m === OPUS || m === MINIMAX), { model: OPUS });
  });
  afterAll(() => s.fx.cleanup());

  it.each(PROJECTS)('%s: the paired figures match scipy; the decision is paired and MiniMax is never a winner', (p) => {
    const e = exp(s, p, 'model');
    expect(e.control).toBe(OPUS);
    expect(e.control_source).toBe('config');
    const v = row(e, MINIMAX);
    expectMatches(v, MINIMAX_VS_OPUS[p]);
    expect(v.decision_basis).toBe('paired');
    expect(v.status).not.toBe('winner');
    expect(e.winner).toBeNull();
    // Raw counts hide it (Fisher p ≥ 0.09); on the same tasks the drop shows.
    expect(v.decision_effects.pass_rate!.gain).toBeLessThan(0);
  });

  it('django: per-arm intervals match statsmodels (Wilson) and scipy (t interval on dollars)', async () => {
    const e = exp(s, 'django/django', 'model');
    const o = row(e, OPUS);
    const m = row(e, MINIMAX);
    expect([o.passes, o.qa_n, m.passes, m.qa_n]).toEqual([185, 231, 169, 231]);
    // proportion_confint(185, 231, method='wilson'), (169, 231)
    [[o.pass_ci95, [0.7446321747693682, 0.8472565006715772]], [m.pass_ci95, [0.671012256987945, 0.7846142773442936]]].forEach(([a, b]) => {
      expectRel(a![0], b![0]);
      expectRel(a![1], b![1]);
    });
    // stats.t.interval(0.95, n − 1, mean, sem)
    expectRel(o.cost_mean, 1.8207112922077924);
    expectRel(o.cost_ci95![0], 1.6417101790631188);
    expectRel(o.cost_ci95![1], 1.999712405352466);
    expectRel(m.cost_mean, 0.6424433285714284);
    expectRel(m.cost_ci95![0], 0.5935403780642438);
    expectRel(m.cost_ci95![1], 0.691346279078613);
  });

  it('django and sympy (McNemar p ≤ 0.05): no card for MiniMax at all — neither "cheaper" nor a health revert', async () => {
    for (const p of ['django/django', 'sympy/sympy']) {
      expect(cards(s, p).filter((r) => r.recommended_value === MINIMAX), p).toEqual([]);
      const held = (s.analysis.get(p)!.recommendations.considered ?? []).find((c) => c.value === MINIMAX);
      expect(held?.reason_kind, p).toBe('qa_risk');
      // Two submissions, one batch each: health reads batches as its observations (batch-changes.ts), and
      // two are no evidence of a change beyond "another batch", so it proposes no revert to hold back.
      // (Counted run by run, the opus batch's higher cost was a change and its revert was held back here.)
      expect(held?.reason, p).not.toMatch(/Health's revert/);
      const h = await projectHealth(s.fx.store, p, NOW);
      expect(h.alerts.filter((a) => a.kind === 'degradation' && a.metric === 'cost_per_run' && a.method !== 'seed_rule_7d_vs_30d'), p).toEqual([]);
    }
  });

  it('sphinx (44 tasks, McNemar p = 0.69): at most a low card, which auto-tune does not apply', async () => {
    // P(drop > 5 points) = 0.47: the experiment says "may be worse", not "probably" (it said so before).
    expect(row(exp(s, 'sphinx-doc/sphinx', 'model'), MINIMAX).reason).toMatch(/pass rate \(by > 5 points\) may be worse \(P = 0\.47\): not a winner/);
    for (const r of cards(s, 'sphinx-doc/sphinx').filter((x) => x.recommended_value === MINIMAX)) {
      expect(r.confidence).toBe('low');
      expect(r.explanation).toMatch(/47% chance QA drops by more than 5 points/);
      // The card and the experiment disagree only in words: the card says why it is not a winner there.
      expect(r.explanation).toMatch(/The model experiment does not call MiniMax-M2\.1 a winner for the same reason \(its QA guardrail stops at P ≥ 0\.4\): this card is only low/);
    }
  });

  it("health's cost revert to the model that resolves fewer of the same tasks is held back (it was 'high' before)", async () => {
    // The cost rose when the opus batch followed the MiniMax batch: health proposes reverting the model.
    const e = exp(s, 'django/django', 'model');
    const est = (value: number, n: number) => ({ value, ci95: null, n });
    const [revert] = recoveryRecommendations('django/django', {
      alerts: [{
        kind: 'degradation', metric: 'cost_per_run', series: 'project', change_at: '2026-01-27T01:24:15.000Z', change_interval: null,
        detected_at: '2026-01-27T01:24:15.000Z', before: est(0.64, 231), after: est(1.82, 231), relative_change: 1.83, certainty: 1,
        severity: 'critical', method: 'cusum', status: 'ongoing', resolved_at: null, linked: [], also_in: [],
      }],
      recovery_proposals: [{
        field: 'model', from: OPUS, to: MINIMAX, alert_index: 0, alert_indices: [0],
        evidence: { metric: 'cost_per_run', change_at: '2026-01-27T01:24:15.000Z', before: est(0.64, 231), after: est(1.82, 231), with_from: est(1.82, 231), with_to: est(0.64, 231), runs_with_from_recent: 20, recent_runs: 20 },
      }],
    } as unknown as Parameters<typeof recoveryRecommendations>[1], { model: OPUS });
    expect(revert.confidence).toBe('high');
    const g = guardRecovery([revert], [e]);
    expect(g.recommendations).toEqual([]);
    expect(g.considered).toHaveLength(1);
    expect(g.considered[0]).toMatchObject({ value: MINIMAX, reason_kind: 'qa_risk' });
    expect(g.considered[0].reason).toMatch(/on the 231 tasks both ran\) = 0\.77/);
    // And through the whole analysis with the real health: no revert card in any project.
    for (const p of PROJECTS) expect(cards(s, p).filter((r) => r.kind === 'recovery'), p).toEqual([]);
  });

  it('every arm is one submission: same_timestamp says the times are batch times', async () => {
    const w = exp(s, 'django/django', 'model').warnings.filter((x) => x.kind === 'same_timestamp');
    expect(w).toHaveLength(1);
    expect(w[0].message).toMatch(/batch or submission times/);
  });
});

describe('harness versions that only ran with other models, and $0 costs that were not recorded', () => {
  let s: Slice;
  beforeAll(async () => {
    s = await slice(() => true, { model: OPUS, prompts: { default_strategy: V183 } });
  });
  afterAll(() => s.fx.cleanup());

  it.each(PROJECTS)('%s: openhands@v1.22.1 (DeepSeek-V4-Pro only) costs under a twentieth per run, is fully confounded with model, gets no card', (p) => {
    const e = exp(s, p, 'prompt_strategy');
    expect(e.control).toBe(V183);
    const c = row(e, V183);
    const v = row(e, 'openhands@v1.22.1');
    expect(v.cost_mean! / c.cost_mean!).toBeLessThan(0.05);
    expect(v.decision_basis).toBeNull();
    expect(v.status).toBe('collecting');
    expect(v.reason).toMatch(/fully confounded with model/);
    expect(e.warnings.some((w) => w.kind === 'fully_confounded' && w.message.includes('"openhands@v1.22.1"') && /fully confounded with model/.test(w.message))).toBe(true);
    expect(e.warnings.some((w) => w.kind === 'confounding' && w.message.includes('"openhands@v1.22.1"'))).toBe(true);
    const a = s.analysis.get(p)!.recommendations;
    expect(a.recommendations.filter((r) => r.field === 'prompt_strategy')).toEqual([]);
    expect((a.considered ?? []).find((x) => x.field === 'prompt_strategy' && x.value === 'openhands@v1.22.1')?.reason_kind).toBe('confounded');
  });

  it('django: figures of the pooled arms match scipy (two runs per task in the control: per-task means, paired t)', async () => {
    // openhands@v1.8.3 ran opus and MiniMax: per-task pass rate means, paired t (ttest_1samp).
    expectMatches(row(exp(s, 'django/django', 'prompt_strategy'), 'openhands@v1.22.1'), {
      paired_n: 231, paired_t_pass: 0.3838890707491874, fisher: 0.6373649921994236, welch_usd: 2.6983129885126283e-73,
      paired_t_usd: 5.878106586876599e-61, paired_t_log: 1.0787779424307778e-202,
    });
    // GPT-5.5 ran under two harnesses, one of which records $0: per-task means again.
    expectMatches(row(exp(s, 'django/django', 'model'), 'GPT-5.5'), {
      paired_n: 231, paired_t_pass: 0.07464706059086391, fisher: 0.20314028323536248, welch_usd: 1.707654803737963e-26,
      paired_t_usd: 1.0682775851858254e-30, paired_t_log: 6.492414046646389e-07,
    });
  });

  it('$0 setups are named: acp-codex@v1.19.1 (every run $0) and GPT-5.5 (half its runs $0)', async () => {
    for (const p of PROJECTS) {
      const zs = exp(s, p, 'prompt_strategy').warnings.filter((w) => w.kind === 'zero_cost');
      expect(zs.map((w) => (w.message.match(/"([^"]+)"/))![1]), p).toEqual(['acp-codex@v1.19.1']);
      expect(zs[0].message).toMatch(/^100 % of/);
      const zm = exp(s, p, 'model').warnings.filter((w) => w.kind === 'zero_cost');
      expect(zm.map((w) => (w.message.match(/"([^"]+)"/))![1]), p).toEqual(['GPT-5.5']);
      expect(zm[0].message).toMatch(/^50 % of/);
    }
  });

  it('same_timestamp only where it applies: arms that pool several submissions are not flagged', async () => {
    for (const p of PROJECTS) {
      expect(exp(s, p, 'prompt_strategy').warnings.filter((w) => w.kind === 'same_timestamp'), p).toEqual([]);
      expect(exp(s, p, 'model').warnings.filter((w) => w.kind === 'same_timestamp'), p).toEqual([]);
    }
  });

  it('no project gets any card: every cheaper arm is confounded, worse on QA, or a low card at most', async () => {
    for (const p of PROJECTS) for (const r of cards(s, p)) expect(r.confidence, `${p}: ${r.recommended_value}`).toBe('low');
  });
});

describe('the same model under a harness that records $0: cost not recorded, never "cheaper"', () => {
  let s: Slice;
  beforeAll(async () => {
    s = await slice((_, m) => m === 'GPT-5.5', { model: 'GPT-5.5', prompts: { default_strategy: 'openhands@v1.18.1' } });
  });
  afterAll(() => s.fx.cleanup());

  it('django: paired on 231 tasks, same week; figures match scipy; the reason is cost_not_recorded, not "too few runs"', async () => {
    const e = exp(s, 'django/django', 'prompt_strategy');
    const v = row(e, 'acp-codex@v1.19.1');
    expect(v.cost_mean).toBe(0);
    expect(v.decision_basis).toBe('paired');
    expectRel(v.p_value_pass_paired, 0.79052734375); // McNemar exact, b = 6, c = 8
    expectRel(v.p_value_pass, 0.8991403772990162);
    expectRel(v.stratified?.p_value_pass, 0.7999401352433946); // CMH over the one shared week
    expectRel(v.stratified?.cost_diff_usd, -1.3513091948051947, 1e-9);
    expect(e.warnings.some((w) => w.kind === 'zero_cost' && w.message.includes('"acp-codex@v1.19.1"'))).toBe(true);
    const a = s.analysis.get('django/django')!.recommendations;
    expect(a.recommendations).toEqual([]);
    const c = (a.considered ?? []).find((x) => x.value === 'acp-codex@v1.19.1')!;
    expect(c.reason_kind).toBe('cost_not_recorded');
    expect(c.reason).not.toMatch(/runs per arm would settle/);
  });
});
