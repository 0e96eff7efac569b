/**
 * Which copy of a duplicate run wins: the one in the file whose full path sorts first (by UTF-16
 * code unit, as JavaScript compares strings), and within one file the first line. The rule
 * depends only on where the copies are, never on the order files arrive in, so a watched
 * database ends up equal to a fresh ingest of the same final folder (docs/run-log-format.md):
 * the same runs kept and the same records quarantined. (With three or more copies, a loser's
 * reason names the copy kept when it was quarantined, which a later, earlier-sorting copy may
 * since have replaced.)
 */
import type { DisplacedRun, QuarantineInput, RunLocation } from '../store';
import { readRawText } from './raw-ref';

/** Whether a copy read now at `path` takes the place of the stored `first` copy. */
export function displaces(path: string, sourceId: number, first: RunLocation): boolean {
  return first.sourceId !== sourceId && path < first.path;
}

/** Why a run was quarantined as a duplicate: where the winning copy was read. */
export function duplicateReason(r: { run_id: string; project_id: string }, winner: RunLocation, sourceId: number): string {
  const where = winner.sourceId === sourceId ? `line ${winner.line} of this file` : `${winner.path} line ${winner.line}`;
  return `duplicate run_id ${JSON.stringify(r.run_id)} in project ${JSON.stringify(r.project_id)}: already read from ${where}`;
}

/** The quarantine row of a copy that lost its place: in its own file, pointing at the winner (re-read when the winner's file goes). */
export function displacedQuarantine(r: { run_id: string; project_id: string }, lost: DisplacedRun, winner: RunLocation): QuarantineInput {
  const from = lost.rawRef ? readRawText(lost.rawRef) : null;
  const excerpt = lost.text ?? (from && 'text' in from ? from.text : '');
  const { sourceId, path, line } = lost.first;
  return { sourceId, file: path, line, field: 'run_id', reason: `line ${line}: ${duplicateReason(r, winner, sourceId)}`, excerpt, dupSourceId: winner.sourceId };
}
