// The drop-in's placeholders come from a chunk of their own (dist/consent-gate.placeholder.js),
// fetched only on pages with a blocked iframe or video. The gate reserves each placeholder's
// final box in the task that finds the embed, so the chunk may arrive late (here: 300 ms,
// after the first paint) without moving anything: Chromium's layout-shift entries stay empty.
// Run `npm run build` first.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, ROOT, startServer, type TestServer } from './harness';

const CHUNK = '/dist/consent-gate.placeholder.js';
const DELAY = 300;

let browser: Browser;
let server: TestServer;

const CONFIG = JSON.stringify({ categories: { necessary: { required: true }, analytics: { label: 'Analytics' }, marketing: { label: 'Marketing' } } });

/**
 * A page with the drop-in. Before it, in the <head>: every layout shift is collected
 * (`__shifts`), and `__filledAt` notes when the first placeholder got its buttons.
 */
const html = (body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Article</title><link rel="icon" href="data:,">
<style>body { margin: 0; font: 16px/1.5 sans-serif } main { width: 600px; margin: 0 auto }</style>
<script>
  window.__shifts = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) __shifts.push(e.value); }).observe({ type: 'layout-shift', buffered: true });
  new MutationObserver(() => { if (!window.__filledAt && document.querySelector('.consent-placeholder button')) window.__filledAt = performance.now(); })
    .observe(document, { childList: true, subtree: true });
</script>
<script src="/dist/consent-gate.js" data-config='${CONFIG}'></script></head>
<body><main><h1>Article</h1><p>Before the embeds.</p>${body}<p id="after">After the embeds.</p></main></body></html>`;

/** Three blocked embeds, inline-level in <main> as authors write them: with width/height (4:3), without, and a video. */
const EMBEDS = `<iframe title="Map" data-consent="marketing" data-src="/lazy/map.html" width="400" height="300"></iframe>
<iframe data-consent="marketing" data-src="/lazy/frame.html"></iframe>
<video data-consent="marketing" data-poster="/lazy/poster.png" controls><source data-src="/lazy/clip.mp4" type="video/mp4"></video>`;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer([async (_req, _res, url) => {
    // The placeholder chunk, served slowly; then the static server answers.
    if (url.pathname === CHUNK) await new Promise((r) => setTimeout(r, DELAY));
    return false;
  }]);
  server.pages.set('/embeds', { body: html(EMBEDS) });
  server.pages.set('/none', { body: html(`<script type="text/plain" data-consent="analytics" src="/slow/none.js?ms=0"></script>
