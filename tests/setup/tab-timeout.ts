// Tab component tests render Fluent UI in jsdom, which is CPU-bound: on a loaded two-core machine a dialog flow
// can take longer than jest's 5 s default without anything being wrong. Jest reads `testTimeout` only from the
// global config, so the tab project's default is set here.
jest.setTimeout(40_000);
