// The gate in real Chromium, with the network watched: the server's request log says
// which gated URLs were asked for, and when. Pages load a classic bundle of the ESM
// build (store + gate + Consent Mode) from the <head>, as the drop-in does.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { rollup } from 'rollup';
import resolve from '@rollup/plugin-node-resolve';
import { readFile } from 'node:fs/promises';
import { CHROMIUM_ARGS, ROOT, startServer, type TestServer } from './harness';

let browser: Browser;
let server: TestServer;
/** Pages at http://www.site.test:PORT/… (resolved to 127.0.0.1) to exercise parent-domain cookies. */
let site: string;
/** Requests to /par/, with how many /par/ requests had been answered when each arrived. */
const parallel: { name: string; answeredBefore: number }[] = [];
let answered = 0;

const CONFIG = {
  categories: {
    necessary: { required: true },
    analytics: { label: 'Analytics', cookies: ['_ga', '/^_ga_/', '_gid'], storage: ['plausible_ignore'] },
    marketing: { label: 'Marketing' },
  },
};

interface PageOptions { config?: object; head?: string; nonce?: string; options?: string }

/** A page that starts the store, Consent Mode and the gate from its <head>, then has `body`. */
function html(body: string, { config = CONFIG, head = '', nonce, options = '{}' }: PageOptions = {}): string {
  const n = nonce ? ` nonce="${nonce}"` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>gate</title>
<script${n}>window.__ran = []; window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => __violations.push(e.violatedDirective + ' ' + e.blockedURI));</script>
<script${n} src="/cg.js"></script>
<script${n}>window.c = CG.createConsent(${JSON.stringify(config)}); CG.googleConsentMode(c); window.stopGate = CG.gate(c, ${options});</script>
${head}</head><body>
${body}
</body></html>`;
}

let n = 0;
/** Registers a page; returns its path. */
function serve(body: string, options?: PageOptions, headers?: Record<string, string>): string {
  const path = `/page/${++n}/index`;
  server.pages.set(path, { body: html(body, options), headers });
  return path;
}
/** Requests made so far to paths containing `part`. */
const asked = (part: string) => server.requests.filter((r) => r.includes(part));
const ran = (p: Page) => p.evaluate<string[]>('window.__ran');
const waitRan = (p: Page, count: number) => p.waitForFunction((k) => (window as unknown as { __ran: string[] }).__ran.length >= k, count, { timeout: 5000 });
/** Gives the browser time to make any request it was going to make. */
const settle = (p: Page) => p.waitForTimeout(300);

async function open(path: string, origin = server.origin): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(origin + path);
  return { ctx, page };
}

beforeAll(async () => {
  const bundle = await rollup({ input: ROOT + '/dist/index.js', plugins: [resolve()], onwarn: () => {} });
  const code = (await bundle.generate({ format: 'iife', name: 'CG' })).output[0].code;
  await bundle.close();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP *.site.test 127.0.0.1'],
  });
  server = await startServer([async (_req, res, url) => {
    // Like /slow/, and each request notes how many of its kind had been answered when it came. None is answered before
    // all five have come (or 5 s have passed: then a request made only after an answer shows up as answeredBefore > 0),
    // so that a loaded machine, slow to send the next request, cannot make parallel fetching look serial.
    const par = /^\/par\/([\w-]+)\.js$/.exec(url.pathname);
    if (!par) return false;
    parallel.push({ name: par[1]!, answeredBefore: answered });
    for (const end = Date.now() + 5000; parallel.length < 5 && Date.now() < end;) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 150));
    answered++;
    res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
    res.end(`__ran.push(${JSON.stringify(par[1])}); (window.__ranAt = window.__ranAt || []).push(performance.now());`);
    return true;
  }, (_req, res, url) => {
    // A page whose gated inline script arrives in two network chunks, 150 ms apart.
    if (url.pathname !== '/chunked') return false;
    const [head, tail] = html(`<script type="text/plain" data-consent="analytics">__ran.push('one' + SPLIT'two')</script><p>after</p>`).split('SPLIT');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.write(head + ' '.repeat(4096));
    setTimeout(() => res.end(tail), 150);
    return true;
  }]);
  site = server.origin.replace('127.0.0.1', 'www.site.test');
  server.pages.set('/cg.js', { body: code, type: 'text/javascript; charset=utf-8' });
  server.pages.set('/axe.js', { body: await readFile(ROOT + '/node_modules/axe-core/axe.min.js', 'utf8'), type: 'text/javascript' });
});
afterAll(async () => { await browser?.close(); await server?.close(); });

test('requests no gated script or embed before consent or after a refusal', async () => {
  const { ctx, page } = await open(serve(`
    <script type="text/plain" data-consent="analytics" src="/slow/none-a.js?ms=0"></script>
    <script type="text/plain" data-consent="analytics" data-type="module" src="/slow/none-m.js?ms=0"></script>
    <script type="text/plain" data-consent="analytics">__ran.push('inline')</script>
    <iframe data-consent="marketing" data-src="/none/frame.html"></iframe>
    <img data-consent="marketing" data-src="/none/img.png" data-srcset="/none/img2.png 2x" alt="">
    <picture data-consent="marketing"><source data-srcset="/none/pic.webp" type="image/webp"><img data-src="/none/pic.png" alt=""></picture>
    <video data-consent="marketing" data-poster="/none/poster.png" controls><source data-src="/none/video.mp4" type="video/mp4"></video>
    <audio data-consent="marketing" data-src="/none/audio.mp3" controls></audio>
    <embed data-consent="marketing" data-src="/none/embed.svg" type="image/svg+xml">
    <object data-consent="marketing" data-src="/none/object.svg" type="image/svg+xml"></object>`));
  await settle(page);
  expect(asked('/none')).toEqual([]);
  expect(asked('/slow/none')).toEqual([]);
  expect(await ran(page)).toEqual([]);
  // Nor after a refusal.
  await page.evaluate('c.rejectAll()');
  await settle(page);
  expect([...asked('/none'), ...asked('/slow/none')]).toEqual([]);
  expect(await ran(page)).toEqual([]);
  await ctx.close();
});

test('loads every gated embed once consent is given', async () => {
  const { ctx, page } = await open(serve(`
    <iframe data-consent="marketing" data-src="/load/frame.html"></iframe>
    <img data-consent="marketing" data-src="/load/img.png" alt="">
    <picture data-consent="marketing"><source data-srcset="/load/pic.webp" type="image/webp"><img data-src="/load/pic.png" alt=""></picture>
    <video data-consent="marketing" data-poster="/load/poster.png" preload="auto"><source data-src="/load/video.mp4" type="video/mp4"></video>
    <audio data-consent="marketing" data-src="/load/audio.mp3" preload="auto"></audio>
    <object data-consent="marketing" data-src="/load/object.svg" type="image/svg+xml"></object>`));
  await settle(page);
  expect(asked('/load')).toEqual([]);
  await page.evaluate('c.acceptAll()');
  await settle(page);
  for (const u of ['frame.html', 'img.png', 'pic.webp', 'poster.png', 'video.mp4', 'audio.mp3', 'object.svg']) {
    expect(asked('/load/' + u).length, u).toBeGreaterThanOrEqual(1);
  }
  await ctx.close();
});

test('runs scripts once, in document order: inline and external, classic and module', async () => {
  const { ctx, page } = await open(serve(`
    <script type="text/plain" data-consent="analytics" src="/slow/order-a.js?ms=120"></script>
    <script type="text/plain" data-consent="analytics">__ran.push('b')</script>
    <script type="text/plain" data-consent="analytics" data-type="module" src="/slow/order-c.js?ms=60"></script>
    <script type="text/plain" data-consent="analytics">__ran.push('d')</script>
    <script type="text/plain" data-consent="analytics" src="/slow/order-e.js?ms=0"></script>
    <script type="text/plain" data-consent="analytics">__ran.push('f')</script>
    <script type="text/plain" data-consent="analytics" data-type="module">__ran.push('g')</script>`));
  await settle(page);
  expect(asked('/slow/order')).toEqual([]);
  await page.evaluate('c.acceptAll()');
  await waitRan(page, 7);
  // Another change and a DOM mutation must not run anything twice.
  await page.evaluate(`c.save({ analytics: true, marketing: true }); document.body.append(document.createElement('p'))`);
  await settle(page);
  expect(await ran(page)).toEqual(['order-a', 'b', 'order-c', 'd', 'order-e', 'f', 'g']);
  for (const s of ['a', 'c', 'e']) expect(asked(`/slow/order-${s}.js`)).toHaveLength(1);
  await ctx.close();
});

test('fetches external scripts in parallel and runs them in order: five 150 ms scripts', async () => {
  const scripts = [1, 2, 3, 4, 5].map((i) => `<script type="text/plain" data-consent="analytics" src="/par/p${i}.js"></script>`).join('');
  const { ctx, page } = await open(serve(scripts));
  const ms = await page.evaluate<number>(`new Promise((done) => {
    const t0 = performance.now();
    c.acceptAll();
    const poll = () => (__ran.length >= 5 ? done(window.__ranAt[4] - t0) : setTimeout(poll, 2));
    poll();
  })`);
  expect(await ran(page)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
  // Every request reached the server before the first answer left it: fetched in parallel.
  expect([...parallel].sort((a, b) => a.name.localeCompare(b.name))).toEqual(['p1', 'p2', 'p3', 'p4', 'p5'].map((name) => ({ name, answeredBefore: 0 })));
  // The time taken is a figure, not a check (a loaded machine stretches it; benchmarks measure speed): about 180 ms
  // on an idle machine, where one after another would take at least 750 ms. Parallel fetching is proven above.
  console.log(`consent → five 150 ms scripts run: ${ms.toFixed(0)} ms`);
  await ctx.close();
});

test('scripts it puts back and its preloads are no reason for the gate to look at the document again; the preloads go in at once', async () => {
  const scripts = [1, 2, 3, 4, 5].map((i) => `<script type="text/plain" data-consent="analytics" src="/slow/again-${i}.js?ms=300"></script>`).join('');
  const { ctx, page } = await open(serve(scripts + '<p>after</p>'));
  await settle(page);
  // Counted from now: the gate's scans (each a query of the document for gated elements) and the insertions of preload links.
  await page.evaluate(`{
    window.__scans = 0; window.__preloads = [];
    const qsa = Document.prototype.querySelectorAll;
    Document.prototype.querySelectorAll = function (s) { if (s === '[data-consent]') __scans++; return qsa.call(this, s); };
    new MutationObserver((rs) => { for (const r of rs) { const links = [...r.addedNodes].filter((n) => n.localName === 'link'); if (links.length) __preloads.push(links.length); } })
      .observe(document.head, { childList: true });
  }`);
  await page.evaluate('c.acceptAll()');
  await waitRan(page, 1);
  // The scans for the decision are over once the first script has run (it is put back in the first scan).
  const scans = await page.evaluate<number>('__scans');
  expect(scans).toBeGreaterThan(0);
  await waitRan(page, 5);
  await settle(page);
  expect(await ran(page)).toEqual([1, 2, 3, 4, 5].map((i) => `again-${i}`));
  // None for each script put back as the one before it has run.
  expect(await page.evaluate('__scans')).toBe(scans);
  // (The old gate: four more, one for each script put back after the first.)
  // The four scripts that wait get their preloads, those released in one task in one insertion (a scan that ran out of
  // its slice goes on in another task: at most one insertion per scan); the first, run at once, fetches itself.
  const preloads = await page.evaluate<number[]>('__preloads');
  expect(preloads.reduce((a, b) => a + b, 0)).toBe(4);
  expect(preloads.length).toBeLessThanOrEqual(scans);
  for (let i = 1; i <= 5; i++) expect(asked(`/slow/again-${i}.js`)).toHaveLength(1);
  // A node of the page's still makes the gate look again.
  await page.evaluate(`{ const s = document.createElement('script'); s.type = 'text/plain'; s.text = '__ran.push("later")'; s.setAttribute('data-consent', 'analytics'); document.body.append(s); }`);
  await waitRan(page, 6);
  expect(await page.evaluate('__scans')).toBeGreaterThan(scans);
  await ctx.close();
});

test('needs every category a script lists', async () => {
  const { ctx, page } = await open(serve(`<script type="text/plain" data-consent="analytics marketing" src="/slow/both.js?ms=0"></script>`));
  await page.evaluate(`c.save({ analytics: true })`);
  await settle(page);
  expect(asked('/slow/both')).toEqual([]);
  await page.evaluate(`c.allow('marketing')`);
  await waitRan(page, 1);
  expect(await ran(page)).toEqual(['both']);
  await ctx.close();
});

test("runs a returning visitor's scripts while the page is parsed, before the scripts after them", async () => {
  const { ctx, page } = await open(serve(`
    <script type="text/plain" data-consent="analytics">__ran.push('gated')</script>
    <script>__ran.push('plain')</script>`));
  await page.evaluate('c.acceptAll()');
  await waitRan(page, 2);
  expect(await ran(page)).toEqual(['plain', 'gated']);
  await page.reload();
  await waitRan(page, 2);
  expect(await ran(page)).toEqual(['gated', 'plain']);
  await ctx.close();
});

test('waits for a gated inline script to be parsed whole before running it', async () => {
  const { ctx, page } = await open('/chunked');
  await page.evaluate('c.acceptAll()');
  await waitRan(page, 1);
  await page.reload();
  await waitRan(page, 1);
  expect(await ran(page)).toEqual(['onetwo']);
  await ctx.close();
});

test('under a strict CSP, gated inline and external scripts run with their nonce and nothing is reported', async () => {
  const nonce = 'r4nd0m-n0nce';
  const cdn = server.origin.replace('127.0.0.1', 'cdn.site.test');
  const path = serve(`
    <script type="text/plain" data-consent="analytics" nonce="${nonce}">__ran.push('inline')</script>
    <script type="text/plain" data-consent="analytics" nonce="${nonce}" src="${cdn}/slow/csp-cdn.js?ms=20"></script>
    <script type="text/plain" data-consent="analytics" nonce="${nonce}" data-type="module" src="/slow/csp-module.js?ms=0"></script>
    <iframe data-consent="marketing" data-src="/csp/frame.html" width="400" height="300"></iframe>
    <script>__ran.push('no nonce: must be blocked')</script>`, { nonce },
  { 'content-security-policy': `script-src 'self' 'nonce-${nonce}'; style-src 'self'` });
  const { ctx, page } = await open(path);
  // The control: CSP is enforced and reported (the script without a nonce).
  expect(await page.evaluate<string[]>('__violations')).toEqual(['script-src-elem inline']);
  // The placeholder is styled although inline styles are forbidden.
  expect(await page.evaluate(`[getComputedStyle(document.querySelector('.consent-placeholder')).display, getComputedStyle(document.querySelector('iframe')).display]`)).toEqual(['flex', 'none']);
  await page.evaluate('c.acceptAll()');
  await waitRan(page, 3);
  await settle(page);
  expect(await ran(page)).toEqual(['inline', 'csp-cdn', 'csp-module']);
  expect(await page.evaluate<string[]>('__violations')).toEqual(['script-src-elem inline']);
  await ctx.close();
});

test('gates scripts and iframes added after load, and runs them at once after consent', async () => {
  const { ctx, page } = await open(serve('<main></main>'));
  await page.evaluate(`
    const s = document.createElement('script');
    s.type = 'text/plain'; s.dataset.consent = 'analytics'; s.src = '/slow/late-1.js?ms=0';
    document.querySelector('main').append(s);
    document.querySelector('main').insertAdjacentHTML('beforeend', '<iframe data-consent="marketing" data-src="/late/frame.html"></iframe>');`);
  await settle(page);
  expect([...asked('/slow/late'), ...asked('/late/')]).toEqual([]);
  expect(await page.locator('.consent-placeholder').count()).toBe(1);
  await page.evaluate('c.acceptAll()');
  await waitRan(page, 1);
  await page.evaluate(`
    const s = document.createElement('script');
    s.type = 'text/plain'; s.dataset.consent = 'analytics'; s.textContent = "__ran.push('late-2')";
    document.body.append(s);`);
  await waitRan(page, 2);
  expect(await ran(page)).toEqual(['late-1', 'late-2']);
  await settle(page);
  expect(asked('/late/frame.html')).toHaveLength(1);
  expect(await page.locator('.consent-placeholder').count()).toBe(0);
  await ctx.close();
});

test('the placeholder is accessible, keeps the embed size, and its button allows the category in place', async () => {
  const { ctx, page } = await open(serve(`<iframe title="Demo video" data-consent="marketing" data-src="/ph/frame.html" width="560" height="315"></iframe>`));
  const ph = page.locator('.consent-placeholder');
  await expect.poll(() => ph.textContent()).toContain('Demo video is blocked until you allow Marketing.');
  const box = (await ph.boundingBox())!;
  expect([Math.round(box.width), Math.round(box.height)]).toEqual([560, 315]);
  await page.addScriptTag({ url: '/axe.js' });
  const violations = await page.evaluate<{ id: string }[]>(`axe.run(document.querySelector('.consent-placeholder'), { runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] }).then((r) => r.violations)`);
  expect(violations.map((v) => v.id)).toEqual([]);
  // Keyboard only: tab to "Allow Marketing" and press Enter.
  await page.keyboard.press('Tab');
  expect(await page.evaluate('document.activeElement.textContent')).toBe('Allow Marketing');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('iframe')!.getAttribute('src') === '/ph/frame.html');
  expect(await page.evaluate('[c.get().source, c.has("marketing"), c.has("analytics")]')).toEqual(['placeholder', true, false]);
  expect(await ph.count()).toBe(0);
  expect(await page.evaluate('document.activeElement.localName')).toBe('iframe');
  await settle(page);
  expect(asked('/ph/frame.html')).toHaveLength(1);
  await ctx.close();
});

test("the placeholder's second button opens the preferences", async () => {
  const { ctx, page } = await open(serve(`<video data-consent="marketing" data-src="/ph2/v.mp4"></video>`));
  await page.getByRole('button', { name: 'Cookie preferences' }).click();
  expect(await page.evaluate('[c.view, c.decided]')).toEqual(['preferences', false]);
  await ctx.close();
});

test('on withdrawal, erases the cookies a gated script set (host, parent domain, paths) and reloads', async () => {
  server.pages.set('/set-cookies.js', {
    type: 'text/javascript',
    body: `__ran.push('tracker');
      document.cookie = '_ga=1; path=/';
      document.cookie = '_ga_ABC=2; path=/; domain=site.test';
      document.cookie = '_ga_DEF=3; path=/shop';
      document.cookie = '_gid=4; path=/shop/; domain=www.site.test';
      document.cookie = 'keep=5; path=/';
      localStorage.setItem('plausible_ignore', '1'); localStorage.setItem('keepme', '1');`,
  });
  server.pages.set('/shop/item', { body: html(`<script type="text/plain" data-consent="analytics" src="/set-cookies.js"></script>`) });
  const { ctx, page } = await open('/shop/item', site);
  await page.evaluate('c.acceptAll()');
  await waitRan(page, 1);
  const names = async () => (await ctx.cookies()).map((c) => `${c.name}@${c.domain}${c.path}`).sort();
  expect(await names()).toEqual(['_ga@www.site.test/', '_ga_ABC@.site.test/', '_ga_DEF@www.site.test/shop', '_gid@.www.site.test/shop/', 'consent@www.site.test/', 'keep@www.site.test/']);
  const before = asked('/set-cookies.js').length;
  const reloaded = page.waitForEvent('load');
  await page.evaluate('setTimeout(() => c.reset())');
  await reloaded;
  await settle(page);
  // The decision cookie now holds the withdrawal (its refusals are kept: issue 10 item 2), not a grant.
  expect(await names()).toEqual(['consent@www.site.test/', 'keep@www.site.test/']);
  expect(await page.evaluate('[c.decided, c.has("analytics"), c.get().reason]')).toEqual([false, false, 'withdrawn']);
  expect(await page.evaluate(`[localStorage.getItem('plausible_ignore'), localStorage.getItem('keepme')]`)).toEqual([null, '1']);
  expect(await ran(page)).toEqual([]);
  expect(asked('/set-cookies.js')).toHaveLength(before);
  await ctx.close();
});

test('opt-out: runs before a decision; a refusal erases, reloads and nothing gated loads again', async () => {
  const path = serve(`<script type="text/plain" data-consent="analytics" src="/slow/optout.js?ms=0"></script>
    <script type="text/plain" data-consent="analytics">document.cookie = '_ga=1; path=/'</script>`, { config: { ...CONFIG, mode: 'opt-out' } });
  const { ctx, page } = await open(path);
  await waitRan(page, 1);
  expect((await ctx.cookies()).map((c) => c.name)).toEqual(['_ga']);
  const reloaded = page.waitForEvent('load');
  await page.evaluate('setTimeout(() => c.rejectAll())');
  await reloaded;
  await settle(page);
  expect(await ran(page)).toEqual([]);
  expect(asked('/slow/optout.js')).toHaveLength(1);
  expect((await ctx.cookies()).map((c) => c.name)).toEqual(['consent']);
  await ctx.close();
});

test('opt-out without reload: a refusal stops further loading', async () => {
  const path = serve(`<script type="text/plain" data-consent="analytics" src="/slow/nore-1.js?ms=0"></script>`,
    { config: { ...CONFIG, mode: 'opt-out' }, options: '{ reloadOnWithdraw: false }' });
  const { ctx, page } = await open(path);
  await waitRan(page, 1);
  await page.evaluate(`c.rejectAll();
    const s = document.createElement('script');
    s.type = 'text/plain'; s.dataset.consent = 'analytics'; s.src = '/slow/nore-2.js?ms=0';
    document.body.append(s);
    document.body.insertAdjacentHTML('beforeend', '<img data-consent="analytics" data-src="/nore/img.png" alt="">');`);
  await settle(page);
  expect(asked('/slow/nore-2')).toEqual([]);
  expect(asked('/nore/')).toEqual([]);
  expect(await ran(page)).toEqual(['nore-1']);
  expect(await page.evaluate('location.pathname')).toBe(path);
  await ctx.close();
});

test('notice mode: optional categories run before a decision', async () => {
  const { ctx, page } = await open(serve(`<script type="text/plain" data-consent="analytics marketing" src="/slow/notice.js?ms=0"></script>`,
    { config: { ...CONFIG, mode: 'notice' } }));
  await waitRan(page, 1);
  expect(await ran(page)).toEqual(['notice']);
  await ctx.close();
});

test('data-consent-action buttons record the decision and release what it allows', async () => {
  const { ctx, page } = await open(serve(`<footer><button data-consent-action="accept-all">Accept all</button></footer>
    <script type="text/plain" data-consent="analytics">__ran.push('after-action')</script>`, { config: { ...CONFIG, actionScope: 'body > footer' } }));
  await page.getByRole('button', { name: 'Accept all' }).click();
  await waitRan(page, 1);
  expect(await page.evaluate('c.get().source')).toBe('action');
  await ctx.close();
});
