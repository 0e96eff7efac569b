/**
 * Counts the calls of one method of an object, calling through: for a store's sub-store, the
 * facade object the ingest fold holds too, so its writes are counted wherever they come from.
 */
export function countCalls<T extends object, K extends keyof T>(obj: T, method: K): { readonly count: number } {
  const real = obj[method] as unknown as (...args: unknown[]) => unknown;
  const counter = { count: 0 };
  (obj as Record<K, unknown>)[method] = (...args: unknown[]) => {
    counter.count++;
    return real.apply(obj, args);
  };
  return counter;
}
