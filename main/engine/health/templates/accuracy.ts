/**
 * Grouping accuracy (Zhu et al., "Tools and benchmarks for automated log parsing", ICSE-SEIP
 * 2019): a message counts as parsed correctly when the set of messages in its predicted group is
 * exactly the set in its true group.
 */

/** Share of messages whose predicted group holds exactly the messages of their true group. */
export function groupingAccuracy(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  const n = predicted.length;
  if (n !== truth.length) throw new Error(`groupingAccuracy: ${n} predictions for ${truth.length} true labels`);
  if (n === 0) return 1;
  // Predicted group p is exact when every member has one true label t and t's size equals p's.
  const predSize = new Map<number, number>();
  const trueSize = new Map<number, number>();
  const label = new Map<number, number>();
  const pure = new Map<number, boolean>();
  for (let i = 0; i < n; i++) {
    const p = predicted[i];
    const t = truth[i];
    predSize.set(p, (predSize.get(p) ?? 0) + 1);
    trueSize.set(t, (trueSize.get(t) ?? 0) + 1);
    const seen = label.get(p);
    if (seen === undefined) {
      label.set(p, t);
      pure.set(p, true);
    } else if (seen !== t) pure.set(p, false);
  }
  let correct = 0;
  for (const [p, size] of predSize) if (pure.get(p) && trueSize.get(label.get(p)!) === size) correct += size;
  return correct / n;
}
