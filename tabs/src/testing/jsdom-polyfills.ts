import { configure } from '@testing-library/react';

// jsdom lacks ResizeObserver, which Fluent's TabList (overflow) needs; layout never changes in jsdom anyway.
class NoopResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
const g = globalThis as unknown as { ResizeObserver?: unknown };
g.ResizeObserver ??= NoopResizeObserver;
export {};

// teams-js prefetches its valid-origins list from a CDN on import; tests have no network, so answer as a blocked
// request would (teams-js then uses its built-in list). Tests that need the API pass their own fetch.
const f = globalThis as unknown as { fetch?: unknown };
f.fetch ??= () => Promise.reject(new TypeError('network disabled in tests'));

// Two shared cores under parallel test runs: give async queries (lazy chunks, fake API round trips) more than
// testing-library's default 1 s before declaring an element missing.
configure({ asyncUtilTimeout: 5000 });
