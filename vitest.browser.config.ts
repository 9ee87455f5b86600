import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The files that read the built documentation site (they call `docsSite()`, tests/support/docs-build.ts). */
const NEEDS_DOCS = /(docs-site|configurator)\.test\.ts$/;

/**
 * Vitest's own order (failed first, then longest, or largest when there is no history), except
 * that the files reading the built site go last: its build, started by the global set-up, runs
 * beside the other files rather than being waited for.
 */
class BrowserSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [...sorted.filter((f) => !NEEDS_DOCS.test(f.moduleId)), ...sorted.filter((f) => NEEDS_DOCS.test(f.moduleId))];
  }
}

// Real-browser tests: Node drives Debian's Chromium through playwright-core against
// pages served on 127.0.0.1 by the tests themselves. Run after `npm run build`.
//
// Two files at a time (one worker per core of the CI machine): much of a Chromium file's time is
// spent waiting (page loads, network idle, framework builds in a child process, server start-ups),
// which the other worker fills. Every file starts its own servers on port 0 and writes only to
// its own temporary directories, so files do not share state. The documentation site is built
// once, in the background, by the global set-up (tests/support/docs-build.ts); the two files that
// read it run last.
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll waits for an event (a request made, a banner drawn) up to 1 s by default: on a loaded
    // machine that came too soon (block.test's released requests at a load average of 35). A hang guard.
    expect: { poll: { timeout: 20_000 } },
    fileParallelism: true,
    maxWorkers: 2,
    globalSetup: ['tests/support/browser-global-setup.ts'],
    sequence: { sequencer: BrowserSequencer },
  },
});
