/** Generic sorting with nulls last whatever the direction: missing data never tops a list. */

export type SortDir = 'asc' | 'desc';

/** Sorts a copy by a key; strings compare naturally ("run-9" before "run-10"). */
export function sortBy<T>(items: readonly T[], key: (t: T) => number | string | null | undefined, dir: SortDir): T[] {
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  const sign = dir === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const na = ka == null || (typeof ka === 'number' && Number.isNaN(ka));
    const nb = kb == null || (typeof kb === 'number' && Number.isNaN(kb));
    if (na || nb) return na === nb ? 0 : na ? 1 : -1;
    if (typeof ka === 'number' && typeof kb === 'number') return (ka - kb) * sign;
    return collator.compare(String(ka), String(kb)) * sign;
  });
}
