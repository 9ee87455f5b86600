import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkConfig } from '../../src/consent/config';
import type { ScanReport } from '../../src/scan/types';
import { scan } from '../../src/scan/scan';
import { launchBrowser, ROOT, startServer, type TestServer } from './harness';

// `consent-gate scan` as a site owner runs it (node bin/consent-gate.js scan …, after the build),
// against a small opt-in site served here on 127.0.0.1: pages two levels deep, a cookie written
// by a script before consent (leak), one set by a response header (leak), a gated one that only
// "Accept all" brings, storage keys, a request to localhost (another site).

let server: TestServer;
let port = '';
const out = mkdtempSync(join(tmpdir(), 'consent-scan-'));

const CONFIG = { categories: { necessary: { required: true }, analytics: { label: 'Analytics' } } };
const page = (body: string, gate: boolean | object = true) => `<!doctype html><html lang="en"><head><title>t</title>${gate ? `<script src="/dist/consent-gate.js" data-config='${JSON.stringify(gate === true ? CONFIG : gate)}'></script>` : ''}</head><body>${body}</body></html>`;

interface Run { status: number | null; stdout: string; stderr: string }
function run(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/consent-gate.js', 'scan', ...args], { cwd: ROOT, env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

beforeAll(async () => {
  server = await startServer([(_req, res, url) => {
    // The header cookie: every load of the home page sets a marketing cookie.
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': '_fbp=fb.1.1; Path=/' });
      res.end(page(`<script src="/tracker.js"></script>
<script type="text/plain" data-consent="analytics" src="/gated.js"></script>
<a href="/a.html">A</a> <a href="/b.html#top">B</a> <a href="#section">here</a> <a href="mailto:x@example.com">mail</a>
<a href="/report.pdf">PDF</a> <a href="/account/logout">Log out</a> <a href="/export" download>Export</a>`));
      return true;
    }
    // Redirects: /go/start (asked on localhost) sends to /go/ on 127.0.0.1, as example.com sends to
    // www.example.com; /go/again sends back to /go/.
    if (url.pathname === '/go/start' || url.pathname === '/go/again') {
      res.writeHead(302, { location: `${server.origin}/go/` });
      res.end();
      return true;
    }
    // A link of the site that redirects to another site (localhost is not 127.0.0.1), where a marketing cookie is set.
    if (url.pathname === '/off/out') {
      // This site's own redirect sets a marketing cookie on the way out: that one is this site's.
      res.writeHead(302, { location: `http://localhost:${port}/off/elsewhere.html`, 'set-cookie': '_gcl_au=1.1.1; Path=/' });
      res.end();
      return true;
    }
    if (url.pathname === '/off/elsewhere.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': '_fbp=fb.1.9; Path=/' });
      res.end(page('<script src="/tracker.js"></script><script>localStorage.setItem("_sp_id.off", "1")</script><script src="/px.js"></script>', false));
      return true;
    }
    // The drop-in served with its chunks 1.5 s late (a slow network, a loaded machine): the tag is there, the store is not yet.
    if (url.pathname.startsWith('/late-dist/')) {
      const file = join(ROOT, 'dist', url.pathname.slice('/late-dist/'.length));
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(file)), url.pathname.endsWith('/consent-gate.js') ? 0 : 1_500);
      return true;
    }
    if (url.pathname === '/a.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': 'PHPSESSID=abc; Path=/; HttpOnly' });
      res.end(page('<a href="/a/deep.html">deeper</a> <a href="/">home</a>'));
      return true;
    }
    return false;
  }]);
  port = new URL(server.origin).port;
  server.pages.set('/b.html', { body: page('<script>localStorage.setItem("site_theme", "dark")</script><a href="/">home</a> <a href="/gone.html">gone</a>') });
  server.pages.set('/a/deep.html', { body: page('<script src="/px.js"></script>') });
  server.pages.set('/late/', { body: page('<script type="text/plain" data-consent="analytics" src="/gated.js"></script>').replace('/dist/', '/late-dist/') });
  server.pages.set('/clean/', { body: page('<script type="text/plain" data-consent="analytics" src="/gated.js"></script>') });
  server.pages.set('/plain/', { body: page('<script src="/tracker.js"></script>', false) });
  // The same tracker on an opt-out page (allowed before a decision) and an opt-in page linked from it (a leak).
  server.pages.set('/mixed/', { body: page('<script src="/tracker.js"></script><a href="/mixed/in.html">in</a>', { ...CONFIG, mode: 'opt-out' }) });
  server.pages.set('/mixed/in.html', { body: page('<script src="/tracker.js"></script>') });
  // A script on the site writes Google Analytics' cookie at once: before consent, and after "Reject all".
  server.pages.set('/tracker.js', { type: 'text/javascript', body: 'document.cookie = "_ga=GA1.1.1; path=/";' });
  // Gated: Google Analytics' day cookie and Snowplow's id in localStorage, only after "Accept all".
  server.pages.set('/gated.js', { type: 'text/javascript', body: 'document.cookie = "_gid=GA1.1.2; path=/"; localStorage.setItem("_sp_id.4f2a", "1");' });
  // A pixel on another site: localhost is not 127.0.0.1.
  server.pages.set('/px.js', { type: 'text/javascript', body: `new Image().src = "http://localhost:${port}/pixel.gif?u=1";` });
  server.pages.set('/pixel.gif', { type: 'image/gif', body: 'GIF89a' });
  // The Cookie Store API, both forms, on a page without consent-gate.
  server.pages.set('/store/', { body: page('<script src="/cookie-store.js"></script>', false) });
  server.pages.set('/cookie-store.js', { type: 'text/javascript', body: 'cookieStore.set("_fbp", "fb.1.1"); cookieStore.set({ name: "_ga", value: "GA1.1.3" });' });
});
afterAll(async () => {
  await server?.close();
  rmSync(out, { recursive: true, force: true });
});

