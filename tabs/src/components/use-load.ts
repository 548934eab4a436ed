import { useCallback, useEffect, useRef, useState } from 'react';

export type Load<T> =
  | { phase: 'loading'; reload: () => void }
  | { phase: 'error'; error: unknown; reload: () => void }
  | { phase: 'ready'; data: T; reload: () => void; set: (data: T) => void };

/** Loads data for a view with the three states every view must render (loading, error + retry, ready). */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Load<T> {
  const [state, setState] = useState<
    { phase: 'loading' } | { phase: 'error'; error: unknown } | { phase: 'ready'; data: T }
  >({
    phase: 'loading',
  });
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let live = true;
    setState({ phase: 'loading' });
    loadRef.current().then(
      (data) => live && setState({ phase: 'ready', data }),
      (error: unknown) => live && setState({ phase: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [attempt, ...deps]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const set = useCallback((data: T) => setState({ phase: 'ready', data }), []);
  if (state.phase === 'ready') return { phase: 'ready', data: state.data, reload, set };
  if (state.phase === 'error') return { phase: 'error', error: state.error, reload };
  return { phase: 'loading', reload };
}
