/**
 * The drop-in under Trusted Types (`require-trusted-types-for 'script'`) in real Chromium:
 * the banner shows with the policies a site is likely to allow, and when it cannot
 * render, the console says which CSP line it needs (never silence).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { consoleErrors, launchBrowser, startServer, type TestServer } from './harness';

let browser: Browser;
let server: TestServer;
let n = 0;
beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer();
});
afterAll(async () => { await browser?.close(); await server?.close(); });

const CONFIG = JSON.stringify({ categories: { necessary: { required: true }, analytics: { label: 'Analytics' } } });
/** The site's own `default` policy, passing HTML through (as many sites' legacy-code policies do). */
const DEFAULT_POLICY = `<script>trustedTypes.createPolicy('default', { createHTML: (s) => s });</script>`;

/** Opens the drop-in's page under `csp`; returns the page, its console errors and CSP violations. */
async function open(csp: string, head = '') {
  const path = `/tt-${++n}`;
  server.pages.set(path, {
    headers: { 'content-security-policy': csp },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>tt</title><link rel="icon" href="data:,">${head}
<script src="/dist/consent-gate.js" data-config='${CONFIG}'></script></head><body><h1>Article</h1></body></html>`,
  });
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  // Every CSP violation the page reports (what the site's report collection would receive).
  await page.addInitScript(() => {
    const seen: string[] = ((window as unknown as { __violations: string[] }).__violations = []);
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.sample}`));
  });
  const errors = consoleErrors(page);
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(server.origin + path);
  const violations = () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  return { page, errors, violations, close: () => ctx.close() };
}

const accept = (page: import('playwright-core').Page) => page.locator('consent-banner [part~=accept]');

test('with the documented CSP line (default lit-html) the banner shows and works', async () => {
  const { page, errors, close } = await open("require-trusted-types-for 'script'; trusted-types default lit-html", DEFAULT_POLICY);
  await accept(page).click();
  expect(await page.evaluate(() => window.consentGate!.get().decided)).toBe(true);
  expect(errors).toEqual([]);
  await close();
});

test('a site that allows only its own default policy gets the banner through it, and no CSP violation report', async () => {
  const { page, errors, violations, close } = await open("require-trusted-types-for 'script'; trusted-types default", DEFAULT_POLICY);
  await accept(page).click({ timeout: 5000 });
  expect(await page.evaluate(() => window.consentGate!.get().decided)).toBe(true);
  // Lit never asks for its own policy (a refused createPolicy is a report the site's collector receives).
  expect(await violations()).toEqual([]);
  expect(errors).toEqual([]);
  await close();
});

test('a default policy that changes HTML (a sanitizer) is not used for the templates: Lit takes its own policy', async () => {
  const SANITIZING = `<script>trustedTypes.createPolicy('default', { createHTML: (s) => s.replace(/\\$lit\\$/g, '') });</script>`;
  const { page, errors, violations, close } = await open("require-trusted-types-for 'script'; trusted-types default lit-html", SANITIZING);
  await accept(page).click({ timeout: 5000 });
  expect(await page.evaluate(() => window.consentGate!.get().decided)).toBe(true);
  expect(await violations()).toEqual([]);
  expect(errors).toEqual([]);
  await close();
});

test('without any policy it can use, the console names the CSP line the banner needs', async () => {
  const { page, errors, close } = await open("require-trusted-types-for 'script'; trusted-types 'none'");
  await expect.poll(() => errors.join('\n'), { timeout: 5000 }).toMatch(/consent-gate: Trusted Types .*"trusted-types default lit-html"/);
  expect(await page.locator('consent-banner [part~=accept]').count()).toBe(0);
  await close();
});
