/**
 * For tests that run the docs' recipes in the frameworks themselves: the docs' code blocks,
 * an app directory with this package installed as npm would, a free port, and a server process
 * that is ready when it says so.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ROOT } from './harness';

export { docsBlock } from '../support/docs';

/**
 * A fresh app directory inside the package (so that the framework and consent-gate's own
 * dependencies resolve from its node_modules), with consent-gate in the app's node_modules as
 * npm installs it: its package.json and the files it publishes (dist).
 */
export function makeApp(name: string): string {
  const app = join(ROOT, name);
  rmSync(app, { recursive: true, force: true });
  const pkg = join(app, 'node_modules/consent-gate');
  mkdirSync(pkg, { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
  cpSync(join(ROOT, 'dist'), join(pkg, 'dist'), { recursive: true });
  return app;
}

/** A port free on 127.0.0.1 a moment ago. */
export const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const a = s.address();
    s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
  });
});

/** Starts `node <args>` in `cwd` and resolves once its output matches `ready` (rejects if it exits first or after 60 s). */
export async function startNode(args: string[], cwd: string, env: NodeJS.ProcessEnv, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => { child.kill(); reject(new Error(`${args.join(' ')} did not get ready:\n${out}`)); }, 60_000);
    const read = (d: Buffer) => { out += d; if (ready.test(out)) { clearTimeout(timer); resolve(); } };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${args.join(' ')} exited (${code}):\n${out}`)); });
  });
  return child;
}

/** A page of a running app, in a fresh context, with what it reported. */
export interface AppPage {
  ctx: BrowserContext;
  page: Page;
  /** Page errors and console errors (and any console line about hydration). */
  errors: string[];
  /** How many requests so far matched `tracked`. */
  tracked: () => number;
  /** The HTML the server renders now for this context's cookies (no script runs). */
  html: () => Promise<string>;
}

/** Opens `origin + '/'` in a fresh context with `headers` on every request, counting requests whose URL `tracked` accepts. */
export async function openApp(browser: Browser, origin: string, headers: Record<string, string>, tracked: (url: string) => boolean): Promise<AppPage> {
  const ctx = await browser.newContext({ extraHTTPHeaders: headers });
  const page = await ctx.newPage();
  const errors: string[] = [];
  let n = 0;
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' || /hydrat/i.test(m.text())) errors.push(m.text()); });
  page.on('request', (r) => { if (tracked(r.url())) n++; });
  await page.goto(origin + '/');
  await page.waitForLoadState('networkidle');
  return { ctx, page, errors, tracked: () => n, html: async () => (await ctx.request.get(origin + '/')).text() };
}
