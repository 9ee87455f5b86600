/**
 * The Chromium suite's global set-up: starts the documentation site's build in the background
 * when a file of this run needs it (see docs-build.ts), so that it overlaps the other files
 * instead of holding one file up for minutes; stops it if the run ends first.
 */
import type { TestProject } from 'vitest/node';
import { NEEDS_DOCS, startDocsBuild, stopDocsBuild } from './docs-build';

export default function setup(project: TestProject) {
  if (process.env.DOCS_BUILT === '1') return;
  // The file filters given on the command line (`vitest run banner`): none means every file. (An internal field of Vitest 4.)
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern ?? [];
  const needed = filters.length === 0 || ['tests/browser/docs-site.test.ts', 'tests/browser/configurator.test.ts'].some((f) => NEEDS_DOCS.test(f) && filters.some((p) => f.includes(p)));
  // (A run that does not need the site leaves the state file alone: another run in this checkout may be building.)
  if (!needed) return;
  const child = startDocsBuild();
  return () => stopDocsBuild(child);
}
