import { useCallback, useEffect, useState } from 'react';

/**
 * Hash routes (`#/history`, `#/join/<programId>`, `#/admin/rounds`): they work on a static host, in a Teams
 * iframe and as deep links. In Teams the first route comes from the host's subPageId.
 */
export function useRoute(initial: string | null): [string, (route: string) => void] {
  const read = (): string => (window.location.hash.startsWith('#/') ? window.location.hash.slice(2) : '');
  // The manifest's Admin tab opens `/?view=admin#/admin`; `?view=admin` alone also lands there.
  const fromQuery = (): string =>
    new URLSearchParams(window.location.search).get('view') === 'admin' ? 'admin' : '';
  const [route, setRoute] = useState<string>(() => read() || initial || fromQuery());
  useEffect(() => {
    const onChange = (): void => setRoute(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = useCallback((next: string) => {
    window.location.hash = `#/${next}`;
    setRoute(next);
  }, []);
  return [route, navigate];
}
