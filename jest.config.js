// One jest config, three projects: unit (pure and handler tests, fakes only), integration (real local parts:
// Cosmos server, Azurite, tenant simulator) and browser (Playwright + Debian Chromium against the local stack).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

// A root that does not exist (yet) makes jest refuse to start; keep only the ones present in this checkout.
const roots = (...dirs) =>
  dirs.filter((dir) => existsSync(join(__dirname, dir))).map((dir) => `<rootDir>/${dir}`);

const tsJestNode = ['ts-jest', { tsconfig: '<rootDir>/functions/tsconfig.json' }];
const tsJestTab = [
  'ts-jest',
  {
    tsconfig: {
      jsx: 'react-jsx',
      module: 'commonjs',
      moduleResolution: 'node10',
      isolatedModules: true,
      ignoreDeprecations: '6.0',
      esModuleInterop: true,
      skipLibCheck: true,
    },
  },
];

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: roots('functions/src', 'dev', 'tests/unit'),
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.tsx?$': tsJestNode },
      setupFilesAfterEnv: ['<rootDir>/tests/setup/fail-on-console-error.ts'],
    },
    {
      displayName: 'tab',
      testEnvironment: 'jsdom',
      // @fluentui/react-charts' CommonJS build requires d3, whose packages are ESM-only except for the UMD bundle
      // each exports under the "umd" condition: resolving that condition loads d3 without any transform.
      testEnvironmentOptions: { customExportConditions: ['browser', 'umd'] },
      roots: roots('tabs/src'),
      testMatch: ['**/*.test.ts', '**/*.test.tsx'],
      transform: { '^.+\\.tsx?$': tsJestTab },
      // office-addin-mock reads only the OfficeApp enum of office-addin-manifest, whose entry point requires the
      // ESM-only strip-bom (for manifest files we never read): resolve the package to the enum's own module.
      moduleNameMapper: {
        '^office-addin-manifest$': '<rootDir>/node_modules/office-addin-manifest/lib/officeApp.js',
      },
      setupFilesAfterEnv: [
        '<rootDir>/tests/setup/fail-on-console-error.ts',
        '<rootDir>/tests/setup/tab-timeout.ts',
      ],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      roots: roots('tests/integration'),
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.tsx?$': tsJestNode },
      setupFilesAfterEnv: ['<rootDir>/tests/setup/integration-timeout.ts'],
    },
    {
      displayName: 'browser',
      testEnvironment: 'node',
      roots: roots('tests/browser'),
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.tsx?$': tsJestNode },
      setupFilesAfterEnv: ['<rootDir>/tests/setup/browser-timeout.ts'],
    },
  ],
};
