/**
 * Deep comparison for results computed two ways (stored sums vs a scan, a parallel fold vs the
 * stored one): numbers to a relative tolerance (sums added in another order), everything else
 * exactly. Tests only.
 */
import { expect } from 'vitest';

export interface CloseOptions {
  /** Relative tolerance for the number at `path` (default 1e-9). */
  tolerance?: (path: string) => number;
  /** Object keys must come in the same order, not only be the same set. */
  orderedKeys?: boolean;
}

export function expectClose(a: unknown, b: unknown, path = '', opts: CloseOptions = {}): void {
  if (typeof a === 'number' && typeof b === 'number') {
    // NaN and ±Infinity must match exactly.
    if (!Number.isFinite(a) || !Number.isFinite(b)) expect(a, path).toBe(b);
    else if (Math.abs(a - b) > (opts.tolerance?.(path) ?? 1e-9) * Math.max(1, Math.abs(a), Math.abs(b))) expect(a, path).toBe(b);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    expect(a.length, path).toBe(b.length);
    a.forEach((x, i) => expectClose(x, b[i], `${path}[${i}]`, opts));
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = (o: object) => (opts.orderedKeys ? Object.keys(o) : Object.keys(o).sort());
    expect(keys(a), path).toEqual(keys(b));
    for (const k of Object.keys(a)) expectClose((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, opts);
    return;
  }
  expect(a, path).toEqual(b);
}
