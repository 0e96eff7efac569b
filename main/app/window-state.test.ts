import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_STATE, fitToDisplays, loadWindowState, saveWindowState, windowStatePath } from './window-state';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'rb-winstate-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('window state file', () => {
  it('round-trips through window-state.json in the data folder, leaving no temp file', () => {
    const file = windowStatePath(join(dir, 'userData'));
    expect(file).toBe(join(dir, 'userData', 'window-state.json'));
    saveWindowState(file, { x: 40, y: 50, width: 1400, height: 900, maximized: true });
    expect(loadWindowState(file)).toEqual({ x: 40, y: 50, width: 1400, height: 900, maximized: true });
    expect(readdirSync(join(dir, 'userData'))).toEqual(['window-state.json']);
  });

  it('falls back to defaults for a missing, corrupt or implausible file', () => {
    const file = join(dir, 'window-state.json');
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(file, '{"width": 1200, "hei');
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(file, JSON.stringify({ width: 'wide', height: 800 }));
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(file, JSON.stringify({ width: 1e9, height: 800 }));
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('enforces the minimum size and drops a half-given position', () => {
    const file = join(dir, 'window-state.json');
    writeFileSync(file, JSON.stringify({ width: 200, height: 100, x: 10 }));
    expect(loadWindowState(file)).toEqual({ width: 960, height: 640, maximized: false });
  });

  it('overwrites atomically', () => {
    const file = join(dir, 'window-state.json');
    saveWindowState(file, { width: 1000, height: 700, maximized: false });
    saveWindowState(file, { width: 1100, height: 700, maximized: false });
    expect(JSON.parse(readFileSync(file, 'utf8')).width).toBe(1100);
  });
});

describe('fitToDisplays', () => {
  const laptop = { x: 0, y: 0, width: 1440, height: 870 };
  const external = { x: 1440, y: 0, width: 2560, height: 1400 };

  it('keeps a position that is on a connected display', () => {
    const state = { x: 1600, y: 100, width: 1400, height: 900, maximized: false };
    expect(fitToDisplays(state, [laptop, external])).toEqual(state);
  });

  it('centres the window when its display was unplugged, and shrinks it to fit', () => {
    expect(fitToDisplays({ x: 1600, y: 100, width: 2000, height: 1200, maximized: false }, [laptop])).toEqual({
      width: 1440,
      height: 870,
      maximized: false,
    });
  });

  it('centres a window whose title bar is off screen', () => {
    expect(fitToDisplays({ x: 100, y: -500, width: 1000, height: 700, maximized: false }, [laptop])).not.toHaveProperty('x');
  });
});
