import { describe, expect, it } from 'vitest';
import { parseDay } from './date-field';
import { placeTip } from './ui';

describe('placeTip', () => {
  const viewport = { width: 1000, height: 800 };
  const bubble = { width: 300, height: 60 };

  it('centres the bubble above its trigger when there is room', () => {
    expect(placeTip({ left: 400, top: 300, bottom: 316, width: 16 }, bubble, viewport)).toEqual({ left: 258, top: 232 });
  });

  it('keeps it inside the viewport at the left and right edges', () => {
    expect(placeTip({ left: 2, top: 300, bottom: 316, width: 16 }, bubble, viewport).left).toBe(8);
    expect(placeTip({ left: 990, top: 300, bottom: 316, width: 16 }, bubble, viewport).left).toBe(1000 - 300 - 8);
  });

  it('goes below the trigger when there is no room above', () => {
    expect(placeTip({ left: 400, top: 20, bottom: 36, width: 16 }, bubble, viewport).top).toBe(44);
  });
});

describe('parseDay', () => {
  it('accepts real days as YYYY-MM-DD only', () => {
    expect(parseDay('2025-03-01')).toBe('2025-03-01');
    expect(parseDay(' 2024-02-29 ')).toBe('2024-02-29');
    for (const bad of ['2025-02-29', '2025-13-01', '2025-3-1', '01/03/2025', '', 'yesterday']) expect(parseDay(bad), bad).toBeNull();
  });
});
