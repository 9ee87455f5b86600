/**
 * The docs' Next.js (App Router) recipe in Next.js itself: its two files as written
 * (`app/consent-client.jsx`, `app/layout.jsx`), this package as a user installs it (its
 * package.json and dist in the app's node_modules), `next build`, `next start` on 127.0.0.1,
 * then real Chromium: the server leaves out the analytics tag until the cookie allows it, the
 * page hydrates without errors, the banner decides, and the next request renders the tag.
 * The proxy (middleware) recipe runs too; the page prints the header it sets. The only change to the
 * recipes: the analytics URL points at this test's server.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { freePort, makeApp, openApp, docsBlock as block, startNode } from './apps';
import { launchBrowser, ROOT, startServer, type TestServer } from './harness';
import type { ConsentConfig } from '../../src/core/types';

const CONFIG: ConsentConfig = {
  gpc: false,
  policies: { privacy: { version: '2026-01', url: '/privacy' } },
  categories: { necessary: { required: true }, analytics: { label: 'Analytics' } },
  regions: { 'EU GB': { mode: 'opt-in' }, US: { mode: 'notice' } },
};
const NEXT = join(ROOT, 'node_modules/next/dist/bin/next');
let APP = '';
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };

let browser: Browser;
let tracker: TestServer;
let next: ChildProcess | undefined;
let origin = '';

beforeAll(async () => {
  tracker = await startServer();
  tracker.pages.set('/analytics.js', { body: 'window.__analytics = (window.__analytics || 0) + 1;', type: 'text/javascript' });
  APP = makeApp('.next-test');
  mkdirSync(join(APP, 'app'), { recursive: true });
  writeFileSync(join(APP, 'package.json'), JSON.stringify({ name: 'next-recipe', private: true }));
  writeFileSync(join(APP, 'app/consent.config.json'), JSON.stringify(CONFIG));
  writeFileSync(join(APP, 'app/consent-client.jsx'), block(/```jsx\n(\/\/ app\/consent-client\.jsx\n[\s\S]*?)```/));
  const layout = block(/```jsx\n(\/\/ app\/layout\.jsx[^\n]*\n[\s\S]*?)```/);
  expect(layout).toContain('src="https://example.com/analytics.js"');
  writeFileSync(join(APP, 'app/layout.jsx'), layout.replace('https://example.com/analytics.js', tracker.origin + '/analytics.js'));
  // The proxy (middleware) recipe as written; the page shows what it told the page.
  writeFileSync(join(APP, 'proxy.js'), block(/```js\n(\/\/ proxy\.js\n[\s\S]*?)```/));
  writeFileSync(join(APP, 'app/page.jsx'), `import { headers } from 'next/headers';
export default async function Page() {
  return <main><h1>An article</h1><p id="mw">{(await headers()).get('x-consent-analytics')}</p></main>;
}
`);
  writeFileSync(join(APP, 'app/icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>');
  const built = spawnSync(process.execPath, [NEXT, 'build'], { cwd: APP, env, encoding: 'utf8', timeout: 240_000 });
  if (built.status !== 0) throw new Error(`next build failed:\n${built.stdout}\n${built.stderr}`);
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  next = await startNode([NEXT, 'start', '-H', '127.0.0.1', '-p', String(port)], APP, env, /Ready in/);
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  next?.kill();
  await tracker?.close();
  if (APP) rmSync(APP, { recursive: true, force: true });
});

/** The page with the region header `country`, counting requests for the analytics script. */
const open = (country: string) => openApp(browser, origin, { 'x-vercel-ip-country': country }, (url) => url.startsWith(tracker.origin + '/analytics.js'));
/** The analytics tag as an element of the HTML (its URL also travels in React's payload as a prop). */
const TAG = /<script[^>]*\ssrc="http:\/\/127\.0\.0\.1:\d+\/analytics\.js"/;

describe('Next.js App Router recipe, in Next.js', () => {
  test('first visit: no tag in the HTML, hydrates cleanly, Accept all runs it once, the next response has it', async () => {
    const { ctx, page, errors, tracked, html: serverHtml } = await open('DE');
    const html = await serverHtml();
    expect(html).toContain('<consent-banner');
    expect(html).not.toMatch(TAG);
    expect(html).toContain('<p id="mw">false</p>');
    await page.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => page.evaluate(() => (window as { __analytics?: number }).__analytics)).toBe(1);
    expect(tracked()).toBe(1);
    // The server reads the cookie the banner wrote: the tag is in the HTML now, the banner stays closed.
    const html2 = await serverHtml();
    expect(html2).toMatch(TAG);
    // The proxy read the same cookie.
    expect(html2).toContain('<p id="mw">true</p>');
    await page.reload();
    await expect.poll(() => page.evaluate(() => (window as { __analytics?: number }).__analytics)).toBe(1);
    await page.waitForTimeout(300);
    expect(await page.getByRole('button', { name: 'Accept all' }).isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  test('Reject all: nothing requested, now or on the next page view', async () => {
    const { ctx, page, errors, tracked, html: serverHtml } = await open('DE');
    await page.getByRole('button', { name: 'Reject all' }).click();
    await page.reload();
    await page.waitForLoadState('networkidle');
    expect(await serverHtml()).not.toMatch(TAG);
    expect(tracked()).toBe(0);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  test('the region header picks the rules on the server: a notice region renders the tag at once', async () => {
    const { ctx, page, errors, tracked, html: serverHtml } = await open('US');
    expect(await serverHtml()).toMatch(TAG);
    await expect.poll(() => page.evaluate(() => (window as { __analytics?: number }).__analytics)).toBe(1);
    expect(tracked()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.dataset.region)).toBe('US');
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
