import { describe, expect, it } from 'vitest';
import { agentHealth, agentHealthOf, replayBreaker } from './agent-health';
import type { StepFact } from './agent-steps';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 9, 1);

/** Steps from a pattern string: 'S' success, 'F' failure (with an error), one hour apart. */
function steps(agent: string, pattern: string, opts: { start?: number; duration?: (i: number) => number; every?: number } = {}): StepFact[] {
  const start = opts.start ?? T0;
  return [...pattern].map((c, i) => ({
    run_id: `${agent}-${i}`, at: start + i * (opts.every ?? 3_600_000), agent, task_type: 't', model: null,
    duration_s: opts.duration ? opts.duration(i) : 10, success: c === 'S', retries: 0, tokens: null, cost_usd: null,
    error_message: c === 'F' ? 'boom' : null, recovery: null,
  }));
}
const S = (n: number) => 'S'.repeat(n);
const F = (n: number) => 'F'.repeat(n);

describe('circuit breaker replay', () => {
  it.each([
    ['', 'closed'],
    ['SSFFFF', 'closed'],
    ['SSFFFFF', 'open'],
    ['FFFFFS', 'half_open'],
    ['FFFFFSS', 'half_open'],
    ['FFFFFSSS', 'closed'],
    ['FFFFFSSF', 'open'],
    ['FFFFSFFFFS', 'closed'], // no five in a row
  ])('%s → %s', (pattern, state) => {
    expect(replayBreaker([...pattern].map((c) => c === 'S'), 5, 3)).toBe(state);
  });
});

describe('agent health', () => {
  it('open after five failures in a row, with the streak as the reason', () => {
    const h = agentHealthOf('qa', steps('qa', S(30) + F(5)));
    expect(h).toMatchObject({ state: 'open', failure_streak: 5, recent_steps: 20 });
    expect(h.reasons[0]).toBe('breaker open: 5 failures in a row');
  });

  it('half-open after a probe succeeds, closed again after three successes when the window is healthy', () => {
    expect(agentHealthOf('qa', steps('qa', S(30) + F(5) + S(1))).state).toBe('half_open');
    // Last 20: 12 S, 5 F, 3 S → 75 % success, 25 % errors: within the thresholds.
    const closed = agentHealthOf('qa', steps('qa', S(30) + F(5) + S(3)));
    expect(closed).toMatchObject({ state: 'closed', reasons: [], recent_success_rate: 0.75, recent_error_rate: 0.25 });
  });

  it('half-open when the recent success rate is below 0.7 or the error rate above 0.3, without a streak', () => {
    const h = agentHealthOf('coder', steps('coder', S(40) + 'SFSFSFFSSFSFSSFSFFSS'));
    expect(h.state).toBe('half_open');
    expect(h.recent_success_rate).toBeCloseTo(0.55, 12);
    expect(h.reasons).toEqual(['success rate 55 % < 70 % over the last 20 steps', 'error rate 45 % > 30 % over the last 20 steps']);
    // The same failures, but every failure's error is cleared: only the success rule fires.
    const quiet = steps('coder', S(40) + 'SFSFSFFSSFSFSSFSFFSS').map((s) => ({ ...s, error_message: null }));
    expect(agentHealthOf('coder', quiet).reasons).toEqual(['success rate 55 % < 70 % over the last 20 steps']);
    // Thresholds are options.
    expect(agentHealthOf('coder', steps('coder', S(40) + 'SFSFSFFSSFSFSSFSFFSS'), { minSuccessRate: 0.5, maxErrorRate: 0.5 }).state).toBe('closed');
  });

  it('half-open when slow: recent p95 above 2× its own p95 of the 30 days before', () => {
    const slow = steps('planner', S(60), { duration: (i) => (i < 40 ? 10 + (i % 5) : 40) });
    const h = agentHealthOf('planner', slow);
    expect(h).toMatchObject({ state: 'half_open', recent_p95_s: 40, baseline_p95_s: 14 });
    expect(h.reasons).toEqual(['slow: p95 40.0 s > 2 × its 30-day p95 14.0 s']);
    expect(agentHealthOf('planner', slow, { slowFactor: 3 }).state).toBe('closed');
  });

  it('the 30 days count back from the latest step: an old baseline is no baseline', () => {
    // 40 fast steps 60+ days before 20 slow ones: no steps in the 30-day baseline, so not "slow".
    const old = steps('planner', S(40), { start: T0 - 70 * DAY, duration: () => 10 });
    const recent = steps('planner', S(20), { start: T0, duration: () => 40 });
    const h = agentHealthOf('planner', [...recent, ...old]);
    expect(h).toMatchObject({ state: 'closed', baseline_p95_s: null, recent_p95_s: 40 });
    // Counted back from the project's latest run instead (here 45 days earlier), the fast steps are in.
    const fromRun = agentHealthOf('planner', [...recent, ...old], { latestAt: T0 - 45 * DAY });
    expect(fromRun).toMatchObject({ state: 'half_open', baseline_p95_s: 10 });
  });

  it('sorts steps by time and lists open agents first', () => {
    const shuffled = [...steps('qa', S(30) + F(5))].reverse();
    const all = agentHealth([...steps('zed', S(25)), ...shuffled, ...steps('amy', S(30) + F(5) + S(1))]);
    expect(all.map((h) => [h.agent, h.state])).toEqual([['qa', 'open'], ['amy', 'half_open'], ['zed', 'closed']]);
  });
});
