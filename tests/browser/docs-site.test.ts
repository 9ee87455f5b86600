/**
 * The documentation site, built as CI builds it (`npm run docs:build`: TypeDoc, the element and
 * services pages, VitePress, llms.txt), then checked as a reader meets it:
 * - every internal link and image of every built page leads to a file, and every #anchor to an id;
 * - a sample of pages, light and dark: axe-core finds nothing (WCAG 2.2 A/AA), no request leaves
 *   127.0.0.1 (no web font, no CDN), nothing overflows at 320 px;
 * - local search finds a page; the services table filters; the benchmark charts are drawn;
 * - llms.txt lists every page and llms-full.txt holds their text.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, posix, relative } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { docsPages } from '../support/docs';
import { launchBrowser, ROOT, startServer, type TestServer } from './harness';

const DIST = join(ROOT, 'docs/.vitepress/dist');
const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const SAMPLE = ['/', '/getting-started.html', '/configuration.html', '/banner.html', '/reference/services.html', '/benchmark.html', '/compare.html', '/reference/api/consent-gate/interfaces/ConsentConfig.html'];

let browser: Browser;
let server: TestServer;

/** Every file under `dir`, as a path relative to it with / separators. */
const walk = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => statSync(join(dir, f)).isFile()).map((f) => f.split('\\').join('/'));

beforeAll(async () => {
  // The build CI runs (2 to 5 minutes on two loaded cores, most of it TypeDoc and VitePress's bundling).
  // DOCS_BUILT=1 reuses docs/.vitepress/dist while working on this file; npm test always builds.
  if (process.env.DOCS_BUILT !== '1') execFileSync('npm', ['run', 'docs:build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], timeout: 900_000 });
  browser = await launchBrowser();
  server = await startServer([async (_req, res, url) => {
    let path = decodeURIComponent(url.pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(DIST, path));
    if (!file.startsWith(DIST) || !existsSync(file) || !statSync(file).isFile()) return false;
    const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8', '.json': 'application/json', '.woff2': 'font/woff2' };
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(await readFile(file));
    return true;
  }]);
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

async function axe(page: Page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const result = await page.evaluate((tags) => (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<{ violations: { id: string; nodes: { target: unknown; failureSummary?: string }[] }[] }> } })
    .axe.run(document, { runOnly: { type: 'tag', values: tags } }), AXE_TAGS);
  return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((x) => [x.target, x.failureSummary]) }));
}

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

describe.each(['light', 'dark'] as const)('%s', (colorScheme) => {
  test.each(SAMPLE)(`%s: axe finds nothing, nothing is asked of another host, it reads at 320 px (${colorScheme})`, async (path) => {
    const { page, outside, errors, close } = await open(path, { colorScheme });
    expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(colorScheme === 'dark');
    expect(await axe(page)).toEqual([]);
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
    // Readable at 320 px: nothing wider than the screen (wide tables and code scroll inside themselves).
    await page.setViewportSize({ width: 320, height: 640 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await close();
  });
});

test('local search finds the page on blocking YouTube', async () => {
  const { page, outside, close } = await open('/getting-started.html');
  await page.getByRole('button', { name: /search/i }).first().click();
  await page.keyboard.type('youtube placeholder');
  const hit = page.locator('.VPLocalSearchBox .results a').first();
  await expect.poll(() => hit.getAttribute('href'), { timeout: 15_000 }).toMatch(/gate\.html|blocking\.html|services\.html/);
  expect(outside).toEqual([]);
  await close();
});

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
});

test('the benchmark charts are drawn from the tables, one bar per library and measure', async () => {
  const { page, close } = await open('/benchmark.html');
  const md = readFileSync(join(ROOT, 'docs/benchmark.md'), 'utf8');
  const accept = /\| click "Accept all" → 5 gated scripts \(150 ms each\) have run \| ([\d.]+ ms)/.exec(md)?.[1];
  expect(accept).toBeTruthy();
  const figure = page.locator('figure.bench-chart', { hasText: 'click "Accept all" → 5 gated scripts' }).first();
  expect(await figure.locator('.bench-bar').count()).toBeGreaterThanOrEqual(2);
  expect(await figure.textContent()).toContain(accept!);
  await close();
});

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
