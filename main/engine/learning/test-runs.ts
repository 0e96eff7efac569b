/** Planted runs for the learning tests (not used by the app). */
import type { LearningRun } from './types';

let seq = 0;
/** A run with only the given fields set (ids unique per process). */
export function lrun(over: Partial<LearningRun> = {}): LearningRun {
  seq++;
  return { run_id: `r${seq}`, project_id: 'p', ...over };
}

/** n runs of which `passes` passed, with the given fields. */
export function passRuns(n: number, passes: number, over: Partial<LearningRun> = {}): LearningRun[] {
  return Array.from({ length: n }, (_, i) => lrun({ qa_status: i < passes ? 'passed' : 'failed', ...over }));
}

/** ISO time `day` days (fractional allowed) after 2026-01-05 (a Monday). */
export function day(d: number): string {
  return new Date(Date.UTC(2026, 0, 5) + d * 86_400_000).toISOString();
}

/** A template function that masks numbers and quoted strings, like the health miner's masking. */
export const maskTemplate = (m: string): string => m.replace(/"[^"]*"/g, '<*>').replace(/\d+/g, '<*>');
