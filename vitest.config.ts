import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The browser tests need Debian's Chromium (.ci/run installs it): `npm run test:e2e`.
    include: process.env.ZEROLOOP_E2E ? ['test/e2e/**/*.e2e.test.ts'] : ['test/**/*.test.ts'],
    exclude: process.env.ZEROLOOP_E2E ? [] : ['test/e2e/**', 'node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    // Responses of servers built with buildTestServer are checked against their schemas after every test.
    setupFiles: ['test/helpers/response-check.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
