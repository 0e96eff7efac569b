import { describe, expect, it } from 'vitest';
import { learn } from './learn';
import { DEFAULT_LEARNING_OPTIONS } from './options';
import { compareQuality } from './quality-trend';
import { currentPromptVersion, roleOfVersion, stableHash, suggestionId, type Suggestion } from './suggestions';
import { day, lrun, maskTemplate, passRuns, plantedRuns } from './test-runs';

const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const NOW = new Date(day(28));

describe('suggestion ids', () => {
  it('are FNV-1a of trigger and subject: stable and distinct', () => {
    expect(stableHash('a')).toBe('e40c292c'); // published FNV-1a 32 test vector
    expect(suggestionId('gate_root_cause', 'api_contract_present: missing error codes for endpoint <*>')).toBe('SUG-fc95e98c');
    expect(suggestionId('handoff', 'a → b')).not.toBe(suggestionId('handoff', 'a → c'));
  });
});

describe('feedback loops → suggestions', () => {
  const { result } = learn({ runs: plantedRuns(), now: NOW, templateOf: maskTemplate });
  const by = (trigger: Suggestion['trigger']) => result.suggestions.filter((s) => s.trigger === trigger);

  it('loop 1: a root cause seen 3+ times on a gate failing > 10 % → constraint clarity, with a ceiling', () => {
    const g = by('gate_root_cause');
    expect(g.map((s) => [s.subject, s.suggestion_type])).toEqual([
      ['api_contract_present: missing error codes for endpoint <*>', 'constraint_clarity'],
      ['api_contract_present: File does not exist at api/openapi.yaml', 'constraint_clarity'],
    ]); // "timeout after <*>s" is seen only twice
    const s = g[0];
    expect(s.agent_role).toBe('architect');
    // P(rate > 10 %) under Beta(20, 31) (scipy.stats.beta.sf) × share 12/19, rounded to 3 decimals
    expect(s.confidence).toBe(0.632);
    expect(s.evidence).toMatchObject({ failures: 19, checks: 49, count: 12, root_cause: 'missing error codes for endpoint <*>' });
    expect(s.expected_impact).toMatchObject({ ceiling: true, metric: 'gate_failure_rate' });
    expect(s.expected_impact.at_most).toBeCloseTo(-12 / 19, 12);
    expect(s.expected_impact.text).toMatch(/^at most −63 % api_contract_present failures .* if this root cause disappears$/);
    expect(s.proposed_change.text).toContain('architect prompt');
    expect([s.effort, s.risk]).toEqual(['low', 'low']);
  });

  it('loop 2: overrides ≥ 50 % without listed options → decision framework', () => {
    const [s] = by('override_rate');
    expect(s.suggestion_type).toBe('decision_framework');
    expect(s.agent_role).toBe('engineer');
    // P(rate ≥ 0.5) under Beta(9, 5) = 0.8665771484375 (scipy.stats.beta.sf)
    expect(s.confidence).toBeCloseTo(0.867, 6);
    expect(s.expected_impact.text).toContain('at most −8 overrides in 12 decisions');
  });

  it('handoff loop: B worse after A than elsewhere → role handoff improvement', () => {
    const [s] = by('handoff');
    expect(s.subject).toBe('engineer → qa');
    expect(s.suggestion_type).toBe('role_handoff_improvement');
    // P(rate < 0.7) under Beta(31, 31) for 30/60
    expect(s.confidence).toBe(0.999); // scipy.stats.beta.cdf(0.7, 31, 31) = 0.99947, rounded
    expect(s.evidence.success_elsewhere).toMatchObject({ successes: 9, n: 10 });
    expect(s.expected_impact.at_most).toBeCloseTo(0.4, 12);
  });

  it('is empty on clean data', () => {
    const clean = learn({ runs: passRuns(30, 30, { started_at: day(1) }), now: NOW, templateOf: maskTemplate }).result;
    expect(clean.suggestions).toEqual([]);
  });

  it('handles no runs at all', () => {
    const empty = learn({ runs: [], now: NOW, templateOf: maskTemplate }).result;
    expect(empty).toMatchObject({ runs: 0, project_id: null, suggestions: [], gate_root_causes: [], prediction: { method: 'none', holdout_n: 0 } });
    expect(empty.overview.qa_pass_rate).toEqual({ successes: 0, n: 0, rate: null, ci95: null });
    expect(() => JSON.stringify(empty)).not.toThrow();
  });
});

