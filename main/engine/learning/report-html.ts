/** The learning report as one self-contained HTML page with inline SVG charts (no scripts). */
import type { LearningResult } from './learn';
import type { ReportOptions } from './report-markdown';
import { projectReport, type ReportTable } from './report-model';
import { htmlEscape as e, reliabilitySvg, tokenBarsSvg, trendSvg } from './svg-charts';

function table(t: ReportTable): string {
  if (t.rows.length === 0) return '<p><em>No data.</em></p>';
  return `<table><thead><tr>${t.head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${t.rows.map((r) => `<tr>${r.map((c) => `<td>${e(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f5f5f5}.meta{color:#666;font-size:12px}.charts{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:0}figcaption{font-size:12px;color:#555}`;

/** HTML learning report for one or more projects. */
export function renderLearningHtml(results: readonly LearningResult[], opts: ReportOptions = {}): string {
  const title = opts.title ?? 'RunBrain learning report';
  const body: string[] = [`<h1>${e(title)}</h1>`, `<p class="meta">Generated ${e(opts.generatedAt ?? results[0]?.generated_at ?? '')} · ${results.length} project${results.length === 1 ? '' : 's'}</p>`];
  if (results.length === 0) body.push('<p><em>No runs.</em></p>');
  for (const r of results) {
    const rep = projectReport(r);
    body.push(`<section><h2>Project ${e(rep.project)}</h2>`);
    body.push('<h3>Executive summary</h3><ul>', ...rep.summary.map((s) => `<li>${e(s)}</li>`), '</ul>');
    body.push('<h3>Key findings</h3>');
    for (const f of rep.findings) {
      body.push(`<h4>${e(f.title)}</h4>`);
      if (f.lines.length) body.push('<ul>', ...f.lines.map((l) => `<li>${e(l)}</li>`), '</ul>');
      if (f.table) body.push(table(f.table));
    }
    const charts: string[] = [];
    if (r.calibration.length) charts.push(`<figure>${reliabilitySvg(r.calibration)}<figcaption>Reliability diagram: stated confidence vs observed success per bucket (diagonal = calibrated)</figcaption></figure>`);
    if (r.token_efficiency.length) charts.push(`<figure>${tokenBarsSvg(r.token_efficiency)}<figcaption>Tokens per successful run by prompt version (red = flagged)</figcaption></figure>`);
    if (charts.length) body.push(`<div class="charts">${charts.join('')}</div>`);
    body.push('<h3>Suggested next actions</h3>');
    if (rep.actions.length === 0) body.push('<p><em>No suggestion: no feedback loop triggered.</em></p>');
    else {
      body.push('<ol>');
      for (const a of rep.actions) {
        body.push(`<li><strong>${e(a.title)}</strong> <span class="meta">${e(a.meta)}</span><ul><li>Change: ${e(a.change)}</li><li>${e(a.impact)}</li><li>Evidence: ${e(a.evidence)}</li><li>Confidence: ${e(a.confidence_basis)}</li></ul></li>`);
      }
      body.push('</ol>');
    }
    body.push('<h3>Metric trends</h3>');
    const weeks = r.trends;
    if (weeks.length) {
      body.push('<div class="charts">',
        `<figure>${trendSvg('QA pass rate per week', weeks.map((w) => ({ week: w.week_start, value: w.qa_pass_rate })))}</figure>`,
        `<figure>${trendSvg('Gate failure rate per week', weeks.map((w) => ({ week: w.week_start, value: w.gate_failure_rate })))}</figure>`,
        `<figure>${trendSvg('Override rate per week', weeks.map((w) => ({ week: w.week_start, value: w.override_rate })))}</figure>`,
        `<figure>${trendSvg('Tokens per successful run per week', weeks.map((w) => ({ week: w.week_start, value: w.tokens_per_success })))}</figure>`,
        '</div>');
    }
    body.push(table(rep.trends), '</section>');
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>${e(title)}</title><style>${STYLE}</style></head><body>${body.join('\n')}</body></html>\n`;
}
