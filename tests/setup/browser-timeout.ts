// Jest reads `testTimeout` from the global config only, never from a project's: browser tests (Chromium against
// the local stack) get their longer default here.
jest.setTimeout(120_000);
