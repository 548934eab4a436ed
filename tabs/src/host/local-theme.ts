import { type ThemeName } from './host-context';

/**
 * Outside Teams the theme follows the browser: forced colours (Windows high contrast) win, then the dark
 * colour-scheme preference. `?theme=dark|contrast|light` overrides it, so a theme can be reviewed or screenshotted
 * without changing the OS setting.
 */
export function readLocalTheme(win: Window): ThemeName {
  const override = new URLSearchParams(win.location.search).get('theme');
  if (override === 'light' || override === 'dark' || override === 'contrast') return override;
  if (win.matchMedia?.('(forced-colors: active)').matches) return 'contrast';
  if (win.matchMedia?.('(prefers-color-scheme: dark)').matches) return 'dark';
  return 'light';
}

export function watchLocalTheme(win: Window, listener: (theme: ThemeName) => void): () => void {
  if (!win.matchMedia) return () => undefined;
  const queries = [win.matchMedia('(forced-colors: active)'), win.matchMedia('(prefers-color-scheme: dark)')];
  const onChange = (): void => listener(readLocalTheme(win));
  for (const q of queries) q.addEventListener('change', onChange);
  return () => {
    for (const q of queries) q.removeEventListener('change', onChange);
  };
}

/** Teams reports 'default' | 'dark' | 'contrast' (and newer hosts 'glass'); anything unknown is treated as light. */
export function toThemeName(teamsTheme: string | undefined): ThemeName {
  if (teamsTheme === 'dark') return 'dark';
  if (teamsTheme === 'contrast') return 'contrast';
  return 'light';
}

export function readBrowserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
