import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

export type Load<T> =
  | { phase: 'loading'; reload: () => void }
  | { phase: 'error'; error: unknown; reload: () => void }
  | { phase: 'ready'; data: T; reload: () => void; set: (data: T) => void };

type State<T> = { phase: 'loading' } | { phase: 'error'; error: unknown } | { phase: 'ready'; data: T };

/**
 * Loads data for a view with the three states every view must render (loading, error + retry, ready). A reload
 * keeps showing the current data until the new answer arrives (no flash, and the page keeps its local state);
 * a change of `deps` starts from the loading state. The returned object only changes when the state does.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Load<T> {
  const [state, setState] = useState<State<T>>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const depsKey = useRef<unknown[] | null>(null);
  useEffect(() => {
    let live = true;
    const depsChanged =
      depsKey.current === null ||
      depsKey.current.length !== deps.length ||
      depsKey.current.some((d, i) => !Object.is(d, deps[i]));
    depsKey.current = deps;
    setState((current) => (depsChanged || current.phase !== 'ready' ? { phase: 'loading' } : current));
    loadRef.current().then(
      (data) => live && setState({ phase: 'ready', data }),
      (error: unknown) => live && setState({ phase: 'error', error }),
    );
    return () => {
      live = false;
    };
    // Callers pass their own dependency list, as with useEffect.
  }, [attempt, ...deps]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const set = useCallback((data: T) => setState({ phase: 'ready', data }), []);
  return useMemo<Load<T>>(() => {
    if (state.phase === 'ready') return { phase: 'ready', data: state.data, reload, set };
    if (state.phase === 'error') return { phase: 'error', error: state.error, reload };
    return { phase: 'loading', reload };
  }, [state, reload, set]);
}
