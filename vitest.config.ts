import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    setupFiles: ['test/helpers/setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // DynamoDB Local and the synth tests are CPU-bound; the machine has 2 cores.
    maxWorkers: 2,
    // Each worker imports the code once for all its files instead of once per file: importing was
    // about two thirds of the unit tests' CPU time. So a file must leave nothing behind: every
    // aws-sdk-client-mock is restored, every stack stopped, process.env.TZ put back (as they do).
    isolate: false,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
