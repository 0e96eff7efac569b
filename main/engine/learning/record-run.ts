/**
 * One run as the learning engine reads it, from its canonical record (aliases of seed 002 read
 * here too, so a record stored before a field gained its canonical name still maps). Pure: the
 * ingest derives a run's labels with it at insert, the store reader fills the fields its columns
 * do not hold, the run detail falls back to it for a run stored without labels.
 */
import { taskKeyRefused } from '../../../shared/task-key';
import type { LearningDecision, LearningGate, LearningRun, LearningStep } from './types';

type Json = Record<string, unknown>;
/** A JSON object, or null. */
export const obj = (v: unknown): Json | null => (v != null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const first = <T>(...vs: (T | undefined)[]): T | undefined => vs.find((v) => v !== undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);

/**
 * A step of a record (or a child row with booleans already mapped): the fields the learning
 * engine reads (its model, start and cost are the health and experiments engines' business, and
 * leaving them out keeps the stored learning fields small).
 */
export function stepOf(s: Json): LearningStep {
  return {
    agent: first(str(s.agent), str(s.agent_role), str(s.role)), task_type: str(s.task_type), success: bool(s.success),
    retries: num(s.retries), tokens: num(s.tokens), confidence: num(s.confidence),
  };
}

/** A gate of a record; null without a gate_id. */
export function gateOf(g: Json): LearningGate | null {
  const id = str(g.gate_id);
  if (!id) return null;
  const result = g.result === 'pass' || g.result === 'fail' || g.result === 'ambiguous' ? g.result : undefined;
  return {
    gate_id: id, stage: str(g.stage), agent: first(str(g.agent), str(g.agent_role), str(g.role)), step: first(int(g.step), int(g.step_index)),
    result, reason: str(g.reason), retry_attempt: num(g.retry_attempt), auto_fix_strategy: str(g.auto_fix_strategy),
    auto_fix_success: bool(g.auto_fix_success), human_override: bool(g.human_override), escalated: bool(g.escalated),
    human_resolved: bool(g.human_resolved),
  };
}

/** A decision of a record. */
export function decisionOf(d: Json): LearningDecision {
  const options = Array.isArray(d.options) ? d.options.filter((o): o is string => typeof o === 'string') : undefined;
  return {
    decision_type: str(d.decision_type), agent: first(str(d.agent), str(d.agent_role), str(d.role)),
    agent_recommendation: str(d.agent_recommendation), human_decision: str(d.human_decision), options,
    aligned: bool(d.aligned), agent_confidence: num(d.agent_confidence),
  };
}

const list = (v: unknown): Json[] => (Array.isArray(v) ? v.map(obj).filter((x): x is Json => x != null) : []);

/** Fills the learning fields the run columns do not hold from a canonical record (aliases read), in place. */
export function withRecordFields(run: LearningRun, rec: Json): LearningRun {
  const extra = obj(rec.extra) ?? {};
  run.task_type = first(str(rec.task_type), str(extra.task_type));
  // A run whose composite task key (mapping file) is incomplete has none: a part alone is another task.
  const refused = Array.isArray(rec.ingest_warnings) && taskKeyRefused(rec.ingest_warnings.filter((w): w is string => typeof w === 'string'));
  run.task_key = refused ? undefined : first(str(rec.task_key), str(rec.task_id), str(extra.task_key), str(extra.task_id), str(extra.instance_id));
  run.domain = first(str(rec.domain), str(rec.client_domain), str(extra.domain), str(extra.client_domain));
  const tests = obj(rec.tests);
  if (tests) run.tests = { coverage_percent: num(tests.coverage_percent) };
  const sec = obj(rec.security) ?? obj(extra.security) ?? obj(extra.security_scan);
  if (sec) run.security = { critical: num(sec.critical), major: num(sec.major), minor: num(sec.minor) };
  const perf = obj(rec.performance) ?? obj(extra.performance) ?? obj(extra.performance_metrics);
  if (perf) run.performance = { within_slo: bool(perf.within_slo) };
  const rework = rec.rework ?? extra.rework;
  if (typeof rework === 'boolean' || typeof rework === 'number') run.rework = rework;
  run.steps = list(rec.steps).map(stepOf);
  run.gates = list(rec.gates).map(gateOf).filter((g): g is LearningGate => g != null);
  run.decisions = list(rec.decisions).map(decisionOf);
  return run;
}

/** One run from its canonical record alone (the fields the labels read, and the run's identity). */
export function learningRunOfRecord(record: unknown): LearningRun {
  const rec = obj(record) ?? {};
  const qa = rec.qa_status;
  return withRecordFields({
    run_id: str(rec.run_id) ?? '', project_id: str(rec.project_id) ?? '', started_at: str(rec.started_at) ?? null,
    qa_status: qa === 'passed' || qa === 'warning' || qa === 'failed' ? qa : null,
  }, rec);
}

/** The learning fields of a run its store columns do not hold (what the ingest keeps as `run_labels.learning`). */
export type LearningFields = Pick<LearningRun, 'task_type' | 'task_key' | 'domain' | 'tests' | 'security' | 'performance' | 'rework' | 'steps' | 'gates' | 'decisions'>;

/**
 * The learning fields of a canonical record, as one JSON-ready object (undefined fields are
 * dropped by JSON.stringify): stored at ingest so an analysis never re-reads and re-parses the
 * whole record. Bump LEARNING_FIELDS_VERSION when what it keeps changes: stored copies are then
 * derived again.
 */
export function learningFieldsOf(record: unknown): LearningFields {
  return pickLearningFields(withRecordFields({ run_id: '', project_id: '' }, obj(record) ?? {}));
}

/** The learning fields of a run already read (see learningFieldsOf). */
export function pickLearningFields(r: LearningRun): LearningFields {
  return {
    task_type: r.task_type, task_key: r.task_key, domain: r.domain, tests: r.tests, security: r.security,
    performance: r.performance, rework: r.rework, steps: r.steps, gates: r.gates, decisions: r.decisions,
  };
}

/** Version of learningFieldsOf's output (part of the stored derivations' fingerprint). */
export const LEARNING_FIELDS_VERSION = 1;
