/** Applies the theme setting: `data-theme` on <html> overrides the OS preference; "system" removes it. */
export type ThemeSetting = 'system' | 'light' | 'dark';

const KEY = 'runbrain.theme';

/** Sets the attribute and remembers it so the next launch paints in the right theme at once. */
export function applyTheme(theme: ThemeSetting): void {
  const root = document.documentElement;
  if (theme === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', theme);
  try {
    localStorage.setItem(KEY, theme);
  } catch {
    // Storage may be unavailable (private mode); the setting still applies for this session.
  }
}

/** The theme remembered from the last session (before settings have loaded). */
export function rememberedTheme(): ThemeSetting {
  try {
    const v = localStorage.getItem(KEY);
    if (v === 'light' || v === 'dark' || v === 'system') return v;
  } catch {
    // ignore
  }
  return 'system';
}
