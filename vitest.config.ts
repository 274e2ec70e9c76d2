import { defineConfig } from 'vitest/config';

// One test runner for the whole repository. Projects split what needs no servers (`unit`:
// every *.spec.ts beside the code) from suites that need the real stack or a browser.
export default defineConfig({
  resolve: {
    // Workspace packages export their TypeScript sources under the `source` condition,
    // so tests run against src/ without a build step.
    conditions: ['source'],
  },
  ssr: {
    resolve: { conditions: ['source'], externalConditions: ['source'] },
  },
  test: {
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['libs/*/src/**/*.spec.ts', 'cli/src/**/*.spec.ts', 'chaincode/src/**/*.spec.ts', 'services/*/src/**/*.spec.ts', 'gateway/src/**/*.spec.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
