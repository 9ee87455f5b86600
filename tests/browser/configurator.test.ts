/**
 * The configurator page of the built documentation site (docs/configurator.md): axe finds nothing
 * on it, light and dark, also while checkConfig refuses what was typed (its own messages shown); the real banner
 * is drawn beside the form; and its output works pasted into a blank page: the tag (its CDN URL
 * answered with the built drop-in) shows the banner and a gated script waits for "Accept all";
 * the createConsent call does the same from ES modules. The site is the one build shared with
 * docs-site.test.ts (tests/support/docs-build.ts).
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { axe } from '../support/axe';
import { docsSite } from '../support/docs-build';
import { ESM_IMPORTS, launchBrowser, ROOT, serveDir, startServer, type TestServer } from './harness';

let browser: Browser;
let server: TestServer;

beforeAll(async () => {
  // The built site at the root; what it does not have (dist/, node_modules/, /slow/) from the repository.
  const site = await docsSite();
  browser = await launchBrowser();
  server = await startServer([serveDir(site)]);
}, 960_000);
afterAll(async () => { await browser?.close(); await server?.close(); });

/** The configurator page, in a fresh profile. */
async function openSite(): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await ctx.newPage();
  await page.goto(`${server.origin}/configurator.html`);
  return { ctx, page };
}

const banner = (page: Page) => page.frameLocator('iframe[title="Banner preview"]').locator('consent-banner [part~=banner]').first();

test('axe finds nothing, light and dark; the real banner is drawn; checkConfig\'s own messages appear as a config is typed', async () => {
  const { ctx, page } = await openSite();
  await expect.poll(() => banner(page).isVisible(), { timeout: 20_000 }).toBe(true);
  expect(await axe(page)).toEqual([]);
  const json = page.getByRole('textbox', { name: /The config/ });
  await json.fill('{ "mode": "always", "categories": { "analytics": { "cookies": [42] } } }');
  const problems = page.locator('#configurator-problems');
  await expect.poll(() => problems.textContent()).toContain('mode: expected "opt-in", "opt-out" or "notice", got "always"');
  expect(await problems.textContent()).toContain('categories.analytics.cookies[0]: expected a string or /regex/, got 42');
  expect(await axe(page)).toEqual([]);
  await json.fill('{ "categories": { "necessary": { "required": true }, "stats": { "label": "Statistics" } } }');
  await expect.poll(() => problems.textContent()).toContain('checkConfig accepts this config.');
  // The form drives the JSON, and the banner follows.
  await page.getByRole('combobox', { name: 'Mode' }).selectOption('notice');
  await expect.poll(async () => JSON.parse(await json.inputValue()).mode).toBe('notice');
  await expect.poll(() => page.frameLocator('iframe[title="Banner preview"]').getByRole('button', { name: 'I agree' }).isVisible(), { timeout: 20_000 }).toBe(true);
  // Dark, as the site follows the reader's preference.
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true);
  expect(await axe(page)).toEqual([]);
  await ctx.close();
}, 120_000);

/** A blank page with `head` and a gated script: nothing requested before "Accept all", run after. */
async function pasted(head: string, body = '') {
  const ctx = await browser.newContext();
  // The tag's CDN answered with the built drop-in (no request leaves the machine).
  await ctx.route((u) => u.hostname === 'cdn.jsdelivr.net', (route) => route.fulfill({ path: join(ROOT, 'dist', new URL(route.request().url()).pathname.split('/').pop()!), contentType: 'text/javascript' }));
  const page = await ctx.newPage();
  const start = server.requests.length;
  server.pages.set('/blank', { body: `<!doctype html><html lang="en"><head><title>Blank</title><link rel="icon" href="data:,">${head}</head><body><h1>Blank</h1>
<script type="text/plain" data-consent="analytics" src="/slow/pasted.js"></script>${body}</body></html>` });
  await page.goto(`${server.origin}/blank`);
  await expect.poll(() => page.locator('consent-banner [part~=banner]').first().isVisible(), { timeout: 20_000 }).toBe(true);
  await page.waitForTimeout(300);
  expect(server.requests.slice(start)).not.toContain('/slow/pasted.js');
  await page.locator('consent-banner [part~=accept]').first().click();
  await expect.poll(() => page.evaluate(() => (window as { __ran?: string[] }).__ran ?? [])).toEqual(['pasted']);
  await ctx.close();
}

test('its output pasted into a blank page works: the tag, and the createConsent call', async () => {
  const { ctx, page } = await openSite();
  await expect.poll(() => banner(page).isVisible(), { timeout: 20_000 }).toBe(true);
  await page.getByRole('button', { name: 'Copy the tag' }).click();
  const tag = await page.evaluate(() => navigator.clipboard.readText());
  expect(tag).toMatch(/^<script src="https:\/\/cdn\.jsdelivr\.net\/npm\/consent-gate@0\.1\/dist\/consent-gate\.js" data-config='\{/);
  const call = await page.locator('code[data-output=call]').textContent();
  await ctx.close();
  await pasted(tag);
  await pasted(`<script type="importmap">${JSON.stringify({ imports: ESM_IMPORTS })}</script>`, `<script type="module">${call}</script>`);
}, 120_000);