describe('a site that leaks', () => {
  let result: Run;
  let report: ScanReport;
  const dir = join(out, 'leaky');
  beforeAll(async () => {
    result = await run([`${server.origin}/`, '--pages', '10', '--out', dir, '--timeout', '30000']);
    report = JSON.parse(read(dir, 'report.json'));
  }, 180_000);
  const cookie = (name: string) => report.cookies.find((c) => c.name === name);

  test('exits 1 and prints each leak on a line', () => {
    expect(result.status).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(report.leaks.length);
    expect(lines).toContain(`${server.origin}/\tbefore\tcookie _ga\tanalytics\t${server.origin}/tracker.js`);
  });

  test('crawls same-origin pages two levels deep, skipping fragments, mailto, downloads and logout', () => {
    expect(report.url).toBe(`${server.origin}/`);
    expect([...report.pages].sort()).toEqual(['/', '/a.html', '/a/deep.html', '/b.html'].map((p) => server.origin + p).sort());
    expect(server.requests.filter((r) => /logout|report\.pdf|export/.test(r))).toEqual([]);
  });

  test('reports a page that fails and goes on', () => {
    expect(report.failures).toEqual([{ page: `${server.origin}/gone.html`, pass: 'before', error: 'HTTP 404' }]);
    expect(result.stderr).toMatch(/gone\.html FAILED: HTTP 404/);
  });

  test('lists the leaks: the script cookie and the header cookie, before consent and after "Reject all"', () => {
    const leaks = report.leaks.map((l) => `${l.pass} ${l.kind} ${l.name} ${l.category} ${l.cause}`).sort();
    expect(leaks).toEqual([
      `before cookie _fbp marketing ${server.origin}/`,
      `before cookie _ga analytics ${server.origin}/tracker.js`,
      `rejected cookie _fbp marketing ${server.origin}/`,
      `rejected cookie _ga analytics ${server.origin}/tracker.js`,
    ].sort());
    expect(report.leaks.every((l) => l.page === `${server.origin}/`)).toBe(true);
  });

  test('says what set each cookie, classified by the Open Cookie Database', () => {
    expect(cookie('_ga')).toMatchObject({ category: 'analytics', platform: 'Google Analytics', retention: '2 years', setBy: `${server.origin}/tracker.js`, setVia: 'script', thirdParty: false, domain: '127.0.0.1', passes: ['before', 'rejected', 'accepted'] });
    expect(cookie('_fbp')).toMatchObject({ category: 'marketing', platform: 'Facebook', setBy: `${server.origin}/`, setVia: 'header' });
    expect(cookie('PHPSESSID')).toMatchObject({ category: 'necessary', setBy: `${server.origin}/a.html`, setVia: 'header', httpOnly: true });
  });

  test('finds the gated cookie only after "Accept all", and the decision cookie as necessary', () => {
    expect(cookie('_gid')).toMatchObject({ category: 'analytics', passes: ['accepted'], setBy: `${server.origin}/gated.js` });
    expect(cookie('consent')).toMatchObject({ category: 'necessary', passes: ['rejected', 'accepted'], setBy: `${server.origin}/dist/consent-gate.store.js` }); // the drop-in's store chunk writes it (issue 20)
  });

  test('lists storage keys with their category and passes', () => {
    expect(report.storage.find((s) => s.name === '_sp_id.4f2a')).toMatchObject({ area: 'localStorage', category: 'analytics', platform: 'Snowplow', passes: ['accepted'], setBy: `${server.origin}/gated.js` });
    expect(report.storage.find((s) => s.name === 'site_theme')).toMatchObject({ category: 'unclassified', passes: ['before', 'rejected', 'accepted'] });
  });

  test('lists the request to another site with the script behind it', () => {
    expect(report.requests).toEqual([expect.objectContaining({
      url: `http://localhost:${port}/pixel.gif?u=1`, host: `localhost:${port}`, type: 'image', category: 'unclassified',
      initiator: `${server.origin}/px.js`, passes: ['before', 'rejected', 'accepted'],
    })]);
  });

  test('suggests a valid config with cookies, wildcard patterns, storage, cookie table and sources', () => {
    const config = JSON.parse(read(dir, 'consent.config.json'));
    expect(config.categories.necessary).toMatchObject({ required: true, cookies: expect.arrayContaining(['consent', 'PHPSESSID']) });
    expect(config.categories.analytics).toMatchObject({ cookies: ['_ga', '_gid'], storage: ['/^_sp_id\\./'] });
    expect(config.categories.analytics.cookieTable[0]).toEqual({ name: '_ga', purpose: expect.any(String), duration: '2 years', provider: 'Google Analytics' });
    expect(config.categories.marketing.cookies).toEqual(['_fbp']);
    expect(checkConfig(config).problems).toEqual([]);
  });

  test('writes a self-contained HTML report with the leaks first', () => {
    const html = read(dir, 'report.html');
    expect(html).not.toMatch(/<link|\ssrc=|url\(|@import/i);
    expect(html.indexOf('Leaks (4)')).toBeGreaterThan(0);
    expect(html.indexOf('Leaks (4)')).toBeLessThan(html.indexOf('Strictly necessary ('));
    expect(html).toContain('Open Cookie Database');
  });

  test('the HTML report sorts by a column on click and passes axe', async () => {
    const browser = await launchBrowser();
    try {
      const view = await browser.newPage();
      await view.goto(pathToFileURL(join(dir, 'report.html')).href);
      const leaks = view.locator('table').first();
      const names = () => leaks.locator('tbody tr td:nth-child(4)').allTextContents();
      await leaks.getByRole('button', { name: 'Name' }).click();
      expect(await leaks.locator('th').nth(3).getAttribute('aria-sort')).toBe('ascending');
      expect(await names()).toEqual(['_fbp', '_fbp', '_ga', '_ga']);
      await leaks.getByRole('button', { name: 'Name' }).click();
      expect(await names()).toEqual(['_ga', '_ga', '_fbp', '_fbp']);
      await view.addScriptTag({ path: join(ROOT, 'node_modules/axe-core/axe.min.js') });
      const violations = await view.evaluate(() => (window as unknown as { axe: { run(d: Document, o: unknown): Promise<{ violations: { id: string }[] }> } })
        .axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }).then((r) => r.violations.map((v) => v.id)));
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

/**
 * The other scans run in this process through the scanner's API (`scan`, what the CLI calls), one at a time:
 * the CLI's own work (arguments, exit status, printed leaks, written files) is proven by the crawl above,
 * the two runs of the `sources` test (exit 0, nothing printed) and the exit-2 test. The time limit per
 * page operation is generous: a hang guard on a loaded machine, never a speed check.
 */
const scanHere = (url: string, options: { pages?: number; config?: Record<string, unknown> } = {}) =>
  scan({ url, pages: 1, chromium: '/usr/bin/chromium', timeoutMs: 30_000, settleMs: 500, ...options });

test('a site whose only optional cookie waits for consent has no leak (the CLI exits 0 for it, see the sources test)', async () => {
  const report = await scanHere(`${server.origin}/clean/`);
  expect(report.cookies.find((c) => c.name === '_gid')?.passes).toEqual(['accepted']);
  expect(report.leaks).toEqual([]);
}, 120_000);

test('on a page without consent-gate runs only "before", where anything optional is a leak', async () => {
  const report = await scanHere(`${server.origin}/plain/`);
  expect(report.consentGate).toBeNull();
  expect(report.cookies.map((c) => [c.name, c.passes])).toEqual([['_ga', ['before']]]);
  expect(report.leaks.map((l) => `${l.pass} ${l.name}`)).toEqual(['before _ga']);
}, 120_000);

test('credits cookies written through the Cookie Store API to the script that wrote them', async () => {
  const report = await scanHere(`${server.origin}/store/`);
  expect(report.leaks.length).toBeGreaterThan(0);
  for (const name of ['_fbp', '_ga']) {
    expect(report.cookies.find((c) => c.name === name)).toMatchObject({ setBy: `${server.origin}/cookie-store.js`, setVia: 'script', passes: ['before'] });
  }
}, 120_000);

test('scans with a config instead of the page\'s own: its decision cookie name is necessary (the drop-in\'s chunks arriving after the settle time)', async () => {
  const report = await scanHere(`${server.origin}/late/`, { config: { ...CONFIG, cookie: { name: 'site_consent' } } });
  expect(report.leaks).toEqual([]);
  expect(report.cookies.find((c) => c.name === 'site_consent')).toMatchObject({ category: 'necessary', passes: ['rejected', 'accepted'] });
  expect(report.cookies.find((c) => c.name === 'consent')).toBeUndefined();
}, 120_000);

test('a written config with sources: the scan names the blocking build, and in that build the config holds the request until "Accept all"', async () => {
  // The pixel to localhost, declared as marketing's in the config scanned with.
  const declared = join(out, 'declared.json');
  writeFileSync(declared, JSON.stringify({ categories: { necessary: { required: true }, marketing: { label: 'Marketing', sources: ['localhost'] } } }));
  const first = await run([`${server.origin}/a/deep.html`, '--pages', '1', '--out', join(out, 'sources'), '--config', declared, '--timeout', '30000']);
  expect(first.stderr).toContain('consent.config.json lists sources (marketing): load it with consent-gate.block.js, not consent-gate.js');
  const written = join(out, 'sources', 'consent.config.json');
  expect(JSON.parse(read(join(out, 'sources'), 'consent.config.json')).categories.marketing.sources).toEqual(['localhost']);
  // The same page with consent-gate.block.js, scanned with the written file as it is.
  server.pages.set('/blocking/', { body: '<!doctype html><html lang="en"><head><title>t</title><script src="/dist/consent-gate.block.js" data-config="{}"></script></head><body><script src="/px.js"></script></body></html>' });
  const second = await run([`${server.origin}/blocking/`, '--pages', '1', '--out', join(out, 'sources2'), '--config', written, '--timeout', '30000']);
  const report: ScanReport = JSON.parse(read(join(out, 'sources2'), 'report.json'));
  expect(report.consentGate?.categories.map((c) => c.id)).toEqual(['necessary', 'marketing']);
  expect(report.requests.map((r) => [r.host, r.category, r.passes])).toEqual([[`localhost:${port}`, 'marketing', ['accepted']]]);
  expect(report.leaks).toEqual([]);
  // No leak: the CLI exits 0 and prints nothing on stdout.
  expect(second.status).toBe(0);
  expect(second.stdout).toBe('');
}, 180_000);

test('finds the leak on an opt-in page that writes a cookie an opt-out page had already set, unchanged', async () => {
  const report = await scanHere(`${server.origin}/mixed/`, { pages: 2 });
  expect(report.leaks.filter((l) => l.pass === 'before')).toEqual([
    { page: `${server.origin}/mixed/in.html`, pass: 'before', kind: 'cookie', name: '_ga', category: 'analytics', cause: `${server.origin}/tracker.js` },
  ]);
}, 120_000);

test('crawls the site the first page redirects to, and scans a page reached by a redirect once', async () => {
  server.pages.set('/go/', { body: page('<a href="/go/again">again</a> <a href="/go/next.html">next</a>') });
  server.pages.set('/go/next.html', { body: page('<a href="/go/">back</a> <script src="/tracker.js"></script>') });
  const report = await scanHere(`http://localhost:${port}/go/start`, { pages: 10 });
  expect(report.pages).toEqual([`${server.origin}/go/`, `${server.origin}/go/next.html`]);
  // The tracker's leak on the page where it is, in both passes that forbid it.
  expect(report.leaks.map((l) => `${l.pass} ${l.name} ${l.page}`).sort()).toEqual([
    `before _ga ${server.origin}/go/next.html`, `rejected _ga ${server.origin}/go/next.html`,
  ]);
  expect(report.cookies.find((c) => c.name === 'consent')?.passes).toEqual(['rejected', 'accepted']);
}, 120_000);

test('exits 2 for an unreachable site and for bad usage', async () => {
  const closed = await startServer();
  const url = closed.origin;
  await closed.close();
  const down = await run([`${url}/`, '--out', join(out, 'down')]);
  expect(down.status).toBe(2);
  expect(down.stderr).toMatch(/site unreachable/);
  const bad = await run([`${server.origin}/`, '--pages', 'many']);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/--pages: expected a whole number/);
  const noBrowser = await run([`${server.origin}/`, '--chromium', '/no/such/chrome']);
  expect(noBrowser.status).toBe(2);
  expect(noBrowser.stderr).toMatch(/--chromium/);
}, 120_000);

// Pages judged by where they land (issue 21, item 10).
test('a link that redirects to another site is not scanned as this site\'s page: its cookies are no leak of this site', async () => {
  server.pages.set('/off/', { body: page('<a href="/off/out">partner</a> <a href="/off/next.html">next</a>') });
  server.pages.set('/off/next.html', { body: page('<a href="/off/">back</a>') });
  const report = await scanHere(`${server.origin}/off/`, { pages: 5 });
  expect(report.pages).toEqual([`${server.origin}/off/`, `${server.origin}/off/next.html`]);
  // The only leak is the cookie this site's redirect set, at the link that redirected.
  expect(report.leaks.map((l) => `${l.pass} ${l.kind} ${l.name} ${l.category} ${l.page}`)).toEqual([`before cookie _gcl_au marketing ${server.origin}/off/out`]);
  // Nothing the other site set or asked for is listed as this site's.
  expect(report.cookies.filter((c) => c.domain.includes('localhost')).map((c) => c.name)).toEqual([]);
  expect(report.cookies.filter((c) => ['_fbp', '_ga'].includes(c.name))).toEqual([]);
  expect(report.storage.filter((s) => s.name === '_sp_id.off')).toEqual([]);
  expect(report.requests).toEqual([]);
  expect(report.failures).toEqual([{ page: `${server.origin}/off/out`, pass: 'before', error: `left the site: redirected to http://localhost:${port}/off/elsewhere.html` }]);
}, 120_000);

// Every page operation bounded by the time limit (issue 21, item 11).
test('a page that never yields after load is a failure, and the crawl goes on', async () => {
  // The loop starts once `load` has fired: the load itself succeeds, every later look at the page would wait forever.
  const hang = '<script>addEventListener("load", () => setTimeout(() => { for (;;) {} }, 50))</script>';
  server.pages.set('/hang/', { body: page('<a href="/hang/loop.html">loop</a> <a href="/hang/gated-loop.html">gated loop</a> <a href="/hang/after.html">after</a>') });
  server.pages.set('/hang/loop.html', { body: page(`${hang}<a href="/hang/never.html">never</a>`, false) });
  server.pages.set('/hang/gated-loop.html', { body: page(hang) });
  server.pages.set('/hang/after.html', { body: page('<script src="/tracker.js"></script>') });
  const report = await scan({ url: `${server.origin}/hang/`, pages: 6, chromium: '/usr/bin/chromium', timeoutMs: 12_000, settleMs: 500 });
  const failed = report.failures.map((f) => `${f.pass} ${f.page.slice(server.origin.length)} ${f.error}`);
  expect(failed).toEqual([
    'before /hang/loop.html page: no answer within 12000 ms (the page kept its main thread busy)',
    'before /hang/gated-loop.html page: no answer within 12000 ms (the page kept its main thread busy)',
  ]);
  // The pages after the hung ones were scanned, in every pass: the tracker's leak on the last page.
  expect(report.pages).toEqual(['/hang/', '/hang/after.html'].map((p) => server.origin + p));
  expect(report.leaks.map((l) => `${l.pass} ${l.name} ${l.page.slice(server.origin.length)}`).sort()).toEqual(['before _ga /hang/after.html', 'rejected _ga /hang/after.html']);
  expect(server.requests).not.toContain('/hang/never.html');
}, 180_000);
