/**
 * The docs' SvelteKit recipe in SvelteKit itself: `src/routes/+layout.server.js` and
 * `src/routes/+layout.svelte` as written, this package as a user installs it, `vite build` with
 * adapter-node, the built server on 127.0.0.1, then real Chromium: the server renders the
 * analytics pixel only when the cookie (or the region's rules) allow it, the page hydrates
 * without errors, the banner decides, and the live state and the next response follow it.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { freePort, makeApp, openApp, docsBlock as block, startNode } from './apps';
import { launchBrowser, ROOT } from './harness';
import type { ConsentConfig } from '../../src/core/types';

const CONFIG: ConsentConfig = {
  gpc: false,
  policies: { privacy: { version: '2026-01', url: '/privacy' } },
  categories: { necessary: { required: true }, analytics: { label: 'Analytics' } },
  regions: { 'EU GB': { mode: 'opt-in' }, US: { mode: 'notice' } },
};
const VITE = join(ROOT, 'node_modules/vite/bin/vite.js');
let APP = '';
let browser: Browser;
let server: ChildProcess | undefined;
let origin = '';

beforeAll(async () => {
  APP = makeApp('.sveltekit-test');
  for (const dir of ['src/routes', 'src/lib', 'static']) mkdirSync(join(APP, dir), { recursive: true });
  writeFileSync(join(APP, 'package.json'), JSON.stringify({ name: 'sveltekit-recipe', private: true, type: 'module' }));
  writeFileSync(join(APP, 'svelte.config.js'), "import adapter from '@sveltejs/adapter-node';\nexport default { kit: { adapter: adapter() } };\n");
  writeFileSync(join(APP, 'vite.config.js'), "import { sveltekit } from '@sveltejs/kit/vite';\nexport default { plugins: [sveltekit()], logLevel: 'warn' };\n");
  writeFileSync(join(APP, 'src/app.html'), '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">%sveltekit.head%</head>\n<body><div style="display: contents">%sveltekit.body%</div></body></html>\n');
  writeFileSync(join(APP, 'src/lib/consent.config.json'), JSON.stringify(CONFIG));
  writeFileSync(join(APP, 'src/routes/+layout.server.js'), block(/```js\n(\/\/ src\/routes\/\+layout\.server\.js\n[\s\S]*?)```/));
  writeFileSync(join(APP, 'src/routes/+layout.svelte'), block(/```svelte\n(<!-- src\/routes\/\+layout\.svelte -->\n[\s\S]*?)```/));
  writeFileSync(join(APP, 'src/routes/+page.svelte'), '<h1>An article</h1>\n');
  writeFileSync(join(APP, 'static/pixel.gif'), Buffer.from('R0lGODlhAQABAAAAACw=', 'base64'));
  const built = spawnSync(process.execPath, [VITE, 'build'], { cwd: APP, encoding: 'utf8', timeout: 240_000 });
  if (built.status !== 0) throw new Error(`vite build failed:\n${built.stdout}\n${built.stderr}`);
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  server = await startNode(['build/index.js'], APP, { ...process.env, HOST: '127.0.0.1', PORT: String(port), ORIGIN: origin }, /Listening on/);
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  server?.kill();
  if (APP) rmSync(APP, { recursive: true, force: true });
});

/** The page with the region header `country`, counting requests for the pixel. */
const open = (country: string) => openApp(browser, origin, { 'cf-ipcountry': country }, (url) => url === origin + '/pixel.gif');
const PIXEL = /<img src="\/pixel\.gif"/;

describe('SvelteKit recipe, in SvelteKit', () => {
  test('first visit: no pixel in the HTML, hydrates cleanly, Accept all shows it once, the next response has it', async () => {
    const { ctx, page, errors, tracked: pixels, html: serverHtml } = await open('DE');
    const html = await serverHtml();
    expect(html).toContain('<consent-banner');
    expect(html).not.toMatch(PIXEL);
    expect(pixels()).toBe(0);
    await page.getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(pixels).toBe(1);
    expect(await serverHtml()).toMatch(PIXEL);
    await page.reload();
    await page.waitForLoadState('networkidle');
    expect(await page.locator('img[src="/pixel.gif"]').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Accept all' }).isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  test('Reject all: no pixel, now or on the next page view', async () => {
    const { ctx, page, errors, tracked: pixels, html: serverHtml } = await open('DE');
    await page.getByRole('button', { name: 'Reject all' }).click();
    await page.reload();
    await page.waitForLoadState('networkidle');
    expect(await serverHtml()).not.toMatch(PIXEL);
    expect(pixels()).toBe(0);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  test('the region header picks the rules on the server: a notice region renders the pixel at once', async () => {
    const { ctx, errors, tracked: pixels, html: serverHtml } = await open('US');
    expect(await serverHtml()).toMatch(PIXEL);
    expect(pixels()).toBe(1);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
