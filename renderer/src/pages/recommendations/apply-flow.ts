/** Apply and undo as the UI does them: write, refresh what changed, offer Undo in a toast. */
import type { LedgerEntry } from '../../../../shared/domain';
import { api } from '../../api/client';
import { formatConfigValue, formatInheritable } from '../../lib/format';
import { useProjectStore } from '../../store/project-store';
import { useProjectsStore } from '../../store/projects-store';
import { toast } from '../../store/toast-store';

function refreshAfterChange() {
  void useProjectStore.getState().refresh(['recs', 'tuning', 'ledger']);
  void useProjectsStore.getState().load();
}

/** Undoes a change (optionally against a previewed base hash) and reports it. */
export async function undoChange(entry: LedgerEntry, baseHash?: string): Promise<LedgerEntry> {
  const undone = await api.undoChange(baseHash ? { change_id: entry.id, base_hash: baseHash } : { change_id: entry.id });
  toast.success(`Undone: ${entry.key_path} is ${formatInheritable(entry.before_value, entry.before_inherited)} again`, { detail: entry.config_path });
  refreshAfterChange();
  return undone;
}

/** Announces an applied change with an Undo action. */
export function announceApplied(entry: LedgerEntry): void {
  refreshAfterChange();
  toast.success(`Applied: ${entry.key_path} ${formatInheritable(entry.before_value, entry.before_inherited)} → ${formatConfigValue(entry.after_value)}`, {
    detail: entry.backup_path ? `Backup: ${entry.backup_path}` : entry.config_path,
    action: { label: 'Undo', testId: 'toast-undo', run: () => undoChange(entry).then(() => undefined), undoesChange: entry.id },
  });
}
