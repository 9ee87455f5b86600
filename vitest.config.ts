import { defineConfig } from 'vitest/config';

// Unit tests: logic in Node, the element and DOM glue in happy-dom (per file, via
// a `// @vitest-environment happy-dom` comment). Real-browser tests live in tests/browser.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // Hang guards, not speed checks: generous, as six runs may share the machine's two cores.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
