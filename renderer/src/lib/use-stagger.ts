/**
 * Progressive mounting: a count that rises by one per frame, so a page of heavy components
 * (the dashboard's recharts charts, ~60 ms each on a cold page) mounts one per task instead of
 * in one long task that blocks input and the first paint.
 */
import { useEffect, useState } from 'react';

/**
 * How many of `count` items may be mounted: 0 while `active` is false, then one more after each
 * painted frame (requestAnimationFrame, then a fresh task so the frame's paint comes first).
 * A new `key` (another project) starts again from 0.
 */
export function useStagger(count: number, active: boolean, key: string): number {
  const [state, setState] = useState({ key, n: 0 });
  const n = active && state.key === key ? state.n : 0;
  useEffect(() => {
    if (!active || n >= count) return;
    let cancelled = false;
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      if (!cancelled) setState((s) => ({ key, n: (s.key === key ? s.n : 0) + 1 }));
    };
    const raf = requestAnimationFrame(() => channel.port2.postMessage(null));
    return () => {
      cancelled = true;
      cancelAnimationFrame(raf);
      channel.port1.close();
    };
  }, [active, count, key, n]);
  return n;
}
