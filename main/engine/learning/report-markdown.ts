/** The learning report as markdown (seed 002 §8.3): pure string building. */
import type { LearningResult } from './learn';
import { projectReport, type ReportTable } from './report-model';

/** Escapes text for a markdown paragraph or table cell (pipes, backslashes, markup, newlines). */
export function mdEscape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/([`*_[\]<>|#])/g, '\\$1').replace(/\r?\n/g, ' ');
}

function table(t: ReportTable): string[] {
  if (t.rows.length === 0) return ['_No data._'];
  return [
    `| ${t.head.map(mdEscape).join(' | ')} |`,
    `|${t.head.map(() => ' --- ').join('|')}|`,
    ...t.rows.map((r) => `| ${r.map(mdEscape).join(' | ')} |`),
  ];
}

export interface ReportOptions {
  title?: string;
  /** ISO time the report was generated (defaults to the first result's generated_at). */
  generatedAt?: string;
}

/** Markdown learning report for one or more projects. */
export function renderLearningMarkdown(results: readonly LearningResult[], opts: ReportOptions = {}): string {
  const out: string[] = [`# ${mdEscape(opts.title ?? 'RunBrain learning report')}`, ''];
  out.push(`Generated ${mdEscape(opts.generatedAt ?? results[0]?.generated_at ?? '')} · ${results.length} project${results.length === 1 ? '' : 's'}`, '');
  if (results.length === 0) out.push('_No runs._', '');
  for (const r of results) {
    const rep = projectReport(r);
    if (results.length > 1) out.push(`## Project ${mdEscape(rep.project)}`, '');
    const h = results.length > 1 ? '###' : '##';
    out.push(`${h} Executive summary`, '', ...rep.summary.map((s) => `- ${mdEscape(s)}`), '');
    out.push(`${h} Key findings`, '');
    if (rep.findings.length === 0) out.push('_Nothing to report: the runs log no gates, steps, decisions or prompt versions._', '');
    for (const f of rep.findings) {
      out.push(`**${mdEscape(f.title)}**`, '');
      for (const l of f.lines) out.push(`- ${mdEscape(l)}`);
      if (f.lines.length) out.push('');
      if (f.table) out.push(...table(f.table), '');
    }
    out.push(`${h} Suggested next actions`, '');
    if (rep.actions.length === 0) out.push('_No suggestion: no feedback loop triggered._', '');
    rep.actions.forEach((a, i) => {
      out.push(`${i + 1}. **${mdEscape(a.title)}** (${mdEscape(a.meta)})`);
      out.push(`   - Change: ${mdEscape(a.change)}`);
      out.push(`   - ${mdEscape(a.impact)}`);
      out.push(`   - Evidence: ${mdEscape(a.evidence)}`);
      out.push(`   - Confidence: ${mdEscape(a.confidence_basis)}`);
    });
    if (rep.actions.length) out.push('');
    out.push(`${h} Metric trends`, '');
    if (rep.sparklines.length) {
      // Weekly sparklines (each scaled to its own range), then the numbers.
      out.push(...rep.sparklines.map((s) => `- ${mdEscape(s.label)}: \`${s.line}\` ${mdEscape(`${s.first} → ${s.last}`)}`), '');
    }
    out.push(...table(rep.trends), '');
  }
  return out.join('\n');
}
