import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, ROOT } from './harness';

// Every demo page, served by the demo's own server (`node demo/server.mjs`, as `npm start`
// runs it, on a free port), loaded in Chromium: no console error, no page error, and the
// gated scripts do what the page says once their category is allowed.

let browser: Browser;
let server: ChildProcess;
let origin = '';
beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync(join(ROOT, 'demo/shots'), { recursive: true });
  server = spawn(process.execPath, ['demo/server.mjs'], { cwd: ROOT, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  while (!/http:\/\/127\.0\.0\.1:\d+/.test(out)) out += String((await once(server.stdout!, 'data'))[0]);
  origin = /http:\/\/127\.0\.0\.1:\d+/.exec(out)![0];
});
afterAll(async () => { await browser?.close(); server?.kill(); });

interface Visit { ctx: BrowserContext; page: Page; errors: string[]; requests: string[] }

/** Opens a demo page in a fresh context, recording console errors, page errors and requests. */
async function visit(path: string): Promise<Visit> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(origin + path);
  return { ctx, page, errors, requests };
}

const log = (page: Page) => page.locator('#log');
const state = (page: Page) => page.locator('#consent-state');
/** The banner's visible text (inside its shadow root), whitespace collapsed. */
const bannerText = (page: Page) => page.evaluate(() => (document.querySelector('consent-banner')?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' '));

async function done(v: Visit) {
  // Settled: the network idle, or (on a loaded machine, where one slow answer can hold that off past any limit; CI at
  // load 13 once did) no new request for 2 s after 10 s: a page that kept asking for something would still fail here.
  await v.page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(async () => {
    const n = v.requests.length;
    await v.page.waitForTimeout(2000);
    expect(v.requests.slice(n)).toEqual([]);
  });
  expect(v.errors).toEqual([]);
  await v.ctx.close();
}

test('the index redirects to the demo home and gates its analytics', async () => {
  const v = await visit('/');
  expect(new URL(v.page.url()).pathname).toBe('/demo/');
  await v.page.getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => log(v.page).textContent()).toContain('analytics.js ran');
  await done(v);
});

test('the news article shows the notice banner and runs its tags before "I agree"', async () => {
  const v = await visit('/demo/news.html');
  await expect.poll(() => bannerText(v.page)).toContain('By continuing to browse our site you agree to our use of cookies, revised Privacy Policy and Terms of Use.');
  await expect.poll(() => log(v.page).textContent()).toContain('marketing.js ran');
  // The README's screenshot: the banner the product started from, once its entry animation is over.
  await v.page.getByRole('button', { name: 'I agree' }).waitFor({ state: 'visible' });
  await v.page.waitForTimeout(400);
  await v.page.screenshot({ path: join(ROOT, 'demo/shots/news.png') });
  await v.page.getByRole('button', { name: 'I agree' }).click();
  await expect.poll(() => state(v.page).textContent()).toContain('yes (banner)');
  await expect.poll(() => state(v.page).textContent()).toContain('terms version7');
  await done(v);
});

test('the GDPR page requests no gated script before consent, and all three after', async () => {
  const v = await visit('/demo/gdpr.html');
  await v.page.getByRole('button', { name: 'Accept all' }).waitFor({ state: 'visible' });
  expect(v.requests.filter((r) => r.startsWith('/demo/scripts/'))).toEqual([]);
  await v.page.getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => log(v.page).locator('li').count()).toBe(3);
  await v.page.getByRole('link', { name: 'Cookie settings' }).click();
  await v.page.getByRole('dialog').waitFor({ state: 'visible' });
  await done(v);
});

test('the opt-out page runs its tags until refused, and GPC refuses the sale of data', async () => {
  const v = await visit('/demo/opt-out.html');
  await expect.poll(() => log(v.page).textContent()).toContain('marketing.js ran');
  expect(await v.page.textContent('#gpc-signal')).toBe('off');
  await done(v);

  const gpc = await visit('/demo/opt-out.html?gpc=1');
  await expect.poll(() => log(gpc.page).textContent()).toContain('analytics.js ran');
  expect(await gpc.page.textContent('#gpc-signal')).toContain('on');
  await expect.poll(() => bannerText(gpc.page)).toContain('opt-out preference signal was honoured');
  expect(gpc.requests).not.toContain('/demo/scripts/marketing.js');
  expect(await state(gpc.page).textContent()).toContain('GPChonoured');
  await done(gpc);
});

test('the Consent Mode page shows dataLayer live: the default first, an update after consent', async () => {
  const v = await visit('/demo/google.html');
  const dl = v.page.locator('#datalayer');
  await expect.poll(() => dl.textContent()).toMatch(/^0: \["consent","default",\{[^\n]*"analytics_storage":"denied"/);
  expect(await v.page.textContent('#tag-status')).toContain('cookieless');
  await v.page.getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => dl.textContent()).toMatch(/\["consent","update",\{[^\n]*"analytics_storage":"granted"/);
  await expect.poll(() => v.page.textContent('#tag-status')).toContain('granted');
  await done(v);
});

test('the embeds page loads the video only after its placeholder is used', async () => {
  const v = await visit('/demo/embeds.html');
  const allow = v.page.getByRole('button', { name: /Allow/ });
  await allow.waitFor({ state: 'visible' });
  expect(v.requests.filter((r) => r.startsWith('/demo/embed/'))).toEqual([]);
  await allow.click();
  await expect.poll(() => v.requests).toContain('/demo/embed/video.html');
  await expect.poll(() => v.requests).toContain('/demo/embed/map.svg');
  await done(v);
});

test('the npm page works from ES modules and an import map', async () => {
  const v = await visit('/demo/npm.html');
  await v.page.getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => log(v.page).textContent()).toContain('whenGranted("analytics") resolved');
  await expect.poll(() => log(v.page).textContent()).toContain('marketing.js ran');
  expect(v.requests).not.toContain('/dist/consent-gate.js');
  await done(v);
});

test('the policy pages load cleanly', async () => {
  for (const p of ['/demo/privacy.html', '/demo/terms.html']) {
    const v = await visit(p);
    expect(await v.page.locator('h1').count()).toBe(1);
    await done(v);
  }
});
