import { defineConfig } from 'vitest/config';
import { MOCKS_MODULES } from './test/helpers/isolated-files.ts';

export default defineConfig({
  test: {
    globalSetup: ['test/helpers/global-setup.ts'],
    setupFiles: ['test/helpers/setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // DynamoDB Local and the synth tests are CPU-bound; the machine has 2 cores.
    maxWorkers: 2,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts'],
          exclude: MOCKS_MODULES,
          // Each worker imports the code once for all its files instead of once per file: importing
          // was about two thirds of the unit tests' CPU time. So a file must leave nothing behind:
          // every aws-sdk-client-mock restored, every stack stopped, process.env.TZ put back.
          isolate: false,
        },
      },
      { extends: true, test: { name: 'isolated', include: MOCKS_MODULES } },
    ],
  },
});
