/**
 * One build of the documentation site (`npm run docs:build`) for every Chromium test that reads it
 * (docs-site.test.ts, configurator.test.ts). The browser suite's global set-up starts the build in
 * the background when the run includes such a file (`startDocsBuild`), so it overlaps the other
 * files; a test file awaits it with `docsSite()`. Run without that set-up (another config), the
 * first file to ask builds it. `DOCS_BUILT=1` reuses docs/.vitepress/dist as it is.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
/** The built site. */
export const DOCS_DIST = join(ROOT, 'docs/.vitepress/dist');
/** The test files that need the built site (the global set-up starts the build only for them; vitest.browser.config.ts runs them last). */
export const NEEDS_DOCS = /(docs-site|configurator)\.test\.ts$/;
const STATE = join(ROOT, 'tests/.tmp/docs-build.json');

interface State { state: 'building' | 'done' | 'failed'; pid?: number; error?: string }

const readState = (): State | undefined => {
  try { return JSON.parse(readFileSync(STATE, 'utf8')) as State; } catch { return undefined; }
};
const writeState = (s: State) => { mkdirSync(join(ROOT, 'tests/.tmp'), { recursive: true }); writeFileSync(STATE, JSON.stringify(s)); };

const alive = (pid?: number) => {
  try { return pid !== undefined && process.kill(pid, 0); } catch { return false; }
};

/** Starts `npm run docs:build` in its own process group; the state file says when it is done. Returns the child. */
export function startDocsBuild(): ChildProcess {
  rmSync(STATE, { force: true });
  const child = spawn('npm', ['run', 'docs:build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr = (stderr + d).slice(-8_000); });
  writeState({ state: 'building', pid: child.pid });
  child.on('close', (code, signal) => writeState(code === 0 ? { state: 'done' } : { state: 'failed', error: `npm run docs:build: ${signal ?? `exit ${code}`}\n${stderr}` }));
  return child;
}

/** Stops a build started by `startDocsBuild` that is still running (its whole process group). */
export function stopDocsBuild(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
}

/**
 * Resolves with the built site's directory once the build is done (throws with the build's own
 * error when it failed). A hang guard, not a speed check: 15 minutes.
 */
export async function docsSite(): Promise<string> {
  if (process.env.DOCS_BUILT === '1' && existsSync(join(DOCS_DIST, 'index.html'))) return DOCS_DIST;
  const found = readState();
  if (!found || (found.state === 'building' && !alive(found.pid))) {
    // No global set-up started it (or a run that started it was killed): build here.
    const child = startDocsBuild();
    await new Promise((r) => child.on('exit', r));
  }
  const until = Date.now() + 15 * 60_000;
  for (;;) {
    const s = readState();
    if (s?.state === 'done') return DOCS_DIST;
    if (s?.state === 'failed') throw new Error(s.error);
    if (Date.now() > until) throw new Error('the docs build did not finish within 15 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
}
