/**
 * Issue 20's split in the blocking builds (`consent-gate.block.js`, `.auto.js`): the tag installs the
 * hooks on the stub, from the config as given, and fetches the default build's chunks: the reader for
 * a returning decided visitor, the store and the UI in parallel on a first visit. Nothing held may
 * leak in the window between the tag and its chunks: the chunks are served here from /late/, 1.5 s
 * after they are asked for (the tag at once), and every request to the third parties (tracker.test,
 * www.googletagmanager.com, mapped to this server) is logged in one sequence with the chunks'
 * requests and answers. Run `npm run build` first.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { consoleErrors, launchBrowser, ROOT, startServer, type TestServer } from './harness';

let browser: Browser;
let server: TestServer;
let port = 0;
/** In order: `hit <host/path>` (a third party), `ask <chunk>`, `got <chunk>` (its answer sent). */
const log: string[] = [];
const LATE = 1500;
const GIF = Buffer.from('R0lGODlhAQABAAAAACwAAAAAAQABAAACAkQBADs=', 'base64');

beforeAll(async () => {
  browser = await launchBrowser(['--host-resolver-rules=MAP *.test 127.0.0.1, MAP www.googletagmanager.com 127.0.0.1']);
  server = await startServer([async (req, res, url) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const h = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
    if (host !== '127.0.0.1') {
      log.push(`hit ${host}${url.pathname}${url.search}`);
      const name = /([\w-]+)\.\w+$/.exec(url.pathname)?.[1] ?? '';
      if (url.pathname.endsWith('.js')) res.writeHead(200, { 'content-type': 'text/javascript', ...h }).end(`__ran.push(${JSON.stringify(name)});`);
      else if (url.pathname.endsWith('.html')) res.writeHead(200, { 'content-type': 'text/html', ...h }).end(`<p>${name}</p>`);
      else if (url.pathname.endsWith('.json')) res.writeHead(200, { 'content-type': 'application/json', ...h }).end('{}');
      else res.writeHead(200, { 'content-type': 'image/gif', ...h }).end(GIF);
      return true;
    }
    const m = /^\/late\/((?:i18n\/)?[\w.-]+\.js)$/.exec(url.pathname);
    if (!m) return false;
    const name = m[1]!;
    const tag = /^consent-gate(\.block|\.auto)?\.js$/.test(name);
    if (!tag) {
      log.push(`ask ${name}`);
      await new Promise((r) => setTimeout(r, LATE));
    }
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', ...h }).end(await readFile(join(ROOT, 'dist', name)));
    if (!tag) log.push(`got ${name}`);
    return true;
  }]);
  port = Number(new URL(server.origin).port);
});
afterAll(async () => { await browser?.close(); await server?.close(); });

const T = () => `http://tracker.test:${port}`;
const CONFIG = { categories: { necessary: { required: true }, analytics: { label: 'Analytics', sources: ['tracker.test'] } }, reloadOnWithdraw: false };

let n = 0;
/**
 * A page with a blocking build's tag (from /late/ unless `at`), a gated script right after it, a script that adds
 * gated elements at once and 300 ms later (in the window before the chunks), and a gated image, iframe and script in the body.
 */
