// Jest reads `testTimeout` from the global config only, never from a project's: integration tests (real servers
// started per file) get their longer default here.
jest.setTimeout(60_000);
