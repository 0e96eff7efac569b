import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { RunDetail } from '../../../../shared/domain';
import { RunOverview } from './run-overview';

const detail = (record: Record<string, unknown>): RunDetail => ({
  row: { run_id: 'r', project_id: 'p', started_at: null, mode: null, prompt_strategy: null, prompt_version: null, model: null, rounds_completed: null,
    max_rounds: null, total_cost_usd: null, duration_s: null, qa_status: null, status: null, file: '/logs/p/a.jsonl' },
  record: { run_id: 'r', project_id: 'p', ...record } as RunDetail['record'],
  raw: null,
  line: 3,
  events: [],
});

describe('run drawer overview', () => {
  it('shows the warnings a run was read with, and the task, stop reason and quality inputs', () => {
    const html = renderToStaticMarkup(<RunOverview d={detail({
      ingest_warnings: ['started_at 0001-01-01T00:00:00Z is before 2000-01-01, most likely a zero or placeholder value: the run is kept without it'],
      task_id: 'django-11099', stop_reason: 'max_rounds', security: { critical: 1, major: 0, minor: 2 }, performance: { within_slo: false }, rework: 2,
    })} />);
    expect(html).toContain('data-testid="run-ingest-warnings"');
    expect(html).toContain('Read with a warning:');
    expect(html).toContain('<li>started_at 0001-01-01T00:00:00Z is before 2000-01-01');
    expect(html).toContain('django-11099');
    expect(html).toContain('max_rounds');
    expect(html).toContain('1 critical, 0 major, 2 minor');
    expect(html).toMatch(/Within SLO<\/dt><dd>no</);
    expect(html).toMatch(/Rework cycles<\/dt><dd>2</);
  });

  it('shows the output-quality auto-label with its score, or what it needs', () => {
    const labelled = { ...detail({}), labels: { gates: [], decisions: [], output_quality: 'needs_minor_fixes' as const, quality_score: 72.5 } };
    const html = renderToStaticMarkup(<RunOverview d={labelled} />);
    expect(html).toContain('data-label="needs_minor_fixes"');
    expect(html).toContain('score 72.5');
    expect(renderToStaticMarkup(<RunOverview d={detail({})} />)).toContain('not labelled: needs coverage, security, performance and rework');
  });

  it('shows no warning block for a run read cleanly', () => {
    expect(renderToStaticMarkup(<RunOverview d={detail({})} />)).not.toContain('run-ingest-warnings');
  });
});
