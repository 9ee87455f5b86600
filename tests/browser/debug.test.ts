// The debug panel in real Chromium: loaded only when asked for (the network watched), what it
// lists on pages with markup gating, `sources` and `autoBlock`, each problem it detects on a page
// made to have it (and none on the demo's pages), its actions, keyboard, 320 px and axe.
// "Third parties" (tracker.test, ads.test, Google Tag Manager's and Wistia's hosts) are mapped
// to the test server by --host-resolver-rules: other sites to the browser, never the network.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TCString } from '@iabtechlabtcf/core';
import { GppModel } from '@iabgpp/cmpapi';
import { launchBrowser, ROOT, startServer, type TestServer } from './harness';
import { axe } from '../support/axe';

let browser: Browser;
let server: TestServer;
let port = 0;

const T = () => `http://tracker.test:${port}`;
const CONFIG = {
  categories: {
    necessary: { required: true },
    analytics: { label: 'Analytics', cookies: ['_ga'] },
    marketing: { label: 'Marketing' },
  },
};

beforeAll(async () => {
  browser = await launchBrowser(['--host-resolver-rules=MAP *.test 127.0.0.1, MAP www.googletagmanager.com 127.0.0.1, MAP fast.wistia.net 127.0.0.1']);
  // The vendor list for the iab build's page (the real list, as v2.3), from the site's own server.
  const vendorList = JSON.stringify({ ...JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/iab-gvl/vendor-list.json'), 'utf8')), tcfPolicyVersion: 5 });
  server = await startServer([(req, res, url) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (url.pathname === '/consent/gvl/vendor-list.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(vendorList), true;
    if (host === '127.0.0.1') return false;
    const name = /([\w-]+)\.\w+$/.exec(url.pathname)?.[1] ?? url.pathname.split('/').pop() ?? '';
    const cors = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
    if (url.pathname.endsWith('.gif')) res.writeHead(200, { 'content-type': 'image/gif', ...cors }).end(Buffer.from('R0lGODlhAQABAAAAACwAAAAAAQABAAACAkQBADs=', 'base64'));
    else if (url.pathname.endsWith('.html')) res.writeHead(200, { 'content-type': 'text/html', ...cors }).end(`<p>${name}</p>`);
    else if (/\.js$|gtm|gtag/.test(url.pathname)) res.writeHead(200, { 'content-type': 'text/javascript', ...cors }).end(`(window.__ran = window.__ran || []).push(${JSON.stringify(name)});`);
    else res.writeHead(200, { 'content-type': 'application/json', ...cors }).end('{"ok":true}');
    return true;
  }]);
  port = Number(new URL(server.origin).port);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

let n = 0;
interface PageOptions { head?: string; before?: string; config?: object; build?: string; attrs?: string; headers?: Record<string, string>; body?: string }
/** A page with a drop-in (`build`: '', 'block', 'auto') in its head, `before` it and `head` after it. */
function serve({ head = '', before = '', config = CONFIG, build = '', attrs = '', headers, body = '<main><h1>Page</h1><p><a href="#top">A link</a></p></main>' }: PageOptions = {}): string {
  const path = `/debug/${++n}`;
  server.pages.set(path, { headers, body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>debug ${n}</title><link rel="icon" href="data:,">
${before}<script src="/dist/consent-gate${build && '.' + build}.js"${attrs && ' ' + attrs} data-config='${JSON.stringify(config)}'></script>
${head}</head><body>${body}</body></html>` });
  return path;
}

interface Visit { ctx: BrowserContext; page: Page; requests: string[] }
async function visit(path: string, { width = 1280 } = {}): Promise<Visit> {
  const ctx = await browser.newContext({ viewport: { width, height: 800 } });
  const page = await ctx.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(server.origin + path);
  return { ctx, page, requests };
}

/** The panel's shadow root text of a part, whitespace collapsed. */
const panel = (page: Page) => page.locator('consent-gate-debug');
/** Waits for the panel to be drawn (its problems heading) and returns its text. */
async function panelText(page: Page): Promise<string> {
  await panel(page).locator('#cg-problems').waitFor();
  return (await panel(page).locator('aside').innerText()).replace(/\s+/g, ' ');
}
/** The ids of the problems the panel lists. */
async function problems(page: Page): Promise<string[]> {
  await panel(page).locator('#cg-problems').waitFor();
  return panel(page).locator('[data-problem]').evaluateAll((els) => els.map((e) => e.getAttribute('data-problem')!));
}
/** The held list: `[what url, categories, rule, status]` per item. */
async function held(page: Page): Promise<string[][]> {
  await panel(page).locator('#cg-held').waitFor();
  return panel(page).locator('[data-list="held"] > li').evaluateAll((els) => els.map((e) => [
    e.querySelector('strong')!.textContent! + ' ' + (e.querySelector('code')?.textContent ?? ''),
    e.getAttribute('data-categories')!, e.querySelector('[data-rule]')!.textContent!, e.getAttribute('data-status')!]));
}
const openByCall = async (page: Page) => { await page.evaluate('consentGate.debug()'); await panelText(page); };

test.each(['', 'block', 'auto'])('a page view without the panel requests no debug chunk, and the panel is its own chunk (build "%s")', async (build) => {
  const config = build ? { ...CONFIG, categories: { ...CONFIG.categories, analytics: { ...CONFIG.categories.analytics, sources: ['tracker.test'] }, functional: {} }, ...(build === 'auto' && { autoBlock: true }) } : CONFIG;
  const v = await visit(serve({ build, config, head: `<script type="text/plain" data-consent="analytics" src="${T()}/t/a.js"></script>` }));
  await v.page.waitForLoadState('networkidle');
  expect(v.requests.filter((u) => /consent-gate\.debug/.test(u))).toEqual([]);
  expect(await v.page.evaluate(() => customElements.get('consent-gate-debug'))).toBeUndefined();
  // Asked for: the chunk comes, next to the drop-in; no cookie table without an unlisted cookie.
  await openByCall(v.page);
  expect(v.requests.filter((u) => /consent-gate\.debug/.test(u)).map((u) => new URL(u).pathname)).toEqual(['/dist/consent-gate.debug.js']);
  await v.ctx.close();
});

test('#consent-gate-debug in the address opens the panel, also on a page already loaded (hashchange)', async () => {
  const path = serve();
  const v = await visit(path + '#consent-gate-debug');
  expect(await panelText(v.page)).toContain('consent-gate debug');
  await v.page.evaluate(() => document.querySelector<HTMLElement & { close(): void }>('consent-gate-debug')!.close());
  expect(await panel(v.page).count()).toBe(0);
  await v.page.evaluate(() => { location.hash = 'consent-gate-debug'; });
  expect(await panelText(v.page)).toContain('Rules in force');
  await v.ctx.close();
});

test('markup gating: each held element is listed with its category, its data-consent rule and whether it has run', async () => {
  const v = await visit(serve({
    head: `<script type="text/plain" data-consent="analytics" src="${T()}/t/stats.js"></script><script type="text/plain" data-consent="marketing">window.__inline = 1</script>`,
    body: `<main><h1>Page</h1><iframe data-consent="marketing" data-src="${T()}/t/video.html" title="video" width="320" height="180"></iframe></main>`,
  }));
  await v.page.waitForLoadState('networkidle');
  await openByCall(v.page);
  expect(await held(v.page)).toEqual([
    [`<script> ${T()}/t/stats.js`, 'analytics', 'data-consent="analytics"', 'waiting'],
    ['<script> inline: window.__inline = 1', 'marketing', 'data-consent="marketing"', 'waiting'],
    [`<iframe> ${T()}/t/video.html`, 'marketing', 'data-consent="marketing"', 'waiting'],
  ]);
  await v.page.evaluate('consentGate.acceptAll()');
  await expect.poll(() => held(v.page)).toEqual([
    [`<script> ${T()}/t/stats.js`, 'analytics', 'data-consent="analytics"', 'ran'],
    ['<script> inline: window.__inline = 1', 'marketing', 'data-consent="marketing"', 'ran'],
    [`<iframe> ${T()}/t/video.html`, 'marketing', 'data-consent="marketing"', 'loaded'],
  ]);
  await v.ctx.close();
});

test('sources (consent-gate.block.js): held scripts, pixels and requests are listed with the sources rule that holds them', async () => {
  const config = { ...CONFIG, categories: { ...CONFIG.categories, analytics: { label: 'Analytics', sources: ['tracker.test'] }, marketing: { label: 'Marketing', sources: ['/^http:\\/\\/ads\\.test(:\\d+)?\\/px\\//'] } } };
  const v = await visit(serve({
    build: 'block', config,
    head: `<script src="${T()}/t/tag.js"></script>`,
    body: `<main><h1>Page</h1><img src="http://ads.test:${port}/px/1.gif" alt=""></main><script>fetch('${T()}/collect?x=1').catch(() => {}); fetch('${T()}/collect?x=1').catch(() => {});</script>`,
  }));
  await v.page.waitForLoadState('networkidle');
  await openByCall(v.page);
  const items = await held(v.page);
  expect(items).toContainEqual([`<img> http://ads.test:${port}/px/1.gif`, 'marketing', 'categories.marketing.sources: "/^http:\\/\\/ads\\.test(:\\d+)?\\/px\\//"', 'waiting']);
  expect(items).toContainEqual([`<script> ${T()}/t/tag.js`, 'analytics', 'categories.analytics.sources: "tracker.test"', 'waiting']);
  expect(items).toContainEqual([`fetch / XHR / beacon / WebSocket / EventSource / form ${T()}/collect?x=1`, 'analytics', 'categories.analytics.sources: "tracker.test"', 'blocked']);
  expect(await panel(v.page).locator('[data-list="held"] > li', { hasText: '/collect?x=1' }).textContent()).toContain('×2');
  await v.page.evaluate('consentGate.acceptAll()');
  await expect.poll(async () => (await held(v.page)).find((i) => i[0]!.includes('tag.js'))?.[3]).toBe('ran');
  expect(await v.page.evaluate('window.__ran')).toContain('tag');
  await v.ctx.close();
});

test('autoBlock (consent-gate.auto.js): a well-known service is listed with the service and category that hold it', async () => {
  const config = { ...CONFIG, categories: { ...CONFIG.categories, functional: { label: 'Videos' } }, autoBlock: true };
  const v = await visit(serve({
    build: 'auto', config,
    // (On the test server's port: Chromium's preload scanner asks for them before the hooks can hold them, and port 80
    // here, nothing listening, once kept the network busy past 30 s on a loaded CI machine.)
    head: `<script src="http://fast.wistia.net:${port}/assets/external/E-v1.js"></script><script src="http://www.googletagmanager.com:${port}/gtm.js?id=GTM-X"></script>`,
  }));
  await v.page.waitForLoadState('networkidle');
  await openByCall(v.page);
  const items = await held(v.page);
  expect(items).toContainEqual([`<script> http://fast.wistia.net:${port}/assets/external/E-v1.js`, 'functional', 'autoBlock: Wistia (functional)', 'waiting']);
  expect(items).toContainEqual([`<script> http://www.googletagmanager.com:${port}/gtm.js?id=GTM-X`, 'analytics', 'autoBlock: Google Tag Manager (analytics)', 'waiting']);
  expect(await problems(v.page)).toEqual([]);
  await v.ctx.close();
});

// Each problem on a page made to have it: the id the panel gives it, and words of its fix.
test.each([
  ['untagged-script', () => serve({ head: `<script type="text/plain" src="${T()}/t/x.js"></script>` }), 'data-consent="analytics"'],
  ['unknown-category', () => serve({ head: `<script type="text/plain" data-consent="analytic" src="${T()}/t/x.js"></script>` }), 'Did you mean "analytics"?'],
  ['tracker-before', () => serve({ before: '<script src="http://www.googletagmanager.com/gtag/js?id=G-1"></script>' }), 'Put the consent-gate <script> first in <head>'],
  ['loaded-twice', () => serve({ head: `<script src="/dist/consent-gate.js" data-config='{"categories":{"stats":{}}}'></script>` }), 'Keep one consent-gate <script>'],
  ['needs-block-build', () => serve({ config: { ...CONFIG, categories: { ...CONFIG.categories, marketing: { sources: ['ads.test'] } } } }), 'Load consent-gate.block.js instead of consent-gate.js'],
  ['csp-ui', () => serve({ headers: { 'content-security-policy': `script-src 'unsafe-inline' ${server.origin}/dist/consent-gate.js ${server.origin}/dist/consent-gate.debug.js` } }), 'Allow the folder of the drop-in in script-src'],
  ['unlisted-cookie', () => serve({ head: '<script>document.cookie = "_gid=GA1.1.5; path=/"</script>' }), 'Open Cookie Database knows it as analytics (Google Analytics)'],
  ['invalid-config', () => serve({ config: { categories: { analytics: { cookies: [42] } } } }), 'categories.analytics.cookies[0]: expected a string or /regex/, got 42'],
])('detects %s on a page that has it, with its fix', async (id, make, words) => {
  const v = await visit(make() + '#consent-gate-debug');
  await expect.poll(() => problems(v.page), { timeout: 8000 }).toContain(id);
  expect(await panelText(v.page)).toContain(words);
  expect(await axe(v.page)).toEqual([]);
  await v.ctx.close();
});

test('a cookie the Open Cookie Database knows by prefix gets its category; its table is fetched only then', async () => {
  const v = await visit(serve({ head: '<script>document.cookie = "_dc_gtm_UA-1=1; path=/"; document.cookie = "_hjSession_1=1; path=/"; document.cookie = "mysite_pref=1; path=/"</script>' }) + '#consent-gate-debug');
  const text = await panelText(v.page);
  expect(text).toContain('Cookie "_dc_gtm_UA-1" is set');
  expect(text).toContain('_dc_gtm_UA-1 — not listed in the config (Open Cookie Database: analytics, Google Analytics)');
  // Necessary by the database: listed, not a problem.
  expect(text).toContain('_hjSession_1 — not listed in the config (Open Cookie Database: necessary, Hotjar)');
  expect(text).not.toContain('Cookie "_hjSession_1" is set');
  expect(text).toContain('Cookie "mysite_pref" is set, and the config does not list it');
  expect(v.requests.filter((u) => /consent-gate\.debug-/.test(u))).toHaveLength(1);
  await v.ctx.close();
});

// The demo server's pages, each opened with the panel: no problem found, and axe-clean.
test('no problem is found on the demo\'s pages', async () => {
  const demo = spawn(process.execPath, ['demo/server.mjs'], { cwd: ROOT, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    let out = '';
    while (!/http:\/\/127\.0\.0\.1:\d+/.test(out)) out += String((await once(demo.stdout!, 'data'))[0]);
    const origin = /http:\/\/127\.0\.0\.1:\d+/.exec(out)![0];
    // Every page that runs consent-gate (the privacy policy and terms pages do not).
    const pages = readdirSync(join(ROOT, 'demo')).filter((f) => f.endsWith('.html') && /\/dist\/consent-gate\.js|consent-gate\/debug/.test(readFileSync(join(ROOT, 'demo', f), 'utf8')));
    expect(pages.length).toBeGreaterThan(6);
    for (const file of pages) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await page.goto(`${origin}/demo/${file}${file === 'regions.html' ? '?region=DE' : ''}#consent-gate-debug`);
      expect([file, await problems(page)]).toEqual([file, []]);
      await ctx.close();
    }
  } finally {
    (demo as ChildProcess).kill();
  }
}, 240_000);

const status = (page: Page) => panel(page).locator('[role=status]');
const button = (page: Page, name: string | RegExp) => panel(page).getByRole('button', { name, exact: typeof name === 'string' });

test('actions: a decision, GPC, a region, "forget me": each as a visitor sees it, the panel saying what it simulated; axe-clean in each state', async () => {
  const config = { ...CONFIG, gpc: ['marketing'], regions: { EU: { mode: 'opt-in' }, 'US-CA': { mode: 'opt-out' }, '*': { mode: 'notice' } } };
  const v = await visit(serve({ config, attrs: 'data-region="DE"', head: `<script type="text/plain" data-consent="analytics" src="${T()}/t/stats.js"></script>` }) + '#consent-gate-debug');
  // With regions the store starts once their chunk has come, possibly after the panel's: it is drawn again then.
  await expect.poll(() => panelText(v.page), { timeout: 10_000 }).toContain('the drop-in tag\'s data-region="DE"');
  expect(await axe(v.page)).toEqual([]);
  // A decision: the gated script runs, as after the visitor's "Accept all".
  await button(v.page, 'Accept all').click();
  await expect.poll(() => status(v.page).textContent()).toContain('Simulated a decision: Accept all');
  await expect.poll(() => v.page.evaluate('window.__ran')).toEqual(['stats']);
  expect(await axe(v.page)).toEqual([]);
  // GPC on: the signal the store reads; with the yes given without it, the stored decision stands.
  await button(v.page, 'GPC on').click();
  await expect.poll(() => status(v.page).textContent()).toContain('Simulated Global Privacy Control on');
  expect(await v.page.evaluate('navigator.globalPrivacyControl')).toBe(true);
  // A region: California's opt-out rules are in force at once.
  await panel(v.page).getByLabel('Region code').fill('US-CA');
  await button(v.page, 'Simulate').click();
  await expect.poll(() => status(v.page).textContent()).toContain('Simulated region US-CA: the rules in force are now mode "opt-out"');
  expect(await v.page.evaluate('consentGate.get().mode')).toBe('opt-out');
  expect(await axe(v.page)).toEqual([]);
  // Forget me: the decision cookie goes, the page reloads as a first visitor's, the panel comes back saying so.
  await Promise.all([v.page.waitForNavigation(), button(v.page, 'Forget me and reload').click()]);
  await expect.poll(() => status(v.page).textContent()).toContain('Simulated "forget me"');
  expect(await v.page.evaluate('consentGate.decided')).toBe(false);
  await expect.poll(() => v.page.evaluate(() => !!document.querySelector('consent-banner')?.shadowRoot?.textContent?.includes('Accept all'))).toBe(true);
  expect(await axe(v.page)).toEqual([]);
  await v.ctx.close();
});

test('the panel traps no focus, Escape closes it and focus goes back; keyboard reaches every control', async () => {
  const v = await visit(serve());
  await v.page.waitForLoadState('networkidle');
  await v.page.evaluate(() => {
    const b = Object.assign(document.createElement('button'), { id: 'opener', textContent: 'Debug' });
    b.onclick = () => (window as unknown as { consentGate: { debug(): void } }).consentGate.debug();
    document.querySelector('main')!.append(b);
  });
  await v.page.focus('#opener');
  await v.page.keyboard.press('Enter');
  await panelText(v.page);
  expect(await v.page.evaluate(() => document.activeElement?.localName)).toBe('consent-gate-debug');
  // Shift+Tab from the panel's first control leaves the panel for the page: nothing traps it.
  await v.page.keyboard.press('Tab');
  expect(await panel(v.page).evaluate((el) => el.shadowRoot!.activeElement?.textContent)).toBe('Refresh');
  await v.page.keyboard.press('Shift+Tab');
  await v.page.keyboard.press('Shift+Tab');
  expect(await v.page.evaluate(() => document.activeElement?.id || document.activeElement?.localName)).not.toBe('consent-gate-debug');
  // Escape (from inside the panel) closes it; focus returns to the opener.
  await panel(v.page).getByRole('button', { name: 'Refresh' }).focus();
  await v.page.keyboard.press('Escape');
  expect(await panel(v.page).count()).toBe(0);
  expect(await v.page.evaluate(() => document.activeElement?.id)).toBe('opener');
  await v.ctx.close();
});

test('at 320 px wide the panel reads without sideways scrolling', async () => {
  const config = { ...CONFIG, googleConsentMode: true, categories: { ...CONFIG.categories, analytics: { label: 'Analytics', cookies: ['_ga', '/^_ga_[A-Z0-9]+$/'], sources: ['tracker.test/a/very/long/path/that/does/not/break/anywhere/by/itself/at/all'] } } };
  const v = await visit(serve({ build: 'block', config, head: `<script src="${T()}/a/very/long/path/that/does/not/break/anywhere/by/itself/at/all/tag-with-a-long-name.js?query=abcdefghijklmnopqrstuvwxyz0123456789"></script>` }) + '#consent-gate-debug', { width: 320 });
  await panelText(v.page);
  const sizes = await v.page.evaluate(() => {
    const host = document.querySelector('consent-gate-debug')!;
    return { page: document.documentElement.scrollWidth, host: host.scrollWidth, hostClient: host.clientWidth, hostBox: host.getBoundingClientRect().width };
  });
  expect(sizes.page).toBeLessThanOrEqual(320);
  expect(sizes.hostBox).toBeLessThanOrEqual(320);
  expect(sizes.host).toBeLessThanOrEqual(sizes.hostClient);
  expect(await axe(v.page)).toEqual([]);
  await v.ctx.close();
});

// On the decided visitor's page the reader erases (with an erasure chunk of its own): the panel shows its record with the store's.
test.each([
  ['', {}],
  ['iab', { gpc: false, tcf: { cmpId: 123, cmpVersion: 4, vendors: [755, 21, 32], publisherCountryCode: 'DE', gvl: '/consent/gvl' } }],
])('what was erased and why, and what Google Consent Mode was told (build "%s")', async (build, more) => {
  const config = { ...CONFIG, googleConsentMode: true, ...more };
  const path = serve({ config, build });
  const v = await visit(path);
  await v.page.evaluate('consentGate.rejectAll()');
  await v.page.evaluate(() => { document.cookie = '_ga=GA1.1.1; path=/'; });
  await v.page.goto(server.origin + path + '?again#consent-gate-debug');
  const text = await panelText(v.page);
  expect(text).toContain('cookie _ga — categories.analytics is refused');
  expect(text).toMatch(/Default \{[^}]*"analytics_storage":"denied"/);
  expect(text).toMatch(/Updates \(1\) last: \{[^}]*"analytics_storage":"denied"/);
  expect(await v.page.evaluate(() => document.cookie)).not.toContain('_ga=');
  await v.ctx.close();
});

test('on an iab page the panel shows the TC string decoded field by field, as IAB\'s decoder reads it', async () => {
  const config = { ...CONFIG, gpc: false, tcf: { cmpId: 123, cmpVersion: 4, vendors: [755, 21, 32], publisherCountryCode: 'DE', gvl: '/consent/gvl' } };
  const v = await visit(serve({ config, build: 'iab' }));
  await v.page.getByRole('button', { name: 'Accept all' }).click();
  const tc = await v.page.waitForFunction(() => new Promise<string>((resolve) => window.__tcfapi!('getTCData', 2, (d) => resolve((d as { tcString: string }).tcString)))).then((h) => h.jsonValue());
  expect(tc).toMatch(/^C/);
  await v.page.evaluate('consentGate.debug()');
  await panel(v.page).getByText('vendorConsents').waitFor();
  const text = await panelText(v.page);
  const m = TCString.decode(tc);
  const ids = (x: { forEach(fn: (on: boolean, id: number) => void): void }) => { const out: number[] = []; x.forEach((on, id) => { if (on) out.push(id); }); return out; };
  expect(text).toContain(`TC string ${tc}`);
  for (const [field, value] of [['cmpId', 123], ['cmpVersion', 4], ['policyVersion', 5], ['isServiceSpecific', true], ['publisherCountryCode', 'DE'], ['vendorListVersion', m.vendorListVersion],
    ['purposeConsents', JSON.stringify(ids(m.purposeConsents))], ['vendorConsents', JSON.stringify(ids(m.vendorConsents))], ['vendorsDisclosed', '[21,32,755]'], ['created', m.created.toISOString()]] as const) {
    expect(text, field).toContain(`${field} ${value}`);
  }
  // The reader is a chunk of its own, loaded with the panel for a page that has a TC string.
  expect(v.requests.some((r) => r.endsWith('/dist/consent-gate.debug-decode.js'))).toBe(true);
  expect(await axe(v.page)).toEqual([]);
  await v.ctx.close();
});

test('on a GPP page the panel shows the GPP string decoded section by section, as IAB\'s @iabgpp/cmpapi reads it', async () => {
  const config = { ...CONFIG, gpc: false, regions: { US: { mode: 'opt-out' }, '*': { mode: 'opt-in' } }, gpp: { sections: 'state', mspa: { covered: true } } };
  const v = await visit(serve({ config, build: 'iab', attrs: 'data-region="US-CA"' }));
  await v.page.getByRole('button', { name: 'Reject all' }).click();
  const gpp = await v.page.waitForFunction(() => new Promise<string>((resolve) => window.__gpp!('ping', (d) => {
    const p = d as { signalStatus: string; gppString: string };
    resolve(p.signalStatus == 'ready' && /~/.test(p.gppString) ? p.gppString : '');
  }))).then((h) => h.jsonValue());
  const fields = new GppModel(gpp).getSection('usca') as Record<string, unknown>;
  expect(fields).toMatchObject({ SaleOptOut: 1, SharingOptOut: 1, MspaCoveredTransaction: 1 });
  await v.page.evaluate('consentGate.debug()');
  await panel(v.page).getByText('usca.SaleOptOut', { exact: true }).waitFor();
  const text = await panelText(v.page);
  expect(text).toContain(`GPP string ${gpp}`);
  expect(text).toContain('header.SectionIds [8]');
  for (const [field, value] of Object.entries(fields)) expect(text, field).toContain(`usca.${field} ${typeof value == 'string' ? value : JSON.stringify(value)}`);
  // IAB's library is a chunk of the panel's own, loaded with it for a page that has a GPP string.
  expect(v.requests.filter((r) => /consent-gate\.debug-gpp-decode\.js$/.test(r))).toHaveLength(1);
  expect(await axe(v.page)).toEqual([]);
  await v.ctx.close();
});

test('IAB TCF and GPP: what __tcfapi and __gpp answer is shown, the strings too, and a string that does not decode says so', async () => {
  const before = `<script>
    window.__tcfapi = (cmd, v, cb, p) => {
      if (cmd === 'ping') cb({ gdprApplies: true, cmpLoaded: true, cmpStatus: 'loaded', displayStatus: 'hidden', apiVersion: '2.3', cmpId: 123, tcfPolicyVersion: 5 }, true);
      else if (cmd === 'addEventListener') cb({ tcString: 'CQTEST-TCSTRING', eventStatus: 'tcloaded', listenerId: 1, gdprApplies: true }, true);
      else if (cmd === 'removeEventListener') { window.__removed = p; cb(true, true); }
    };
    window.__gpp = (cmd, cb) => { const d = { gppVersion: '1.1', cmpStatus: 'loaded', signalStatus: 'ready', applicableSections: [7], gppString: 'DBABLA~TESTGPP' }; cb(d, true); return d; };
  </script>`;
  const v = await visit(serve({ before }) + '#consent-gate-debug');
  const text = await panelText(v.page);
  expect(text).toContain('TC string CQTEST-TCSTRING');
  expect(text).toContain('"cmpStatus":"loaded"');
  expect(text).toContain('GPP string DBABLA~TESTGPP');
  // Both strings are made up: each decoder says it cannot read its string, rather than showing fields.
  expect(text).toContain('error Error: cut short');
  expect(text).toContain('error DecodingError: Unable to decode UsNatCoreSegment \'TESTGPP\'');
  expect(await v.page.evaluate('window.__removed')).toBe(1);
  expect(await axe(v.page)).toEqual([]);
  await v.ctx.close();
});