<img data-consent="marketing" data-src="/none/img.png" alt="">
<audio data-consent="marketing" data-src="/none/audio.mp3" controls></audio>`) });
  server.pages.set('/axe.js', { body: await readFile(ROOT + '/node_modules/axe-core/axe.min.js', 'utf8'), type: 'text/javascript' });
});
afterAll(async () => { await browser?.close(); await server?.close(); });

/** A fresh context, tall enough that every embed is in the viewport (shifts outside it do not count). */
async function open(): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
  const ctx = await browser.newContext({ viewport: { width: 800, height: 1400 } });
  const page = await ctx.newPage();
  const errors: string[] = [];
  // The embeds' URLs are not served: their 404s are expected, any other error is not.
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return { ctx, page, errors };
}

/** A returning visitor who refused: the embeds stay blocked and no banner is shown. */
async function refused(): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
  const v = await open();
  await v.page.goto(server.origin + '/embeds');
  await v.page.evaluate('consentGate.rejectAll()');
  return v;
}

interface Boxes { rects: number[][]; empty: boolean[]; hidden: boolean[] }
/** Each placeholder's box (x, y, width, height), whether it is still empty, and whether its embed is hidden. */
const boxes = (page: Page) => page.evaluate<Boxes>(`(() => {
  const phs = [...document.querySelectorAll('.consent-placeholder')];
  const r = (el) => { const b = el.getBoundingClientRect(); return [b.x, b.y, b.width, b.height]; };
  return {
    rects: [...phs, document.getElementById('after')].map(r),
    empty: phs.map((ph) => ph.childElementCount === 0),
    hidden: [...document.querySelectorAll('[data-consent]')].map((el) => getComputedStyle(el).display === 'none'),
  };
})()`);
const filled = (page: Page) => page.waitForFunction(() => {
  const phs = [...document.querySelectorAll('.consent-placeholder')];
  return phs.length > 0 && phs.every((ph) => ph.querySelector('button'));
});
/** Two frames, so that a shift caused by what just happened has been reported. */
const frames = (page: Page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
const shifts = (page: Page) => page.evaluate<number[]>('__shifts');

test('with the placeholder chunk 300 ms late, nothing moves: iframe with width/height, iframe without, video', async () => {
  const { ctx, page, errors } = await refused();
  const n = server.requests.length;
  await page.reload({ waitUntil: 'domcontentloaded' });
  // Before the chunk: three empty boxes in place, the embeds hidden.
  const before = await boxes(page);
  expect(before.empty).toEqual([true, true, true]);
  expect(before.hidden).toEqual([true, true, true]);
  await filled(page);
  await frames(page);
  // The chunk arrived after the first paint, and no layout shift was reported from the start until now.
  const { fcp, filledAt } = await page.evaluate<{ fcp: number; filledAt: number }>(
    `({ fcp: performance.getEntriesByName('first-contentful-paint')[0].startTime, filledAt: __filledAt })`);
  expect(filledAt).toBeGreaterThan(fcp);
  expect(filledAt).toBeGreaterThan(DELAY);
  expect(await shifts(page)).toEqual([]);
  // Same boxes, same place for what follows them: the embed's own size (4:3), else the full width at 16:9.
  const after = await boxes(page);
  expect(after.empty).toEqual([false, false, false]);
  expect(after.rects).toEqual(before.rects);
  expect(after.rects.slice(0, 3).map(([, , w, h]) => [Math.round(w!), Math.round(h!)])).toEqual([[400, 300], [600, 338], [600, 338]]);
  // The control: a real shift is seen (an element pushed in above the embeds).
  await page.evaluate(`document.querySelector('main').prepend(Object.assign(document.createElement('div'), { style: 'height: 100px' }))`);
  await frames(page);
  expect((await shifts(page)).length).toBeGreaterThan(0);
  expect(server.requests.slice(n).filter((r) => r === CHUNK)).toEqual([CHUNK]);
  expect(errors).toEqual([]);
  await ctx.close();
});

test('a first visit with the banner: no layout shift while the late placeholders fill their boxes', async () => {
  const { ctx, page, errors } = await open();
  await page.goto(server.origin + '/embeds', { waitUntil: 'domcontentloaded' });
  expect((await boxes(page)).empty).toEqual([true, true, true]);
  await filled(page);
  await page.getByRole('button', { name: 'Accept all' }).waitFor({ state: 'visible' });
  await frames(page);
  expect(await shifts(page)).toEqual([]);
  expect(errors).toEqual([]);
  await ctx.close();
});

test('the late placeholder is axe-clean and its Allow button works from the keyboard', async () => {
  const { ctx, page, errors } = await refused();
  await page.reload({ waitUntil: 'domcontentloaded' });
  await filled(page);
  await page.addScriptTag({ url: '/axe.js' });
  const violations = await page.evaluate<string[]>(`axe.run(document.querySelectorAll('.consent-placeholder'),
    { runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] }).then((r) => r.violations.map((v) => v.id))`);
  expect(violations).toEqual([]);
  expect(await page.locator('.consent-placeholder p').first().textContent()).toBe('Map is blocked until you allow Marketing.');
  // Keyboard only: the first stop is "Allow Marketing" of the first placeholder.
  await page.keyboard.press('Tab');
  expect(await page.evaluate('document.activeElement.textContent')).toBe('Allow Marketing');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('iframe')!.getAttribute('src') === '/lazy/map.html');
  expect(await page.evaluate('[consentGate.get().source, consentGate.has("marketing"), consentGate.has("analytics")]')).toEqual(['placeholder', true, false]);
  expect(await page.locator('.consent-placeholder').count()).toBe(0);
  // Focus stays where it was: on the embed that took the placeholder's place.
  expect(await page.evaluate('document.activeElement.title')).toBe('Map');
  await expect.poll(() => server.requests).toContain('/lazy/clip.mp4');
  expect(errors).toEqual([]);
  await ctx.close();
});

test('a page without a blocked iframe or video never requests the placeholder chunk', async () => {
  const { ctx, page, errors } = await open();
  const n = server.requests.length;
  await page.goto(server.origin + '/none');
  // A first visit: the banner comes (its chunk is fetched), the placeholders' does not.
  await page.getByRole('button', { name: 'Accept all' }).click();
  await page.waitForLoadState('networkidle');
  const got = server.requests.slice(n);
  expect(got).toContain('/dist/consent-gate.ui.js');
  expect(got).toContain('/none/img.png');
  expect(got).not.toContain(CHUNK);
  expect(errors).toEqual([]);
  await ctx.close();
});

test('a page whose embeds are all allowed never requests the placeholder chunk', async () => {
  const { ctx, page, errors } = await open();
  const n = server.requests.length;
  await page.goto(server.origin + '/embeds');
  await filled(page);
  // Blocked, it asked for the chunk once.
  expect(server.requests.slice(n).filter((r) => r === CHUNK)).toEqual([CHUNK]);
  await page.evaluate('consentGate.acceptAll()');
  const m = server.requests.length;
  await page.reload();
  // Released by the reader: waited for as requests (a loaded machine can leave the network idle between chunk and release).
  await expect.poll(() => server.requests.slice(m), { timeout: 20_000 }).toEqual(expect.arrayContaining(['/lazy/map.html', '/lazy/frame.html']));
  await page.waitForLoadState('networkidle');
  expect(server.requests.slice(m)).not.toContain(CHUNK);
  expect(await page.locator('.consent-placeholder').count()).toBe(0);
  expect(errors).toEqual([]);
  await ctx.close();
});
