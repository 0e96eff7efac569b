/** Inline SVG charts for the HTML learning report: pure string building, every label escaped. */
import type { CalibrationRow } from './calibration';
import type { TokenEfficiencyRow } from './token-efficiency';

/** Escapes text for HTML / SVG content and attribute values. */
export function htmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const f = (x: number): string => (Math.round(x * 10) / 10).toString();

/**
 * Reliability diagram: stated confidence (x) vs observed success (y) per bucket, one polyline
 * per agent, the diagonal as perfect calibration, point size by bucket count.
 */
export function reliabilitySvg(rows: readonly CalibrationRow[], size = 280): string {
  const pad = 36;
  const w = size - 2 * pad;
  const x = (p: number): number => pad + p * w;
  const y = (p: number): number => size - pad - p * w;
  const colors = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size + 220} ${size}" width="${size + 220}" height="${size}" role="img" aria-label="Reliability diagram">`,
    `<rect x="${pad}" y="${pad}" width="${w}" height="${w}" fill="none" stroke="#999"/>`,
    `<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#bbb" stroke-dasharray="4 3"/>`,
    `<text x="${size / 2}" y="${size - 6}" text-anchor="middle" font-size="11">stated confidence</text>`,
    `<text x="12" y="${size / 2}" text-anchor="middle" font-size="11" transform="rotate(-90 12 ${size / 2})">observed success</text>`,
  ];
  for (const t of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
    parts.push(`<text x="${f(x(t))}" y="${size - pad + 13}" text-anchor="middle" font-size="9">${t}</text>`);
    parts.push(`<text x="${pad - 4}" y="${f(y(t) + 3)}" text-anchor="end" font-size="9">${t}</text>`);
  }
  rows.slice(0, colors.length).forEach((r, i) => {
    const c = colors[i];
    const pts = r.buckets.filter((b) => b.n > 0 && b.stated != null && b.actual != null);
    if (pts.length > 1) parts.push(`<polyline fill="none" stroke="${c}" points="${pts.map((b) => `${f(x(b.stated!))},${f(y(b.actual!))}`).join(' ')}"/>`);
    for (const b of pts) {
      const rad = Math.min(7, 2 + Math.sqrt(b.n));
      parts.push(`<circle cx="${f(x(b.stated!))}" cy="${f(y(b.actual!))}" r="${f(rad)}" fill="${c}" fill-opacity="0.6"><title>${htmlEscape(`${r.agent} (${r.source}): stated ${(b.stated! * 100).toFixed(0)} %, actual ${(b.actual! * 100).toFixed(0)} %, n = ${b.n}`)}</title></circle>`);
    }
    parts.push(`<rect x="${size + 4}" y="${pad + i * 16}" width="10" height="10" fill="${c}"/>`);
    parts.push(`<text x="${size + 18}" y="${pad + i * 16 + 9}" font-size="10">${htmlEscape(`${r.agent} (${r.source}) ECE ${r.ece.toFixed(3)}`)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** Horizontal bars of tokens per successful run per prompt version; flagged versions in red. */
export function tokenBarsSvg(rows: readonly TokenEfficiencyRow[], width = 420): string {
  const withValue = rows.filter((r) => r.tokens_per_success != null);
  const bar = 18;
  const gap = 6;
  const left = 90;
  const right = 60;
  const height = Math.max(1, withValue.length) * (bar + gap) + 24;
  const max = Math.max(1, ...withValue.map((r) => Math.max(r.tokens_per_success!, r.tokens_per_success_ci95?.[1] ?? 0)));
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Tokens per successful run by prompt version">`];
  withValue.forEach((r, i) => {
    const yy = 8 + i * (bar + gap);
    const len = ((width - left - right) * r.tokens_per_success!) / max;
    parts.push(`<text x="${left - 6}" y="${yy + bar - 5}" text-anchor="end" font-size="11">${htmlEscape(r.prompt_version)}</text>`);
    parts.push(`<rect x="${left}" y="${yy}" width="${f(len)}" height="${bar}" fill="${r.flagged ? '#d62728' : '#1f77b4'}"><title>${htmlEscape(`${r.prompt_version}: ${Math.round(r.tokens_per_success!)} tokens per pass (${r.passes}/${r.runs} passed)${r.flagged ? ', flagged' : ''}`)}</title></rect>`);
    const ci = r.tokens_per_success_ci95;
    let labelX = left + len + 4;
    if (ci) {
      // The 95 % interval as a whisker across the bar's end.
      const [a, b] = ci.map((v) => left + ((width - left - right) * v) / max);
      parts.push(`<line x1="${f(a)}" y1="${yy + bar / 2}" x2="${f(b)}" y2="${yy + bar / 2}" stroke="#333"/><line x1="${f(a)}" y1="${yy + 4}" x2="${f(a)}" y2="${yy + bar - 4}" stroke="#333"/><line x1="${f(b)}" y1="${yy + 4}" x2="${f(b)}" y2="${yy + bar - 4}" stroke="#333"/>`);
      labelX = Math.max(labelX, b + 4);
    }
    parts.push(`<text x="${f(labelX)}" y="${yy + bar - 5}" font-size="10">${Math.round(r.tokens_per_success!).toLocaleString('en-US')}</text>`);
  });
  if (withValue.length === 0) parts.push('<text x="10" y="20" font-size="11">no version with a pass</text>');
  parts.push('</svg>');
  return parts.join('');
}

/** A small line chart of one weekly rate (0–1) with its week labels. */
export function trendSvg(label: string, points: readonly { week: string; value: number | null }[], width = 420, height = 140): string {
  const pad = 36;
  const pts = points.filter((p) => p.value != null);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${htmlEscape(label)}">`,
    `<text x="${pad}" y="12" font-size="11">${htmlEscape(label)}</text>`,
    `<line x1="${pad}" y1="${height - pad}" x2="${width - 8}" y2="${height - pad}" stroke="#999"/>`];
  if (pts.length > 0) {
    const max = Math.max(...pts.map((p) => p.value!), 1e-9);
    const top = max <= 1 ? 1 : max;
    const step = pts.length > 1 ? (width - pad - 16) / (pts.length - 1) : 0;
    const xy = pts.map((p, i) => [pad + 4 + i * step, height - pad - ((height - 2 * pad) * p.value!) / top] as const);
    parts.push(`<polyline fill="none" stroke="#1f77b4" stroke-width="1.5" points="${xy.map(([a, b]) => `${f(a)},${f(b)}`).join(' ')}"/>`);
    xy.forEach(([a, b], i) => parts.push(`<circle cx="${f(a)}" cy="${f(b)}" r="2.5" fill="#1f77b4"><title>${htmlEscape(`${pts[i].week}: ${top === 1 ? `${(pts[i].value! * 100).toFixed(1)} %` : pts[i].value!.toFixed(0)}`)}</title></circle>`));
    parts.push(`<text x="${pad - 2}" y="${pad + 3}" font-size="9" text-anchor="end">${top === 1 ? '100 %' : Math.round(top).toLocaleString('en-US')}</text>`);
    parts.push(`<text x="${pad - 2}" y="${height - pad + 3}" font-size="9" text-anchor="end">0</text>`);
    parts.push(`<text x="${pad}" y="${height - 8}" font-size="9">${htmlEscape(pts[0].week)}</text>`);
    if (pts.length > 1) parts.push(`<text x="${width - 8}" y="${height - 8}" font-size="9" text-anchor="end">${htmlEscape(pts[pts.length - 1].week)}</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}
