/**
 * A provisional profile (issue 7 §6): computed from a first ingest's files before their rows are
 * stored. Marked so until the rows land (duplicates are resolved then, and the profile is the stored one).
 */
export interface ProvisionalMark {
  /** Runs of the scan stored so far. */
  runs_stored: number;
  /** Runs the provisional fold counted in the scan's JSONL files. */
  runs_total: number;
}
