import { describe, expect, it } from 'vitest';
import { learn } from './learn';
import { renderLearningHtml } from './report-html';
import { mdEscape, renderLearningMarkdown } from './report-markdown';
import { sparkline } from './report-model';
import { htmlEscape, reliabilitySvg } from './svg-charts';
import type { LearningRun } from './types';
import { day, maskTemplate, plantedRuns } from './test-runs';

const NOW = new Date(day(28));

/** The planted project plus confidences, prompt versions with tokens, and a hostile gate id. */
function richRuns(): LearningRun[] {
  return plantedRuns().map((r, i) => ({
    ...r,
    prompt_version: i < 35 ? 'v1' : 'v2',
    tokens_in: i < 35 ? 1000 : 1600,
    decisions: (r.decisions ?? []).map((d) => ({ ...d, agent_confidence: 80 })),
    gates: i === 0 ? [...(r.gates ?? []), { gate_id: '<script>x|y</script>', result: 'fail', reason: 'bad *md* | pipe' }] : r.gates,
  }));
}

describe('learning report', () => {
  const { result } = learn({ runs: richRuns(), now: NOW, templateOf: maskTemplate });

  it('markdown: 3-bullet executive summary, findings, actions, trends', () => {
    const md = renderLearningMarkdown([result], { title: 'Demo' });
    const summary = md.split('## Executive summary\n\n')[1].split('\n\n')[0].split('\n');
    expect(summary).toHaveLength(3);
    expect(summary.every((l) => l.startsWith('- '))).toBe(true);
    expect(summary[0]).toContain('70 runs: QA pass rate 100.0 %');
    for (const h of ['## Key findings', '## Suggested next actions', '## Metric trends', '**Gate-failure root causes**', '**Confidence calibration**']) expect(md).toContain(h);
    for (const s of result.suggestions.slice(0, 5)) expect(md).toContain(s.suggestion_id);
    // every trend week is a table row
    expect(md.match(/^\| 2026-\d\d-\d\d \|/gm)).toHaveLength(result.trends.length);
  });

  it('markdown trends carry text sparklines', () => {
    expect(sparkline([0, 0.5, 1, null, 1])).toBe('▁▅█ █');
    expect(sparkline([3, 3])).toBe('▄▄');
    expect(sparkline([null])).toBe('');
    const md = renderLearningMarkdown([result]);
    expect(md).toMatch(/^- gate failure rate: `[▁▂▃▄▅▆▇█]{2}` \d+ % → 100 %$/m);
    expect(md).toMatch(/^- QA pass rate: `▄▄` 100 % → 100 %$/m);
  });

  it('markdown escapes what the logs contain', () => {
    expect(mdEscape('a|b *c* <d>')).toBe('a\\|b \\*c\\* \\<d\\>');
    const md = renderLearningMarkdown([result]);
    expect(md).not.toContain('<script>');
  });

  it('html: escaped text, inline SVG reliability diagram and token bars, no script', () => {
    const html = renderLearningHtml([result]);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;x|y&lt;/script&gt;');
    expect(html).toContain('aria-label="Reliability diagram"');
    expect(html).toContain('aria-label="Tokens per successful run by prompt version"');
    expect((html.match(/<svg /g) ?? []).length).toBe((html.match(/<\/svg>/g) ?? []).length);
    // v2 spends 60 % more tokens per pass with the same pass rate: its bar is red
    expect(html).toMatch(/<rect [^>]*fill="#d62728"><title>v2: 1600 tokens per pass/);
  });

  it('reliability diagram: one point per non-empty bucket', () => {
    const svg = reliabilitySvg(result.calibration);
    const points = result.calibration.reduce((a, c) => a + c.buckets.filter((b) => b.n > 0).length, 0);
    expect((svg.match(/<circle /g) ?? []).length).toBe(points);
    expect(htmlEscape(`"'&`)).toBe('&quot;&#39;&amp;');
  });

  it('renders several projects and none', () => {
    const md = renderLearningMarkdown([result, { ...result, project_id: 'q' }]);
    expect(md).toContain('## Project p');
    expect(md).toContain('## Project q');
    expect(renderLearningMarkdown([])).toContain('_No runs._');
  });

  it('says plainly when there is nothing to learn from', () => {
    const empty = learn({ runs: [], now: NOW, templateOf: maskTemplate }).result;
    const md = renderLearningMarkdown([empty]);
    expect(md).toContain('- 0 runs: QA pass rate – (95 % CI –)');
    expect(md).toContain('No feedback loop triggered');
    expect(md).toContain('Success prediction: not fitted (0 runs with a QA outcome; at least 10 are needed).');
    expect(md).toContain('_No suggestion: no feedback loop triggered._');
    expect(renderLearningHtml([empty])).toContain('<em>No suggestion: no feedback loop triggered.</em>');
  });
});