function serve(config: object, { build = 'block', at = '/late/', extra = '' } = {}): string {
  const path = `/split-block/${++n}`;
  const t = T();
  server.pages.set(path, { body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>b</title><link rel="icon" href="data:,">
<script>window.__ran = [];</script>
<script src="${at}consent-gate.${build}.js" data-config='${JSON.stringify(config)}'></script>
<script src="${t}/t/head.js"></script>
<script>
  const s = document.createElement('script'); s.src = '${t}/t/added.js'; document.head.append(s);
  setTimeout(() => {
    new Image().src = '${t}/t/pixel.gif';
    fetch('${t}/t/api.json').catch(() => {});
    const f = document.createElement('iframe'); f.src = '${t}/t/later.html'; document.body.append(f);
    document.body.insertAdjacentHTML('beforeend', '<script src="${t}/t/inner.js"><\\/script><img src="${t}/t/inner.gif">');
    const d = document.createElement('script'); d.src = '${t}/t/dynamic.js'; document.body.append(d);
  }, 300);
</script>${extra}
</head><body><h1>Article</h1><img src="${t}/t/img.gif" width="1" height="1"><iframe src="${t}/t/embed.html" width="200" height="100"></iframe>
<script src="${t}/t/body.js"></script></body></html>` });
  return path;
}

/**
 * Requests to third parties after `from`, but those of elements written in the HTML: Chromium's preload scanner
 * may fetch those (never run them) before any script can see them, with or without the split (docs/blocking.md);
 * that they do not run is checked instead.
 */
const hits = (from: number) => log.slice(from).filter((e) => e.startsWith('hit ') && !HTML.test(e));
const HTML = /\/t\/(head\.js|body\.js|img\.gif|embed\.html)$|gtm\.js\?id=GTM-X$/;
const since = (from: number) => log.slice(from);
/** Waits until `entry` is in the log after `from` (at most 10 s). */
async function until(p: Page, from: number, entry: string): Promise<void> {
  for (let end = Date.now() + 10_000; !since(from).includes(entry) && Date.now() < end;) await p.waitForTimeout(50);
  expect(since(from)).toContain(entry);
}
/** What is requested once granted: each element (a failed `fetch` is not made again; a script from innerHTML never runs). */
const ALL = ['head.js', 'added.js', 'pixel.gif', 'later.html', 'inner.gif', 'dynamic.js', 'img.gif', 'embed.html', 'body.js'];
/** Every third-party file requested after `from`, HTML's too, sorted. */
const paths = (from: number) => log.slice(from).filter((e) => e.startsWith('hit ')).map((h) => h.slice(h.lastIndexOf('/') + 1).replace(/\?.*/, '')).sort();

/**
 * After `from`: each element a script made requested exactly once (waited for, then checked again a moment later), and
 * every one of `all` at least once since `opened` (HTML's too: the preload scanner may have fetched those, and the
 * release then takes them from the cache).
 */
async function released(from: number, all = ALL, opened = from): Promise<void> {
  const name = (h: string) => h.slice(h.lastIndexOf('/') + 1).replace(/\?.*/, '');
  const want = all.filter((f) => !HTML.test('/t/' + f)).sort();
  await expect.poll(() => hits(from).map(name).sort(), { timeout: 15_000 }).toEqual(want);
  await new Promise((r) => setTimeout(r, 300));
  expect(hits(from).map(name).sort()).toEqual(want);
  await expect.poll(() => [...new Set(paths(opened))], { timeout: 15_000 }).toEqual([...new Set(all)].sort());
}

async function firstVisit(ctx: BrowserContext, path: string): Promise<Page> {
  const page = await ctx.newPage();
  const from = log.length;
  await page.goto(server.origin + path);
  // The store and the UI are asked for at once, in parallel: the UI before the store has answered.
  await until(page, from, 'got consent-gate.store.js');
  await until(page, from, 'got consent-gate.ui.js');
  const s = since(from);
  expect(s.indexOf('ask consent-gate.ui.js')).toBeLessThan(s.indexOf('got consent-gate.store.js'));
  expect(s).not.toContain('ask consent-gate.reader.js');
  await page.waitForFunction('document.querySelector("consent-banner")');
  await page.waitForTimeout(300);
  // Through the whole window (tag, 1.5 s of nothing, the chunks, the banner): no request to a held source, nothing run.
  expect(hits(from)).toEqual([]);
  expect(await page.evaluate('__ran')).toEqual([]);
  expect(await page.evaluate('[...document.querySelectorAll("iframe")].map((f) => f.getAttribute("src"))')).toEqual([null, null]);
  return page;
}

test('block: a first visit with the chunks 1.5 s late requests nothing held (HTML, added at once and during the window); the store and UI come in parallel; accepting releases each once', async () => {
  const ctx = await browser.newContext();
  const path = serve(CONFIG);
  const opened = log.length;
  const page = await firstVisit(ctx, path);
  const from = log.length;
  await page.evaluate('consentGate.acceptAll()');
  await released(from, ALL, opened);
  expect(await page.evaluate('__ran.filter((x) => x != "later")')).toEqual(expect.arrayContaining(['head', 'added', 'body', 'dynamic']));
  await ctx.close();
});

/** A visitor who decided (`how`) on a first visit, back on the page in a new tab once the reader has come: the log's length before it opened. */
async function returning(how: 'acceptAll' | 'rejectAll'): Promise<{ ctx: BrowserContext; page: Page; from: number }> {
  const ctx = await browser.newContext();
  const path = serve(CONFIG);
  const first = await firstVisit(ctx, path);
  await first.evaluate(`consentGate.${how}()`);
  await first.waitForTimeout(300);
  await first.close();
  const page = await ctx.newPage();
  const from = log.length;
  await page.goto(server.origin + path);
  await until(page, from, 'got consent-gate.reader.js');
  return { ctx, page, from };
}

test('block: a returning visitor who refused runs the reader (no store chunk) and, with it 1.5 s late, requests nothing held, ever', async () => {
  const { ctx, page, from } = await returning('rejectAll');
  await page.waitForTimeout(700);
  expect(await page.evaluate('consentGate.has("analytics") + "," + consentGate.decided')).toBe('false,true');
  expect(since(from)).toEqual(expect.not.arrayContaining(['ask consent-gate.store.js', 'ask consent-gate.ui.js']));
  expect(hits(from)).toEqual([]);
  expect(await page.evaluate('__ran')).toEqual([]);
  await ctx.close();
});

test('block: a returning visitor who accepted runs the reader (no store chunk); nothing held is requested before the reader has answered, then each once', async () => {
  const { ctx, page, from } = await returning('acceptAll');
  await page.waitForTimeout(900);
  const s = since(from);
  expect(s).not.toContain('ask consent-gate.store.js');
  // Every third-party request of a script's making came after the reader had been answered.
  const ready = s.indexOf('got consent-gate.reader.js');
  expect(s.findIndex((e) => e.startsWith('hit ') && !HTML.test(e))).toBeGreaterThan(ready);
  expect(await page.evaluate('__ran')).toEqual(expect.arrayContaining(['head', 'added', 'body', 'dynamic']));
  await released(from);
  await ctx.close();
});

test('auto: autoBlock (Google Tag Manager without Consent Mode) and sources hold through a late window on a first visit, then release on consent', async () => {
  const ctx = await browser.newContext();
  const gtm = `http://www.googletagmanager.com:${port}/gtm.js?id=GTM-X`;
  const config = { ...CONFIG, categories: { ...CONFIG.categories, marketing: {}, functional: {} }, autoBlock: true };
  const path = serve(config, { build: 'auto', extra: `<script src="${gtm}"></script><script>setTimeout(() => { const g = document.createElement('script'); g.src = '${gtm}&late'; document.head.append(g); }, 200);</script>` });
  const opened = log.length;
  const page = await firstVisit(ctx, path);
  const from = log.length;
  await page.evaluate('consentGate.acceptAll()');
  await released(from, [...ALL, 'gtm.js'], opened);
  await ctx.close();
});

test('an invalid config keeps holding for good (block and auto), its field named in the words of the errors chunk; nothing held is requested', async () => {
  for (const build of ['block', 'auto']) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const errors = consoleErrors(page);
    const from = log.length;
    await page.goto(server.origin + serve({ ...CONFIG, mode: 'sometimes' }, { build, at: '/dist/' }));
    for (let end = Date.now() + 5000; !errors.length && Date.now() < end;) await page.waitForTimeout(50);
    await page.waitForTimeout(600);
    expect(errors.join('\n')).toMatch(/consent-gate: mode: expected .*"sometimes"/);
    expect(await page.evaluate('typeof window.consentGate')).toBe('undefined');
    expect(hits(from)).toEqual([]);
    expect(await page.evaluate('__ran')).toEqual([]);
    await ctx.close();
  }
});
