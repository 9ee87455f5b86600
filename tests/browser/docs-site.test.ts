/**
 * The documentation site, built as CI builds it (`npm run docs:build`: TypeDoc, the element and
 * services pages, VitePress, llms.txt; one build shared with configurator.test.ts, see
 * tests/support/docs-build.ts), then checked as a reader meets it:
 * - every internal link and image of every built page leads to a file, and every #anchor to an id;
 * - a sample of pages, light and dark: axe-core finds nothing (WCAG 2.2 A/AA), no request leaves
 *   127.0.0.1 (no web font, no CDN), nothing overflows at 320 px;
 * - local search finds a page; the services table filters; the benchmark charts are drawn;
 * - llms.txt lists every page and llms-full.txt holds their text.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axe } from '../support/axe';
import { docsPages } from '../support/docs';
import { DOCS_DIST as DIST, docsSite } from '../support/docs-build';
import { launchBrowser, ROOT, serveDir, startServer, type TestServer } from './harness';

const SAMPLE = ['/', '/getting-started.html', '/configuration.html', '/banner.html', '/reference/services.html', '/benchmark.html', '/compare.html', '/reference/api/consent-gate/interfaces/ConsentConfig.html'];

let browser: Browser;
let server: TestServer;

/** Every file under `dir`, as a path relative to it with / separators. */
const walk = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => statSync(join(dir, f)).isFile()).map((f) => f.split('\\').join('/'));

// Page loads and axe runs take seconds each on a loaded machine: the time limits below are hang guards.
beforeAll(async () => {
  // The build (started by the suite's global set-up, beside the other files; 2 to 5 minutes on two loaded cores).
  await docsSite();
  browser = await launchBrowser();
  server = await startServer([serveDir(DIST)]);
}, 960_000);
afterAll(async () => { await browser?.close(); await server?.close(); });

describe('links', () => {
  test('every internal link and image of every built page resolves, anchors included', () => {
    const files = walk(DIST);
    const pages = files.filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(40);
    const ids = new Map(pages.map((p) => [p, new Set([...readFileSync(join(DIST, p), 'utf8').matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!))]));
    const broken: string[] = [];
    let checked = 0;
    for (const page of pages) {
      const html = readFileSync(join(DIST, page), 'utf8');
      for (const [, attr, raw] of html.matchAll(/<(?:a|img|link)\b[^>]*?\s(href|src)="([^"]*)"/g)) {
        const href = raw!.replace(/&amp;/g, '&');
        if (/^(https?:|mailto:|data:|javascript:)/.test(href) || href === '') continue;
        const [pathPart, hash] = href.split('#') as [string, string | undefined];
        let target = pathPart === '' ? page : posix.normalize(pathPart.startsWith('/') ? pathPart.slice(1) : posix.join(posix.dirname(page), pathPart));
        target = target.split('?')[0]!.replace(/^\.$/, '');
        if (target === '' || target.endsWith('/')) target += 'index.html';
        if (!files.includes(target) && files.includes(`${target}.html`)) target += '.html';
        checked++;
        if (!files.includes(target)) broken.push(`${page}: ${attr}="${href}" (no ${target})`);
        else if (hash && attr === 'href' && target.endsWith('.html') && !ids.get(target)!.has(decodeURIComponent(hash))) broken.push(`${page}: href="${href}" (no #${hash} in ${target})`);
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(broken).toEqual([]);
  });

  test('every hand-written page is built', () => {
    const built = new Set(walk(DIST));
    const missing = docsPages().filter((p) => p.startsWith('docs/')).map((p) => relative('docs', p).replace(/\.md$/, '.html'))
      .filter((p) => !built.has(p));
    expect(missing).toEqual([]);
  });
});

/** Opens a built page in a fresh context; records every request that is not to the test server. */
async function open(path: string, options: { colorScheme?: 'light' | 'dark'; width?: number } = {}) {
  const context = await browser.newContext({ colorScheme: options.colorScheme ?? 'light', viewport: { width: options.width ?? 1280, height: 800 }, reducedMotion: 'reduce' });
  const outside: string[] = [];
  context.on('request', (r) => { if (!r.url().startsWith(server.origin) && !r.url().startsWith('data:')) outside.push(r.url()); });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.origin + path, { waitUntil: 'networkidle' });
  // Hydrated (Vue marks the element it mounted on): the page as a reader uses it, not the static HTML alone.
  await page.waitForFunction(() => Boolean((document.querySelector('#app') as { __vue_app__?: unknown } | null)?.__vue_app__), null, { timeout: 60_000 });
  return { page, outside, errors, close: () => context.close() };
}

