import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IngestProgress } from '../../shared/domain';
import { ProgressReporter } from './progress';

afterEach(() => vi.useRealTimers());

describe('ProgressReporter', () => {
  it('estimates the time left from bytes, or from files when the sizes are unknown (a first scan does not stat)', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const seen: IngestProgress[] = [];
    const byBytes = new ProgressReporter('/logs', (p) => seen.push(p));
    Object.assign(byBytes.p, { phase: 'ingesting', bytes_total: 1000, bytes_done: 250, files_total: 10, files_done: 9 });
    vi.setSystemTime(1_002_000);
    byBytes.emit(true);
    expect(seen.at(-1)?.eta_s).toBe(6); // 250 bytes in 2 s: 750 left
    const byFiles = new ProgressReporter('/logs', (p) => seen.push(p));
    Object.assign(byFiles.p, { phase: 'ingesting', bytes_total: 0, bytes_done: 0, files_total: 10, files_done: 4 });
    vi.setSystemTime(1_004_000);
    byFiles.emit(true);
    expect(seen.at(-1)?.eta_s).toBe(3); // 4 files in 2 s: 6 left
  });
});
