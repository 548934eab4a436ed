import { type ThemeName } from './host-context';

/** A tiny listener set, so each host can offer `onThemeChange` with unsubscribe. */
export function createThemeListeners(): {
  subscribe: (listener: (theme: ThemeName) => void) => () => void;
  emit: (theme: ThemeName) => void;
} {
  const listeners = new Set<(theme: ThemeName) => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(theme) {
      for (const listener of listeners) listener(theme);
    },
  };
}
