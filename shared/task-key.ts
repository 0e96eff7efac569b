/**
 * Composite task keys: a mapping file may build `task_id` from several fields of a log
 * (`"task_id": ["benchmark", "instance_id"]`), because benchmarks reuse each other's instance ids
 * for different tasks. Documented in docs/run-log-format.md ("Composite task key").
 */

/**
 * The key of one run from its parts, in the mapping's order: the JSON text of the list
 * (`["swe-bench","django__django-11099"]`). JSON quotes and escapes every part, so two different
 * lists never give the same key, whatever characters the parts contain (a plain separator such as
 * `/` or `:` could also occur inside a part). A list of one field gives that field's value as is.
 */
export function composeTaskKey(parts: readonly string[]): string {
  return parts.length === 1 ? parts[0] : JSON.stringify(parts);
}

/**
 * How the warning of a run whose composite key is incomplete starts. The run then has no task key
 * at all (not a partial one, and not a task-like field of `extra` either): `taskKeyOf` reads this
 * mark, which a log cannot forge (a log's own `ingest_warnings` goes to `extra`).
 */
export const NO_TASK_KEY_WARNING = 'no task key: ';

/** Whether a run's ingest warnings say its composite task key could not be built. */
export function taskKeyRefused(warnings: readonly string[] | undefined): boolean {
  return warnings != null && warnings.some((w) => w.startsWith(NO_TASK_KEY_WARNING));
}
