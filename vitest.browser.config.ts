import { defineConfig } from 'vitest/config';

// Real-browser tests: Node drives Debian's Chromium through playwright-core against
// pages served on 127.0.0.1 by the tests themselves. Run after `npm run build`.
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
