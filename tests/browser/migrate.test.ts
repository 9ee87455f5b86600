/**
 * A migrated site gates the same scripts: for vanilla-cookieconsent (a v3 config, tests/fixtures)
 * and Klaro (its npm package's own dist/config.js), the page runs first with THEIR library,
 * config and markup, then with the drop-in, the config `consent-gate migrate` wrote and the markup
 * `migrateMarkup` rewrote. Before a decision no gated script is requested (watched on the
 * network); after "Accept all" exactly the scripts their library ran have run. Klaro's goes through
 * `consent-gate migrate` itself (the built dist/migrate.js), hence here, after `npm run build`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, ROOT, startServer, type TestServer } from './harness';
import { migrate, migrateMarkup, readConfigText } from '../../src/migrate';

const BIN = join(ROOT, 'bin/consent-gate.js');
let browser: Browser;
let server: TestServer;
beforeAll(async () => { [browser, server] = await Promise.all([launchBrowser(), startServer()]); });
afterAll(async () => { await browser?.close(); await server?.close(); });

const convert = (file: string) => { const { config, omitted } = readConfigText(readFileSync(file, 'utf8'), file); return migrate(config, omitted); };
const page = (title: string, body: string) => `<!doctype html><html lang="en"><title>${title}</title><link rel="icon" href="data:,"><body>${body}`;

/** Opens `path` in a fresh profile; what ran and what was requested before a decision, then after clicking `accept`. */
async function run(path: string, accept: (p: Page) => Promise<void>) {
  const ctx = await browser.newContext();
  // vanilla-cookieconsent hides itself from automated browsers (hideFromBots reads navigator.webdriver): this one passes for a visitor's.
  await ctx.addInitScript(() => Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false }));
  await ctx.addInitScript(() => Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false }));
  const p = await ctx.newPage();
  const start = server.requests.length;
  await p.goto(server.origin + path);
  await p.waitForTimeout(500);
  const requested = () => server.requests.slice(start).filter((r) => r.startsWith('/slow/')).map((r) => r.slice(6, -3)).sort();
  const before = { ran: (await p.evaluate(() => (window as { __ran?: string[] }).__ran ?? [])).sort(), requested: requested() };
  await accept(p);
  await p.waitForFunction(() => ((window as { __ran?: string[] }).__ran ?? []).length > 0);
  await p.waitForTimeout(500);
  // Each script once (Klaro runs a required service's script again after "Accept all").
  const after = [...new Set(await p.evaluate(() => (window as { __ran?: string[] }).__ran ?? []))].sort();
  await ctx.close();
  return { before, after };
}

const ours = async (p: Page) => { await p.getByRole('button', { name: 'Accept all' }).first().click(); };

test('vanilla-cookieconsent: the migrated page runs nothing before consent and the same scripts after Accept all', async () => {
  const file = resolve(import.meta.dirname, '../fixtures/cookieconsent-v3.config.js');
  const markup = `<script type="text/plain" data-category="analytics" data-service="ga" src="/slow/analytics.js"></script>
<script type="text/plain" data-category="ads" src="/slow/ads.js"></script>
<script type="text/plain" data-category="analytics" src="/slow/analytics-2.js"></script>`;
  server.pages.set('/vanilla', { body: page('theirs', `<link rel="stylesheet" href="/node_modules/vanilla-cookieconsent/dist/cookieconsent.css">${markup}
<script src="/node_modules/vanilla-cookieconsent/dist/cookieconsent.umd.js"></script><script src="/tests/fixtures/cookieconsent-v3.config.js"></script>`) });
  const m = convert(file);
  server.pages.set('/vanilla-migrated', { body: page('ours', `<script type="application/json" data-consent-config>${JSON.stringify(m.config)}</script>
<script src="/dist/consent-gate.js"></script>${migrateMarkup(markup, m)}`) });

  const theirs = await run('/vanilla', async (p) => { await p.locator('#cc-main button[data-role="all"]').first().click(); });
  const migrated = await run('/vanilla-migrated', ours);
  expect(theirs.before).toEqual({ ran: [], requested: [] });
  expect(migrated.before).toEqual({ ran: [], requested: [] });
  expect(theirs.after).toEqual(['ads', 'analytics', 'analytics-2']);
  expect(migrated.after).toEqual(theirs.after);
});

test("Klaro's example config: the migrated page runs only the required service before consent and the same scripts after Accept all", async () => {
  const file = createRequire(import.meta.url).resolve('klaro/dist/config.js');
  const markup = ['matomo', 'externalTracker', 'adsense', 'intercom', 'cloudflare']
    .map((s) => `<script type="text/plain" data-type="text/javascript" data-name="${s}" data-src="/slow/${s}.js"></script>`).join('\n');
  server.pages.set('/klaro', { body: page('theirs', `${markup}
<script src="/node_modules/klaro/dist/config.js"></script><script defer src="/node_modules/klaro/dist/klaro.js"></script>`) });
  // Through the command, as a user runs it: the config and the page's markup, written to files.
  const dir = mkdtempSync(join(tmpdir(), 'consent-gate-migrate-'));
  try {
    writeFileSync(join(dir, 'page.html'), markup);
    const out = execFileSync(process.execPath, [BIN, 'migrate', file, '--out', join(dir, 'consent.config.json'), '--html', join(dir, 'page.html')], { encoding: 'utf8' });
    expect(out).toContain('(passes checkConfig)');
    expect(out).toContain('services[2].callback: a function: not carried over');
    server.pages.set('/klaro-migrated', { body: page('ours', `<script type="application/json" data-consent-config>${readFileSync(join(dir, 'consent.config.json'), 'utf8')}</script>
<script src="/dist/consent-gate.js"></script>${readFileSync(join(dir, 'page.consent-gate.html'), 'utf8')}`) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const theirs = await run('/klaro', async (p) => { await p.locator('.klaro .cm-btn-accept-all, .klaro .cm-btn-success').first().click(); });
  const migrated = await run('/klaro-migrated', ours);
  // Before a decision both run the required service only.
  expect(theirs.before.ran).toEqual(['cloudflare']);
  expect(migrated.before).toEqual({ ran: ['cloudflare'], requested: ['cloudflare'] });
  expect(theirs.after).toEqual(['adsense', 'cloudflare', 'externalTracker', 'intercom', 'matomo']);
  expect(migrated.after).toEqual(theirs.after);
});
