/**
 * `runbrain health <dir> [--db FILE] [--map FILE] [--json]`: ingest the folder, then print each
 * project's health — grade, alerts with their change time, before/after and linked causes,
 * revert proposals, baselines and anomalies — as a readable report or as JSON (docs/health.md).
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_TUNING } from '../../shared/domain';
import type { RecoveryProposal } from '../../shared/health';
import { analyzeProject } from '../core/analysis';
import { resolveConfigPath } from '../core/config-link';
import { projectHealth } from '../core/health';
import type { Store } from '../store';
import type { ProjectHealth } from '../engine/health';
import type { Estimate, HealthAlert } from '../engine/health/types';
import { ingestFolder } from '../ingest';
import type { CliCommand } from './command';
import { EXIT, UsageError, type CliIo } from './io';
import { openCliStore } from './open-store';

const RATE_METRICS = new Set(['qa_pass_rate', 'error_rate']);

function fmt(metric: string, v: number | null): string {
  if (v == null) return '—';
  if (RATE_METRICS.has(metric)) return `${(v * 100).toFixed(1)} %`;
  if (metric === 'cost_per_run') return `$${v.toFixed(v < 1 ? 4 : 2)}`;
  if (metric === 'duration_s') return `${v.toFixed(1)} s`;
  return v.toFixed(2);
}

function estimate(metric: string, e: Estimate): string {
  const ci = e.ci95 ? ` [${fmt(metric, e.ci95[0])}, ${fmt(metric, e.ci95[1])}]` : '';
  return `${fmt(metric, e.value)}${ci} (n=${e.n})`;
}

function alertLines(a: HealthAlert, i: number): string[] {
  const rel = a.relative_change == null ? '' : ` (${a.relative_change > 0 ? '+' : ''}${(a.relative_change * 100).toFixed(0)} %)`;
  const lines = [
    `  ${i + 1}. [${a.severity}] ${a.metric} on ${a.series}: ${estimate(a.metric, a.before)} → ${estimate(a.metric, a.after)}${rel} — ${a.status}${a.resolved_at ? ` since ${a.resolved_at}` : ''}`,
    `     changed ${a.change_at} (interval ${a.change_interval[0]} … ${a.change_interval[1]}), detected ${a.detected_at}, certainty ${a.certainty.toFixed(4)}, ${a.method}`,
  ];
  if (a.linked.length) lines.push(`     linked: ${a.linked.map((l) => `${l.kind} ${l.value} at ${l.at}`).join('; ')}`);
  return lines;
}

/**
 * What the recommendations made of a revert proposal: health sees one metric over time; the
 * experiment of the field also sees the same tasks and the other factors (engine/recommend/recovery.ts).
 */
export interface RecoveryCheck {
  field: RecoveryProposal['field'];
  to: string;
  status: 'recommended' | 'held' | 'already_current';
  confidence: string | null;
  reason: string | null;
}

/** Each proposal of `h` checked as the recommendations check it (with the linked config's current values). */
export async function recoveryChecks(store: Store, h: ProjectHealth): Promise<RecoveryCheck[]> {
  if (h.recovery_proposals.length === 0) return [];
  const a = await analyzeProject(store, h.project_id, await resolveConfigPath(store.configLinks, h.project_id, {}), DEFAULT_TUNING, undefined, async () => h);
  return h.recovery_proposals.map((p) => {
    const base = { field: p.field, to: p.to };
    const rec = a.recommendations.recommendations.find((r) => r.kind === 'recovery' && r.field === p.field && r.recommended_value === p.to);
    if (rec) return { ...base, status: 'recommended', confidence: rec.confidence, reason: null };
    const held = (a.recommendations.considered ?? []).find((c) => c.field === p.field && c.value === p.to && c.evidence.revert_held === 1);
    if (held) return { ...base, status: 'held', confidence: null, reason: held.reason };
    return { ...base, status: 'already_current', confidence: null, reason: `the current settings already hold ${p.to}` };
  });
}

