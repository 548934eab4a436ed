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

// jsdom does no layout, so SVG text has no length: the charts measure labels to place them. An estimate of 7 px per
// character is enough for them to render (what a chart looks like is checked in Chromium, tests/browser).
const svgText = globalThis.SVGElement?.prototype as
  (SVGElement & { getComputedTextLength?: () => number; getBBox?: () => DOMRect }) | undefined;
if (svgText) {
  svgText.getComputedTextLength ??= function (this: SVGElement) {
    return (this.textContent ?? '').length * 7;
  };
  svgText.getBBox ??= function (this: SVGElement) {
    return { x: 0, y: 0, width: (this.textContent ?? '').length * 7, height: 14 } as DOMRect;
  };
}

// jsdom has no canvas (it reports "not implemented" as an error): answer as a browser without a 2D context does,
// which the charts handle (they measure axis labels with it when they can).
const canvas = globalThis.HTMLCanvasElement?.prototype as unknown as { getContext: () => null } | undefined;
if (canvas) canvas.getContext = () => null;

// teams-js prefetches its valid-origins list from a CDN on import; tests have no network, so answer as a blocked
// request would (teams-js then uses its built-in list). Tests that need the API pass their own fetch.
const f = globalThis as unknown as { fetch?: unknown };
f.fetch ??= () => Promise.reject(new TypeError('network disabled in tests'));

// Two shared cores under parallel test runs: give async queries (lazy chunks, fake API round trips) more than
// testing-library's default 1 s before declaring an element missing.
configure({ asyncUtilTimeout: 5000 });
