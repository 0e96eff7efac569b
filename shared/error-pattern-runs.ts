/**
 * Error patterns over time and their runs (issue 11 §5 "error patterns with counts over time and
 * drill-down to their runs"): each pattern's counts per day or week, and what the
 * `getPatternRuns` operation answers. Import-free: the renderer reads these.
 */

/** A pattern's messages counted per UTC day (or 7-day bucket) over the mined window. */
export interface PatternCounts {
  /** `day` when the window spans ≤ 62 days, else `week` (7-day buckets from the window's first day). */
  bucket: 'day' | 'week';
  /** UTC day (YYYY-MM-DD) the first bucket starts; every pattern of a project shares it. */
  from: string;
  /** Messages in each bucket, oldest first; the same length for every pattern of a project. */
  counts: number[];
}

/** One run a pattern occurred in. */
export interface PatternRun {
  run_id: string;
  /** When its first message of the pattern happened (ISO 8601 UTC; step start, else run start). */
  at: string | null;
  /** That message, verbatim. */
  message: string;
  source: 'error' | 'gate' | 'step';
  agent: string | null;
  /** Messages of the pattern in this run. */
  messages: number;
}

/** What `getPatternRuns` answers: the runs of one pattern, latest first, at most `limit`. */
export interface PatternRunsResult {
  project_id: string;
  template_id: string;
  template: string;
  category: string;
  /** Runs and messages of the pattern in the mined window (the listed runs are the latest `limit`). */
  total_runs: number;
  total_messages: number;
  limit: number;
  runs: PatternRun[];
}
