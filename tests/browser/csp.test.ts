/**
 * The drop-in under a nonce-based CSP, and its lazily loaded chunks under SRI, in real Chromium:
 * every request it makes carries the page's nonce, and a site can pin every chunk's hash (the
 * import map `integrity` recipe, hashes from dist/integrity.json) so a tampered chunk is refused.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { consoleErrors, launchBrowser, ROOT, startServer, type TestServer } from './harness';

let browser: Browser;
let server: TestServer;
let n = 0;
/** Files under /tampered/ are dist/'s, except consent-gate.ui.js, which has one more statement. */
beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer([async (_req, res, url) => {
    const m = /^\/(tampered|cdn)\/([\w./-]+)$/.exec(url.pathname);
    if (!m || m[2]!.includes('..')) return false;
    let body = await readFile(join(ROOT, 'dist', m[2]!), 'utf8');
    if (m[1] === 'tampered' && m[2] === 'consent-gate.ui.js') body += '\nwindow.__tampered = true;';
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
    res.end(body);
    return true;
  }]);
});
afterAll(async () => { await browser?.close(); await server?.close(); });

const CONFIG = JSON.stringify({ categories: { necessary: { required: true }, analytics: { label: 'Analytics' } } });

async function open(o: { csp?: string; lang?: string; head?: string; dir?: string; nonce?: string }) {
  const path = `/csp-${++n}`;
  const dir = o.dir ?? '/dist/';
  server.pages.set(path, {
    headers: o.csp ? { 'content-security-policy': o.csp } : {},
    body: `<!doctype html><html lang="${o.lang ?? 'en'}"><head><meta charset="utf-8"><title>csp</title><link rel="icon" href="data:,">${o.head ?? ''}
<script src="${dir}consent-gate.js"${o.nonce ? ` nonce="${o.nonce}"` : ''} data-config='${CONFIG}'></script></head><body><h1>Artikel</h1></body></html>`,
  });
  const ctx = await browser.newContext();
  await ctx.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await ctx.newPage();
  const errors = consoleErrors(page);
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(server.origin + path);
  return { page, errors, close: () => ctx.close() };
}

test('under script-src with a nonce, the language preload carries the drop-in\'s nonce: no violation', async () => {
  const { page, errors, close } = await open({ csp: "script-src 'nonce-r4nd0m'", lang: 'de', nonce: 'r4nd0m' });
  await page.locator('consent-banner [part~=accept]').getByText('Alle akzeptieren').waitFor();
  expect(await page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel=modulepreload]')?.nonce)).toBe('r4nd0m');
  expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
  expect(errors).toEqual([]);
  await close();
});

/** The import map that README's recipe builds from dist/integrity.json for files served under `dir`. */
async function importMap(dir: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(ROOT, 'dist/integrity.json'), 'utf8')) as Record<string, string>;
  const integrity = Object.fromEntries(Object.entries(manifest).map(([f, h]) => [new URL(dir + f, server.origin).href, h]));
  return `<script type="importmap">${JSON.stringify({ integrity })}</script>`;
}

test('with the integrity import map, untampered chunks load (UI and language file) and the banner works', async () => {
  const { page, errors, close } = await open({ lang: 'de', dir: '/cdn/', head: await importMap('/cdn/') });
  await page.locator('consent-banner [part~=accept]').getByText('Alle akzeptieren').click();
  expect(await page.evaluate(() => window.consentGate!.get().decided)).toBe(true);
  expect(errors).toEqual([]);
  await close();
});

test('with the integrity import map, a tampered UI chunk is refused: it never runs, and the console says so', async () => {
  const { page, errors, close } = await open({ dir: '/tampered/', head: await importMap('/tampered/') });
  await expect.poll(() => errors.join('\n'), { timeout: 5000 }).toMatch(/consent-gate: could not load ui/);
  expect(errors.join('\n')).toMatch(/integrity/i);
  expect(await page.evaluate(() => (window as unknown as { __tampered?: boolean }).__tampered)).toBeUndefined();
  expect(await page.locator('consent-banner [part~=accept]').count()).toBe(0);
  await close();
});

test('without the import map the same tampered chunk runs (what the recipe protects against)', async () => {
  const { page, close } = await open({ dir: '/tampered/' });
  await expect.poll(() => page.evaluate(() => (window as unknown as { __tampered?: boolean }).__tampered)).toBe(true);
  await close();
});
