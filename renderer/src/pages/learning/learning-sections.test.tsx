import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { CalibrationRow, Handoff, LabelCounts, PredictionSummary, TokenEfficiencyRow } from '../../../../shared/learning';
import { HandoffMatrix } from './handoff-matrix';
import { LabelsSummary } from './labels-summary';
import { HealthLinks } from './overview-strip';
import { OverridesTable } from './overrides-table';
import { PredictionBlock } from './prediction-block';
import { RecipesTable } from './recipes-table';
import { Calibration, ReliabilityDiagram } from './reliability-diagram';
import { RootCauses } from './root-causes';
import { SuggestionsList } from './suggestions-list';
import { TokenChart, TokenEfficiency } from './token-efficiency';

// The suggestions list asks the API for declared experiments once mounted; static rendering never mounts.
vi.mock('../../api/client', () => ({ api: {}, errorMessage: String }));

const html = (el: React.ReactElement) => renderToStaticMarkup(el);
const emptyText = (markup: string) => /data-testid="learn-empty">([^<]*)</.exec(markup)?.[1] ?? null;

describe('Learning sections', () => {
  it('each empty section says why it is empty', () => {
    expect(emptyText(html(<RootCauses rows={[]} gatesLogged={false} />))).toBe('The runs log no gate results, so there is no failure to trace.');
    expect(emptyText(html(<RootCauses rows={[]} gatesLogged />))).toBe('No gate fails more than 10 % of its checks.');
    expect(emptyText(html(<HandoffMatrix rows={[]} />))).toMatch(/consecutive steps by two different named agents/);
    expect(emptyText(html(<OverridesTable rows={[]} />))).toMatch(/No decision logs both the agent recommendation and the human decision/);
    expect(emptyText(html(<TokenEfficiency rows={[]} />))).toMatch(/both a token count and a QA outcome/);
    expect(emptyText(html(<RecipesTable recipes={{ rows: [], warnings: [] }} />))).toBe('No run logs a recipe.');
    expect(emptyText(html(<Calibration rows={[]} />))).toMatch(/agent_confidence/);
    expect(emptyText(html(<SuggestionsList projectId="p" rows={[]} />))).toMatch(/^No feedback loop fired/);
    const none: PredictionSummary = { brier: null, baseline_brier: null, holdout_n: 0, train_n: 4, holdout_ece: null, method: 'none', factors: [], reason: 'Only 4 runs with a QA outcome; at least 10 are needed.' };
    expect(emptyText(html(<PredictionBlock p={none} />))).toBe(none.reason);
    const labels: LabelCounts = {
      gates: { excellent: 0, good: 0, acceptable: 0, poor: 0 }, decisions: { correct: 0, reasonable: 0, incorrect: 0 },
      output_quality: { production_ready: 0, needs_minor_fixes: 0, needs_rework: 0 }, unlabelled: { gates: 0, decisions: 3, runs: 0 }, prompt_versions: [],
      derived: { at_ingest: 3, on_read: 2, rules_since: '2026-11-20T10:15:00.000Z' },
    };
    const health = (rows: unknown[] | null) => ({ retry_hotspots: { source: 'health', table: 'retry_hotspots', rows }, error_recovery: { source: 'health', table: 'error_recovery', rows } }) as unknown as Parameters<typeof HealthLinks>[0]['l'];
    expect(html(<HealthLinks l={health(null)} />)).toContain('The health analysis did not supply retry hotspots.');
    expect(html(<HealthLinks l={health([])} />)).toContain('The health analysis found no recovery strategies.');
    const l = html(<LabelsSummary labels={labels} />);
    expect(l).toContain('None labelled (3 without the inputs the rules need).');
    expect(l).toContain('No run logs a prompt version.');
    expect(l).toContain('Run labels of 3 runs derived at ingest under the current label rules since 2026-11-20 10:15 UTC (a rule change re-derives them); 2 runs stored before labels were kept');
  });

  it('the reliability diagram puts each bucket at (stated, actual) with its Wilson whisker; empty buckets are not drawn', () => {
    const row: CalibrationRow = {
      agent: 'architect', source: 'decision', n: 30, ece: 0.3, brier: 0.35, mean_stated: 0.9, actual: 0.6, actual_ci95: [0.42, 0.75], flag: 'overconfident',
      buckets: [
        { from: 0.8, to: 1, n: 30, stated: 0.9, actual: 0.6, actual_ci95: [0.42, 0.75] },
        { from: 0, to: 0.2, n: 0, stated: null, actual: null, actual_ci95: null },
      ],
    };
    const svg = html(<ReliabilityDiagram row={row} />);
    // Plot area 28..172 of a 200 box: x = 28 + 144·0.9, y = 172 − 144·0.6.
    expect(svg).toContain('cx="157.6"');
    expect(svg).toContain('cy="85.6"');
    expect(svg).toContain('y1="111.52"'); // 172 − 144·0.42
    expect(svg.match(/data-testid="reliability-point"/g)).toHaveLength(1);
    const section = html(<Calibration rows={[row]} />);
    expect(section).toContain('ECE 0.300 · Brier 0.350');
    expect(section).toContain('Overconfident');
  });

  it('the handoff matrix has a cell per logged pair and a dash elsewhere', () => {
    const h = (from: string, to: string, rate: number, rank: number): Handoff => ({
      from, to, n: 20, success_n: 20, success_rate: rate, success_ci95: [rate - 0.1, rate + 0.05], avg_retries: 0.2, rank,
      gate_checks: 0, gate_handoffs: 0, gate_pass_rate: null, gate_pass_ci95: null, basis: 'step_success', pass_rate: rate, pass_ci95: [rate - 0.1, rate + 0.05], pass_n: 20,
    });
    const m = html(<HandoffMatrix rows={[h('coder', 'tester', 0.95, 1), h('tester', 'coder', 0.6, 2)]} />);
    expect(m.match(/data-testid="handoff-cell"/g)).toHaveLength(2);
    expect(m).toContain('learn-cell-good');
    expect(m).toContain('learn-cell-bad');
    expect(m.match(/<td class="muted">–<\/td>/g)).toHaveLength(2);
    // A row reporting B's gates: the cell shows the gate pass rate (not the step success) and says so.
    const gated: Handoff = { ...h('coder', 'tester', 0.95, 1), basis: 'gates', gate_checks: 40, gate_handoffs: 20, gate_pass_rate: 0.5, gate_pass_ci95: [0.35, 0.65], pass_rate: 0.5, pass_ci95: [0.35, 0.65], pass_n: 40 };
    const g = html(<HandoffMatrix rows={[gated]} />);
    expect(g).toContain('data-basis="gates"');
    expect(g).toContain('learn-cell-bad');
    expect(g).toMatch(/gates n=40/);
  });

  it('token bars scale to the top of the intervals and flagged versions are marked', () => {
    const row = (v: string, tps: number | null, flagged: boolean): TokenEfficiencyRow => ({
      prompt_version: v, runs: 10, passes: tps ? 5 : 0, tokens: 5000, tokens_per_success: tps, tokens_per_success_ci95: tps ? [tps * 0.8, tps * 1.25] : null,
      previous_version: null, vs_previous: null, vs_previous_ci95: null, best_version: 'v1', vs_best: 0, quality_p: null, flagged_against: flagged ? 'best' : null, flagged,
    });
    const svg = html(<TokenChart rows={[row('v1', 1000, false), row('v2', 2000, true), row('v3', null, false)]} />);
    expect(svg.match(/class="learn-bar"/g)).toHaveLength(1);
    expect(svg.match(/learn-bar learn-bar-flagged/g)).toHaveLength(1);
    expect(svg).toContain('no pass');
  });
});