function checkText(c: RecoveryCheck | undefined): string {
  if (!c) return '';
  if (c.status === 'recommended') return ` — recommended, ${c.confidence} confidence`;
  return c.status === 'held' ? ` — held back. ${c.reason}` : ` — not proposed: ${c.reason}`;
}

/** The readable report of one project's health (with each revert's check when given). */
export function healthReport(h: ProjectHealth, checks: readonly RecoveryCheck[] = []): string {
  const out = [`${h.project_id}: health ${h.grade} (${h.grade_reasons.join('; ')}); ${h.runs_analysed} recent runs, latest ${h.latest_run_at ?? '—'}`];
  for (const n of h.notes ?? []) out.push(`  note: ${n}`);
  if (h.alerts.length === 0) out.push('  no degradation found');
  h.alerts.forEach((a, i) => out.push(...alertLines(a, i)));
  h.recovery_proposals.forEach((p, i) => {
    out.push(`  proposal: set ${p.field} back from ${p.from} to ${p.to} (alert ${p.alert_index + 1}; ${p.evidence.metric} with ${p.to}: ${estimate(p.evidence.metric, p.evidence.with_to)}, with ${p.from}: ${estimate(p.evidence.metric, p.evidence.with_from)})${checkText(checks[i])}`);
  });
  const base = h.baselines.rows.filter((r) => r.scope === 'project');
  for (const r of base) {
    const parts = (['duration_s', 'cost_usd', 'tokens', 'steps'] as const).flatMap((m) => {
      const s = r.metrics[m];
      return s ? [`${m} p50 ${s.p50.toPrecision(3)} p95 ${s.p95.toPrecision(3)} p99 ${s.p99.toPrecision(3)} (n=${s.n})`] : [];
    });
    if (parts.length) out.push(`  baseline ${r.window} (${r.source}): ${parts.join(', ')}`);
  }
  if (h.anomalies.length) out.push(`  anomalies: ${h.anomalies.length}; largest: ${h.anomalies.slice(0, 3).map((a) => `${a.run_id} ${a.reason}`).join('; ')}`);
  return `${out.join('\n')}\n`;
}

export async function runHealthCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { db: { type: 'string' }, map: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? 'health needs the run_logs folder' : `health takes one folder, got ${positionals.length}`, { showUsage: true });
  }
  const dir = resolve(positionals[0]);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a folder.`);
  if (values.map && !existsSync(values.map)) throw new UsageError(`mapping file ${values.map} does not exist.`);
  const { store, dispose } = openCliStore(values.db);
  try {
    const now = Date.now();
    await ingestFolder(store, dir, { mapFile: values.map ? resolve(values.map) : undefined, now });
    const all: { h: ProjectHealth; checks: RecoveryCheck[] }[] = [];
    for (const id of await store.aggregates.projectIds()) {
      const h = await projectHealth(store, id, now);
      all.push({ h, checks: await recoveryChecks(store, h) });
    }
    if (values.json) io.stdout.write(`${JSON.stringify({ projects: all.map(({ h, checks }) => ({ ...h, recovery_checks: checks })) }, null, 2)}\n`);
    else for (const { h, checks } of all) io.stdout.write(healthReport(h, checks));
    return EXIT.ok;
  } finally {
    await dispose();
  }
}

export const healthCommand: CliCommand = {
  name: 'health',
  args: '<dir> [--db FILE] [--map FILE] [--json]',
  summary: "ingest, then print each project's health: grade, alerts with before/after, revert proposals, baselines",
  details: `  <dir>        the run_logs folder (read recursively; nothing in it is changed)
  --db FILE    the SQLite database to ingest into and keep; without it a temporary database
               is used and removed when the command ends
  --map FILE   a mapping file for field names RunBrain does not know (docs/run-log-format.md)
  --json       print { projects: [ProjectHealth + recovery_checks] } as JSON (docs/health.md)`,
  run: runHealthCommand,
};