/** Whether the page is drawn dark (VitePress sets the class from the reader's preference, and follows it). */
const isDark = (page: Page) => page.evaluate(() => document.documentElement.classList.contains('dark'));
/** Nothing wider than the screen at 320 px (wide tables and code scroll inside themselves). */
const fits320 = (page: Page) => expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

// Each sample page is loaded once and checked in both schemes: loaded in one (half the pages light, half
// dark, so both first paints are checked), then switched to the other as a reader's system setting changes.
test.each(SAMPLE.map((path, i) => [path, i % 2 ? 'dark' : 'light'] as const))('%s: axe finds nothing light and dark (loaded %s), nothing is asked of another host, it reads at 320 px', async (path, first) => {
  const other = first === 'light' ? 'dark' : 'light';
  const { page, outside, errors, close } = await open(path, { colorScheme: first });
  expect(await isDark(page)).toBe(first === 'dark');
  expect(await axe(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: other });
  await expect.poll(() => isDark(page)).toBe(other === 'dark');
  expect(await axe(page)).toEqual([]);
  expect(outside).toEqual([]);
  expect(errors).toEqual([]);
  await page.setViewportSize({ width: 320, height: 640 });
  await fits320(page);
  await page.emulateMedia({ colorScheme: first });
  await expect.poll(() => isDark(page)).toBe(first === 'dark');
  await fits320(page);
  await close();
}, 180_000);

test('local search finds the page on blocking YouTube', async () => {
  const { page, outside, close } = await open('/getting-started.html');
  await page.getByRole('button', { name: /search/i }).first().click();
  await page.keyboard.type('youtube placeholder');
  const hit = page.locator('.VPLocalSearchBox .results a').first();
  await expect.poll(() => hit.getAttribute('href'), { timeout: 15_000 }).toMatch(/gate\.html|blocking\.html|services\.html/);
  expect(outside).toEqual([]);
  await close();
}, 180_000);

test('the services table is generated from the source and filters as you type', async () => {
  const { page, close } = await open('/reference/services.html');
  const rows = page.locator('.vp-doc table tbody tr');
  const services = (readFileSync(join(ROOT, 'src/services/list.ts'), 'utf8').match(/^\s*\['[\w-]+', '/gm) ?? []).length;
  expect(services).toBeGreaterThan(50);
  expect(await rows.count()).toBe(services);
  await page.getByLabel('Search the services').fill('youtube');
  await expect.poll(() => rows.filter({ visible: true }).count()).toBe(1);
  expect(await rows.filter({ visible: true }).first().textContent()).toContain('youtube.com');
  await close();
}, 180_000);

test('the benchmark charts are drawn from the tables, one bar per library and measure', async () => {
  const { page, close } = await open('/benchmark.html');
  const md = readFileSync(join(ROOT, 'docs/benchmark.md'), 'utf8');
  const accept = /\| click "Accept all" → 5 gated scripts \(150 ms each\) have run \| ([\d.]+ ms)/.exec(md)?.[1];
  expect(accept).toBeTruthy();
  const figure = page.locator('figure.bench-chart', { hasText: 'click "Accept all" → 5 gated scripts' }).first();
  expect(await figure.locator('.bench-bar').count()).toBeGreaterThanOrEqual(2);
  expect(await figure.textContent()).toContain(accept!);
  await close();
}, 180_000);

test('llms.txt lists every page; llms-full.txt holds their text', () => {
  const list = readFileSync(join(DIST, 'llms.txt'), 'utf8');
  const full = readFileSync(join(DIST, 'llms-full.txt'), 'utf8');
  expect(list).toMatch(/^# consent-gate\n/);
  for (const p of docsPages().filter((x) => x.startsWith('docs/') && x !== 'docs/index.md')) {
    const url = '/' + relative('docs', p).replace(/(^|\/)index\.md$/, '$1').replace(/\.md$/, '.html');
    expect(list, p).toContain(`](${url})`);
  }
  expect(full).toContain('## Refusals are kept');
  expect(full).toContain('checkConfig');
});
