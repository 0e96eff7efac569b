/** One auto-label as a coloured badge (Learning page and run drawer). */
import '../../styles/learning.css';
import { labelText, labelTone } from './learning-text';

export function LabelBadge({ label }: { label: string | null | undefined }) {
  if (!label) return <span className="muted">–</span>;
  return <span className={`badge badge-${labelTone(label)}`} data-label={label}>{labelText(label)}</span>;
}