describe('loop 4: quality drop vs the previous period', () => {
  const o = DEFAULT_LEARNING_OPTIONS;
  it('uses the QA pass rate when quality scores are missing (posterior probability from scipy quad)', () => {
    const runs = [
      ...passRuns(20, 18, { prompt_version: 'v1' }).map((r, i) => ({ ...r, started_at: day(14 + i * 0.3) })),
      ...passRuns(20, 10, { prompt_version: 'v2' }).map((r, i) => ({ ...r, started_at: day(21 + i * 0.3) })),
      lrun({ qa_status: 'failed', started_at: day(1) }), // outside both periods
    ];
    const q = compareQuality(runs, NOW, o.loops, o.labels)!;
    expect(q.metric).toBe('qa_pass_rate');
    expect([q.previous.value, q.current.value]).toEqual([0.9, 0.5]);
    expect(q.relative_drop).toBeCloseTo(4 / 9, 12);
    expect(q.prob_lower).toBeCloseTo(0.9968475556595144, 6);
    expect(q.changed).toEqual(['prompt_version']);
    // Logs that stopped long before `now` still compare their last two periods.
    expect(compareQuality(runs, new Date(day(200)), o.loops, o.labels)).toEqual(q);
    // Runs after `now` are not looked at.
    expect(compareQuality(runs, new Date(day(21.1)), o.loops, o.labels)).toBeNull();
    const s = learn({ runs, now: NOW, templateOf: maskTemplate }).result.suggestions.find((x) => x.trigger === 'quality_drop')!;
    expect(s.proposed_change.text).toContain('prompt_version v1 → v2');
    expect(s.experiment.control).toBe('v2');
    expect(s.expected_impact.text).toMatch(/^at most \+80 % qa_pass_rate \(back to the previous period's 90.0 %\)/);
  });
  it('uses the mean quality score when both periods have enough scored runs', () => {
    const q = (cov: number, crit: number, slo: boolean) => ({ tests: { coverage_percent: cov }, security: { critical: crit, major: 0 }, performance: { within_slo: slo }, rework: false });
    const runs = [
      ...times(6, (i) => lrun({ started_at: day(15 + i * 0.1), ...q(80, 0, true) })), // 95
      ...times(4, (i) => lrun({ started_at: day(16 + i * 0.1), ...q(100, 0, false) })), // 80
      ...times(5, (i) => lrun({ started_at: day(22 + i * 0.1), ...q(100, 0, false) })), // 80
      ...times(5, (i) => lrun({ started_at: day(23 + i * 0.1), ...q(60, 1, true) })), // 60
    ];
    const c = compareQuality(runs, NOW, o.loops, o.labels)!;
    expect(c.metric).toBe('quality_score');
    expect(c.previous.value).toBeCloseTo(89, 12);
    expect(c.current.value).toBeCloseTo(70, 12);
    expect(c.prob_lower).toBeCloseTo(0.9999978174029474, 9);
  });
  it('stays quiet with too few runs in a period', () => {
    expect(compareQuality(passRuns(4, 0, { started_at: day(22) }), NOW, o.loops, o.labels)).toBeNull();
  });
});

describe('loop 5: tokens', () => {
  it('a version > 20 % more tokens per pass with no better quality → constraint removal', () => {
    const v = (version: string, from: number, passes: number, tokens: number) =>
      passRuns(20, passes, { prompt_version: version, tokens_in: tokens }).map((r, i) => ({ ...r, started_at: day(from + i / 10) }));
    const runs = [...v('v1', 0, 16, 1000), ...v('v2', 3, 17, 1600)];
    const [s] = learn({ runs, now: NOW, templateOf: maskTemplate }).result.suggestions.filter((x) => x.trigger === 'token_excess');
    expect(s.suggestion_type).toBe('constraint_removal');
    expect(s.subject).toBe('v2');
    // P(p_v2 ≤ p_v1) with Beta(18, 4) vs Beta(17, 5): 0.3482582019167382 (scipy quad)
    expect(s.confidence).toBeCloseTo(0.348, 6);
    expect(s.expected_impact.at_most).toBeCloseTo(-(1 - 1250 / (32000 / 17)), 12);
    expect(s.experiment.control).toBe('v2');
    expect(s.agent_role).toBeNull();
  });
  it('reads the role from a seed-002 version name', () => {
    expect(roleOfVersion('architect.v2.3')).toBe('architect');
    expect(roleOfVersion('v2.3')).toBeNull();
    expect(roleOfVersion('qa-lead.v1')).toBe('qa-lead');
  });
});

describe("the declared experiment's control", () => {
  it('is the prompt version of the latest dated run that logs one, unless the loop names another', () => {
    const runs = [
      lrun({ started_at: day(3), prompt_version: 'v2' }),
      lrun({ started_at: day(1), prompt_version: 'v1' }),
      lrun({ started_at: day(4) }),
      lrun({ started_at: null, prompt_version: 'undated' }),
    ];
    // Undated runs sort last, so they count as the latest.
    expect(currentPromptVersion(runs)).toBe('undated');
    expect(currentPromptVersion(runs.slice(0, 3))).toBe('v2');
    expect(currentPromptVersion([lrun({})])).toBeNull();
    const versioned = plantedRuns().map((r) => ({ ...r, prompt_version: 'v7' }));
    const { result } = learn({ runs: versioned, now: NOW, templateOf: maskTemplate });
    const current = currentPromptVersion(versioned);
    expect(current).toBe('v7');
    expect(result.suggestions.filter((x) => x.trigger === 'gate_root_cause' || x.trigger === 'override_rate').length).toBeGreaterThan(0);
    for (const s of result.suggestions.filter((x) => x.trigger === 'gate_root_cause' || x.trigger === 'override_rate')) expect(s.experiment.control).toBe(current);
  });
});

describe('health links', () => {
  it('carries the health tables through typed slots, null when not supplied', () => {
    const rows = [{ role: 'architect', task_type: null, avg_retries: 1.8, runs: 40 }];
    const r = learn({ runs: passRuns(3, 3), now: NOW, templateOf: maskTemplate, health: { retry_hotspots: rows } }).result;
    expect(r.retry_hotspots).toEqual({ source: 'health', table: 'retry_hotspots', rows });
    expect(r.error_recovery).toEqual({ source: 'health', table: 'error_recovery', rows: null });
  });
});
