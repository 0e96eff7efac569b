/**
 * Remembers the main window's size and position in `<userData>/window-state.json`. Reading is
 * forgiving (a missing or broken file gives the defaults); writing is atomic (temp file +
 * rename) so a crash mid-write never leaves a corrupt file behind.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  width: number;
  height: number;
  /** Absent when the window should be centred. */
  x?: number;
  y?: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false };
export const MIN_WINDOW_SIZE = { width: 960, height: 640 } as const;
export const WINDOW_STATE_FILE = 'window-state.json';

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 100_000;

/** Path of the state file inside the app's data folder. */
export const windowStatePath = (userDataDir: string): string => join(userDataDir, WINDOW_STATE_FILE);

/** Reads the saved state; anything unreadable or implausible falls back to the defaults. */
export function loadWindowState(file: string): WindowState {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
  const r = (raw ?? {}) as Record<string, unknown>;
  if (!isInt(r.width) || !isInt(r.height)) return { ...DEFAULT_WINDOW_STATE };
  const state: WindowState = {
    width: Math.max(MIN_WINDOW_SIZE.width, Math.round(r.width)),
    height: Math.max(MIN_WINDOW_SIZE.height, Math.round(r.height)),
    maximized: r.maximized === true,
  };
  if (isInt(r.x) && isInt(r.y)) {
    state.x = Math.round(r.x);
    state.y = Math.round(r.y);
  }
  return state;
}

/** Writes the state atomically. */
export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, file);
}

/**
 * Keeps the saved position only if enough of the window's title bar lands on a display that
 * exists now (a monitor may have been unplugged); otherwise the window is centred. The size
 * shrinks to the largest work area so the window never opens bigger than the screen.
 */
export function fitToDisplays(state: WindowState, workAreas: Rect[]): WindowState {
  if (workAreas.length === 0) return state;
  const largest = workAreas.reduce((a, b) => (a.width * a.height >= b.width * b.height ? a : b));
  const fitted: WindowState = {
    ...state,
    width: Math.min(state.width, largest.width),
    height: Math.min(state.height, largest.height),
  };
  if (state.x === undefined || state.y === undefined) return fitted;
  const titleBar: Rect = { x: state.x, y: state.y, width: fitted.width, height: 32 };
  const visible = workAreas.some((area) => overlap(titleBar, area) >= Math.min(100, fitted.width) * 32);
  if (visible) return fitted;
  const { x: _x, y: _y, ...centred } = fitted;
  return centred;
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}
