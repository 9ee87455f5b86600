/**
 * The TCF consent interface of the iab build in real Chromium: the first layer TCF Policy asks for,
 * the second layer (purposes with consent and objection switches, special features, the partner
 * list searched and expanded), keyboard only (focus order, the trap, Escape, focus back), switch
 * names, axe-core in every state, 320 px, right to left, German from the list's translation; and
 * what the visitor chose comes back exactly from IAB's TCString.decode of the string written.
 * The vendor list comes from the site's own server (`serve`'s GVL routes over a directory).
 */
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TCString } from '@iabtechlabtcf/core';
import { launchBrowser, ROOT, startServer, type TestServer } from './harness';
import { axe } from '../support/axe';
import { createReceiptHandler, toNodeHandler } from '../../src/server';
import type { ReceiptStore } from '../../src/server/store';

let browser: Browser;
let site: TestServer;
const LIST = { ...JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/iab-gvl/vendor-list.json'), 'utf8')), tcfPolicyVersion: 5 };
const DE = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/iab-gvl/purposes-de.json'), 'utf8'));

const TCF = { cmpId: 123, cmpVersion: 4, vendors: [755, 21, 32, 793, 1], publisherCountryCode: 'DE', purposes: { analytics: [1, 8, 9, 10], marketing: [1, 2, 3, 4, 7] }, specialFeatures: { marketing: [1] } };
const CONFIG = { categories: { necessary: { required: true }, analytics: { label: 'Analytics' }, marketing: { label: 'Marketing' } }, gpc: false, tcf: TCF };

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gvl-ui-'));
  writeFileSync(join(dir, 'vendor-list.json'), JSON.stringify(LIST));
  copyFileSync(join(ROOT, 'tests/fixtures/iab-gvl/purposes-de.json'), join(dir, 'purposes-de.json'));
  const routes = toNodeHandler(createReceiptHandler({ store: {} as ReceiptStore, gvl: { dir } }));
  browser = await launchBrowser();
  site = await startServer([(req, res, url) => {
    if (!url.pathname.startsWith('/consent/gvl/')) return false;
    routes(req, res, () => res.writeHead(404).end());
    return true;
  }]);
});
afterAll(async () => { await browser?.close(); await site?.close(); });

/** A page of the site with the iab drop-in and a gated marketing script. */
function page(path: string, lang = 'en', config: object = CONFIG): string {
  const json = JSON.stringify(config).replace(/'/g, '&#39;');
  site.pages.set(path, {
    body: `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>News</title><link rel="icon" href="data:,">
<script src="/dist/consent-gate.iab.js" data-config='${json}'></script>
<script>window.__events = []; __tcfapi('addEventListener', 2, (d, ok) => __events.push({ status: d.eventStatus, tc: d.tcString }));</script></head>
<body><main><h1>Article</h1><p><a href="#settings" data-consent-open>Cookie settings</a></p></main>
<script type="text/plain" data-consent="marketing" src="/slow/ads.js?p=${path}"></script></body></html>`,
  });
  return site.origin + path;
}

async function open(ctx: BrowserContext, path: string, lang = 'en'): Promise<Page> {
  const p = await ctx.newPage();
  p.on('pageerror', (e) => { throw e; });
  await p.goto(page(path, lang));
  await p.locator('consent-banner [part~=tcf-partners]').waitFor();
  return p;
}

/** The deepest focused element, described. */
const focused = (p: Page) => p.evaluate(() => {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return { part: a?.getAttribute('part') ?? '', text: a?.textContent?.trim() ?? '', tag: a?.localName ?? '', label: a?.getAttribute('aria-label') ?? '', inDialog: !!a?.closest('dialog') };
});

const waitFor = (p: Page, status: string) => p.waitForFunction((s) => (window as unknown as { __events: { status: string }[] }).__events.some((e) => e.status === s), status);
const lastString = (p: Page) => p.evaluate(() => (window as unknown as { __events: { tc: string }[] }).__events.at(-1)!.tc);
const on = (v: { forEach(fn: (b: boolean, id: number) => void): void }) => {
  const out: number[] = [];
  v.forEach((b, id) => { if (b) out.push(id); });
  return out;
};
/** No element wider than the viewport: neither the page nor the layer scrolls sideways. */
const sideways = (p: Page) => p.evaluate(() => {
  const root = document.querySelector('consent-banner')!.shadowRoot!;
  const layers = [...root.querySelectorAll<HTMLElement>('.layer')];
  return [document.documentElement.scrollWidth > innerWidth, ...layers.map((l) => l.scrollWidth > l.clientWidth + 1)];
});

describe('the first layer', () => {
  let ctx: BrowserContext;
  beforeAll(async () => { ctx = await browser.newContext({ viewport: { width: 1024, height: 720 }, reducedMotion: 'reduce' }); });
  afterAll(async () => { await ctx.close(); });

  test('names the purposes (purpose 1 on its own), the special feature, the number of partners and legitimate interest, with three equal buttons', async () => {
    const p = await open(ctx, '/first');
    const text = await p.locator('consent-banner [part~=banner]').innerText();
    expect(text).toContain(LIST.purposes[1].name);
    expect(text).toContain(LIST.specialFeatures[1].name);
    // 793 is not on the served list: four partners.
    expect(await p.locator('consent-banner [part~=tcf-partners]').innerText()).toBe('4 partners');
    expect(text).toMatch(/legitimate interest/);
    expect(text).toMatch(/right to object/);
    // Every purpose asked about is named, by itself or through a stack of the list that stands for it.
    for (const id of [2, 3, 4, 7, 8, 9, 10]) {
      const stack = Object.values(LIST.stacks as Record<string, { name: string; purposes: number[] }>).find((s) => s.purposes.includes(id) && text.includes(s.name));
      expect(text.includes(LIST.purposes[id].name) || !!stack, `purpose ${id}`).toBe(true);
    }
    // Accept all, Reject all and Customize: same layer, same size, same look.
    const looks = await p.locator('consent-banner [part~=banner] [part~=button]').evaluateAll((bs) => bs.map((b) => {
      const s = getComputedStyle(b), r = b.getBoundingClientRect();
      return { text: b.textContent, look: [s.fontSize, s.fontWeight, s.backgroundColor, s.color, Math.round(r.height)].join() };
    }));
    expect(looks.map((l) => l.text)).toEqual(['Accept all', 'Reject all', 'Customize']);
    expect(new Set(looks.map((l) => l.look)).size).toBe(1);
    expect(await axe(p)).toEqual([]);
    await p.close();
  });

  test('its text is valid HTML: the lists are content a <p> can hold, read as lists of the purposes', async () => {
    const p = await open(ctx, '/valid');
    // Parsed again as a page would be, the paragraph stays one paragraph (a <ul> would end it there).
    const parsed = await p.locator('consent-banner [part~=text]').evaluate((el) => {
      const doc = new DOMParser().parseFromString(`<body>${el.outerHTML}</body>`, 'text/html');
      return { paragraphs: doc.body.children.length, same: doc.body.firstElementChild!.innerHTML === el.innerHTML };
    });
    expect(parsed).toEqual({ paragraphs: 1, same: true });
    const lists = p.locator('consent-banner [part~=text]').getByRole('list');
    expect(await lists.count()).toBe(2);
    expect(await lists.first().getByRole('listitem').first().innerText()).toBe(LIST.purposes[1].name);
    expect(await lists.nth(1).getByRole('listitem').allInnerTexts()).toEqual([LIST.specialFeatures[1].name]);
    expect(await axe(p)).toEqual([]);
    await p.close();
  });

  test('the vendor list is fetched once, asked for before the interface chunk, and the string is written from it', async () => {
    const fresh = await browser.newContext({ reducedMotion: 'reduce' });
    const p = await fresh.newPage();
    const asked: string[] = [];
    p.on('request', (r) => { if (/vendor-list\.json|consent-gate\.iab-ui\.js|consent-gate\.tcf-write\.js/.test(r.url())) asked.push(new URL(r.url()).pathname); });
    await p.goto(page('/one-list'));
    await p.locator('consent-banner [part~=tcf-partners]').waitFor();
    await p.getByRole('button', { name: 'Accept all' }).click();
    await waitFor(p, 'useractioncomplete');
    expect(TCString.decode(await lastString(p)).vendorListVersion).toBe(LIST.vendorListVersion);
    expect(asked.filter((u) => u.endsWith('vendor-list.json'))).toHaveLength(1);
    expect(asked.indexOf('/consent/gvl/vendor-list.json')).toBeLessThan(asked.indexOf('/dist/consent-gate.iab-ui.js'));
    await fresh.close();
  });

  test('Reject all: no consent and no legitimate interest of any kind in the string, the gated script stays out', async () => {
    const p = await open(ctx, '/reject');
    await p.getByRole('button', { name: 'Reject all' }).click();
    await waitFor(p, 'useractioncomplete');
    const m = TCString.decode(await lastString(p));
    expect([on(m.purposeConsents), on(m.purposeLegitimateInterests), on(m.specialFeatureOptins), on(m.vendorConsents), on(m.vendorLegitimateInterests)]).toEqual([[], [], [], [], []]);
    expect(site.requests.filter((r) => r.startsWith('/slow/ads.js?p=/reject'))).toEqual([]);
    await p.close();
  });

  test('a returning visitor sees no interface and downloads none', async () => {
    const from = site.requests.length;
    const p = await ctx.newPage();
    await p.goto(page('/return'));
    await waitFor(p, 'tcloaded');
    await p.waitForTimeout(300);
    expect(await p.locator('consent-banner [part~=banner]').count()).toBe(0);
    expect(site.requests.slice(from).filter((r) => /consent-gate\.iab-(ui|layer2)\.js|\/consent\/gvl\//.test(r))).toEqual([]);
    await p.close();
  });
});

describe('the second layer', () => {
  let ctx: BrowserContext;
  beforeEach(async () => { ctx = await browser.newContext({ viewport: { width: 1024, height: 720 }, reducedMotion: 'reduce' }); });
  afterEach(async () => { await ctx.close(); });

  test('keyboard only: Customize opens it, Tab stays inside, Escape closes it and focus returns', async () => {
    const p = await open(ctx, '/keys');
    // Tab from the page's start: the banner (first in <body>) comes first; Customize is reached.
    for (let i = 0; i < 20 && (await focused(p)).text !== 'Customize'; i++) await p.keyboard.press('Tab');
    expect((await focused(p)).text).toBe('Customize');
    await p.keyboard.press('Enter');
    await p.locator('consent-banner dialog[part=dialog]').waitFor();
    await p.waitForFunction(() => document.querySelector('consent-banner')!.shadowRoot!.activeElement?.localName === 'h2');
    // Focus order: the first purpose's consent switch, then its examples, …; 200 Tabs never leave the dialog.
    const seen: string[] = [];
    for (let i = 0; i < 120; i++) {
      await p.keyboard.press('Tab');
      const f = await focused(p);
      expect(f.inDialog).toBe(true);
      seen.push(f.label || f.text);
    }
    expect(seen).toContain(`Consent: ${LIST.purposes[1].name}`);
    expect(seen).toContain('Save choices');
    expect(seen).toContain('Close');
    // Space flips a switch.
    const sw = p.getByRole('switch', { name: `Consent: ${LIST.purposes[1].name}` });
    await sw.focus();
    await p.keyboard.press('Space');
    expect(await sw.isChecked()).toBe(true);
    await p.keyboard.press('Escape');
    await p.locator('consent-banner dialog[part=dialog]').waitFor({ state: 'detached' });
    expect((await focused(p)).text).toBe('Customize');
    // Nothing was decided.
    expect(await p.evaluate(() => window.consentGate!.get().decided)).toBe(false);
    await p.close();
  });

  test('switches have names that say what they switch; consent off, legitimate interest on, special feature off', async () => {
    const p = await open(ctx, '/names');
    await p.getByRole('button', { name: 'Customize' }).click();
    for (const id of [1, 2, 3, 4, 7, 8, 9, 10]) expect(await p.getByRole('switch', { name: `Consent: ${LIST.purposes[id].name}` }).isChecked()).toBe(false);
    const li = p.getByRole('switch', { name: `Legitimate interest: ${LIST.purposes[2].name}` });
    expect(await li.isChecked()).toBe(true);
    expect(await p.getByRole('switch', { name: `Legitimate interest: ${LIST.purposes[1].name}` }).count()).toBe(0);
    expect(await p.getByRole('switch', { name: `Consent: ${LIST.specialFeatures[1].name}` }).isChecked()).toBe(false);
    // Special purposes and features: disclosed, no switch.
    expect(await p.locator('consent-banner dialog').innerText()).toContain(LIST.specialPurposes[1].name.trim());
    expect(await p.getByRole('switch', { name: new RegExp(LIST.specialPurposes[1].name.trim()) }).count()).toBe(0);
    expect(await axe(p)).toEqual([]);
    await p.close();
  });

  test('the partner list: opened from the first layer\'s count with the search focused, searched, a partner\'s details; axe finds nothing in each state', async () => {
    const p = await open(ctx, '/vendors');
    await p.locator('consent-banner [part~=tcf-partners]').click();
    await p.locator('consent-banner [part~=tcf-search]').waitFor();
    await p.waitForFunction(() => document.querySelector('consent-banner')!.shadowRoot!.activeElement?.getAttribute('part') === 'tcf-search');
    expect(await p.locator('consent-banner [part~=tcf-vendor]').count()).toBe(4);
    expect(await axe(p)).toEqual([]);
    await p.keyboard.type('google');
    await p.waitForFunction(() => document.querySelector('consent-banner')!.shadowRoot!.querySelectorAll('[part~=tcf-vendor]').length === 1);
    expect(await p.locator('consent-banner [part=tcf-count][role=status]').innerText()).toBe('1 of 4 partners');
    expect(await axe(p)).toEqual([]);
    await p.locator('consent-banner [part~=tcf-vendor] summary').click();
    const facts = p.locator('consent-banner [part=tcf-facts]');
    await facts.waitFor();
    const text = await facts.innerText();
    const g = LIST.vendors[755];
    for (const words of ['Purposes (consent)', 'Purposes (legitimate interest)', 'Data collected', 'Data retention', 'Cookie lifetime', 'other means than cookies', 'Device storage disclosure', 'Privacy policy']) expect(text).toContain(words);
    expect(text).toContain('180 days');
    expect(text).toContain(LIST.dataCategories[g.dataDeclaration[0]].name);
    const hrefs = await facts.locator('a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs).toEqual(expect.arrayContaining([g.urls[0].privacy, g.deviceStorageDisclosureUrl]));
    // Nothing was fetched from the vendor: the disclosure is a link the visitor may follow.
    expect(site.requests.some((r) => r.includes('deviceStorage'))).toBe(false);
    expect(await p.getByRole('switch', { name: 'Consent: Google Advertising Products' }).isChecked()).toBe(false);
    expect(await p.getByRole('switch', { name: 'Legitimate interest: Google Advertising Products' }).isChecked()).toBe(true);
    expect(await axe(p)).toEqual([]);
    await p.locator('consent-banner [part~=tcf-search]').fill('no such partner');
    await p.waitForFunction(() => document.querySelector('consent-banner')!.shadowRoot!.querySelectorAll('[part~=tcf-vendor]').length === 0);
    expect(await p.locator('consent-banner [part=tcf-count][role=status]').innerText()).toBe('0 of 4 partners');
    await p.close();
  });

  test('choices made in the layer come back exactly from TCString.decode, and the categories follow', async () => {
    const p = await open(ctx, '/choose');
    await p.getByRole('button', { name: 'Customize' }).click();
    const flip = (name: string) => p.getByRole('switch', { name, exact: true }).click();
    for (const id of [1, 8, 9, 10]) await flip(`Consent: ${LIST.purposes[id].name}`);
    await flip(`Legitimate interest: ${LIST.purposes[2].name}`);
    await flip(`Consent: ${LIST.specialFeatures[1].name}`);
    await p.locator('consent-banner [part~=tcf-vendors] > summary').click();
    await p.locator('consent-banner [part~=tcf-search]').waitFor();
    await flip('Consent: Google Advertising Products');
    const other = LIST.vendors[21].name as string;
    await flip(`Consent: ${other}`);
    const liVendors = await p.getByRole('switch', { name: /^Legitimate interest: / }).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    const objected = liVendors.find((n) => n === 'Legitimate interest: Google Advertising Products');
    if (objected) await flip(objected);
    await p.getByRole('button', { name: 'Save choices' }).click();
    await waitFor(p, 'useractioncomplete');
    const m = TCString.decode(await lastString(p));
    expect(on(m.purposeConsents)).toEqual([1, 8, 9, 10]);
    // Legitimate interest: every purpose some partner claims it for, but 2 (objected).
    expect(on(m.purposeLegitimateInterests)).not.toContain(2);
    expect(on(m.purposeLegitimateInterests)).toEqual(expect.arrayContaining([7, 9, 10]));
    expect(on(m.specialFeatureOptins)).toEqual([1]);
    // Google declares consent for 1, 3, 4: 1 has it. Vendor 21 too, if it declares one of 1, 8, 9, 10.
    const declares = (id: number) => (LIST.vendors[id].purposes as number[]).some((x) => [1, 8, 9, 10].includes(x));
    expect(on(m.vendorConsents)).toEqual([21, 755].filter(declares));
    expect(on(m.vendorLegitimateInterests)).not.toContain(755);
    // Analytics (1, 8, 9, 10) is granted: all its purposes have consent; marketing is not: the gated script stays out.
    expect(await p.evaluate(() => window.consentGate!.get().categories)).toMatchObject({ analytics: true, marketing: false });
    expect(site.requests.filter((r) => r.startsWith('/slow/ads.js?p=/choose'))).toEqual([]);
    // The next page view keeps that string (special feature 1 is granted though marketing, which stands for it,
    // is not): nothing written anew, neither the writer nor the list fetched.
    const written = await lastString(p);
    const from = site.requests.length;
    const next = await ctx.newPage();
    await next.goto(page('/choose-next'));
    await waitFor(next, 'tcloaded');
    expect(await lastString(next)).toBe(written);
    await next.waitForTimeout(300);
    expect(await next.evaluate(() => (window as unknown as { __events: { status: string }[] }).__events.map((e) => e.status))).not.toContain('useractioncomplete');
    expect(site.requests.slice(from).filter((r) => /consent-gate\.tcf-write\.js|\/consent\/gvl\//.test(r))).toEqual([]);
    await next.close();
    // Reopened, the layer shows the choices of the string.
    await p.evaluate(() => window.consentGate!.showPreferences());
    await p.locator('consent-banner dialog[part=dialog]').waitFor();
    await p.waitForFunction((n) => {
      const s = [...document.querySelector('consent-banner')!.shadowRoot!.querySelectorAll<HTMLInputElement>('[role=switch]')].find((x) => x.getAttribute('aria-label') === n);
      return s?.checked === true;
    }, `Consent: ${LIST.purposes[8].name}`);
    expect(await p.getByRole('switch', { name: `Consent: ${LIST.purposes[2].name}` }).isChecked()).toBe(false);
    expect(await p.getByRole('switch', { name: `Legitimate interest: ${LIST.purposes[2].name}` }).isChecked()).toBe(false);
    await p.close();
  });

  test('Reject all in the second layer, after switching things on, leaves nothing', async () => {
    const p = await open(ctx, '/reject2');
    await p.getByRole('button', { name: 'Customize' }).click();
    await p.getByRole('switch', { name: `Consent: ${LIST.purposes[1].name}` }).click();
    await p.locator('consent-banner dialog [part~=reject]').click();
    await waitFor(p, 'useractioncomplete');
    const m = TCString.decode(await lastString(p));
    expect([on(m.purposeConsents), on(m.purposeLegitimateInterests), on(m.specialFeatureOptins), on(m.vendorConsents), on(m.vendorLegitimateInterests)]).toEqual([[], [], [], [], []]);
    await p.close();
  });
});

test('all 376 partners of the list: drawn 50 at a time, "Show more" moves focus to the first new one, search narrows', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1024, height: 720 }, reducedMotion: 'reduce' });
  const all = Object.keys(LIST.vendors).map(Number);
  const p = await ctx.newPage();
  await p.goto(page('/many', 'en', { ...CONFIG, tcf: { ...TCF, vendors: all } }));
  await p.locator('consent-banner [part~=tcf-partners]').waitFor();
  expect(await p.locator('consent-banner [part~=tcf-partners]').innerText()).toBe(`${all.length} partners`);
  await p.locator('consent-banner [part~=tcf-partners]').click();
  await p.locator('consent-banner [part~=tcf-search]').waitFor();
  const drawn = () => p.locator('consent-banner [part~=tcf-vendor]').count();
  expect(await drawn()).toBe(50);
  await p.locator('consent-banner [part~=tcf-more]').focus();
  await p.keyboard.press('Enter');
  await p.waitForFunction(() => document.querySelector('consent-banner')!.shadowRoot!.querySelectorAll('[part~=tcf-vendor]').length === 100);
  await p.waitForFunction(() => {
    const root = document.querySelector('consent-banner')!.shadowRoot!;
    return root.activeElement === root.querySelectorAll('[part~=tcf-vendor] summary')[50];
  });
  await p.locator('consent-banner [part~=tcf-search]').fill('google');
  await p.waitForFunction(() => document.querySelector('consent-banner')!.shadowRoot!.querySelectorAll('[part~=tcf-vendor]').length < 10);
  const names = await p.locator('consent-banner [part~=tcf-vendor] summary').allInnerTexts();
  expect(names.length).toBeGreaterThan(0);
  expect(names.every((n) => /google/i.test(n))).toBe(true);
  expect(await axe(p)).toEqual([]);
  await ctx.close();
});

describe('layout and languages', () => {
  test('320 px wide: no sideways scroll in the first layer, the second layer or the partner list', async () => {
    const ctx = await browser.newContext({ viewport: { width: 320, height: 640 }, reducedMotion: 'reduce' });
    const p = await open(ctx, '/narrow');
    expect(await sideways(p)).toEqual([false, false]);
    await p.locator('consent-banner [part~=tcf-partners]').click();
    await p.locator('consent-banner [part~=tcf-search]').waitFor();
    await p.locator('consent-banner [part~=tcf-vendor] summary').first().click();
    await p.locator('consent-banner [part=tcf-facts]').waitFor();
    expect((await sideways(p)).includes(true)).toBe(false);
    await ctx.close();
  });

  test('right to left (Arabic): the layers are laid out right to left, axe finds nothing', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1024, height: 720 }, reducedMotion: 'reduce' });
    const p = await open(ctx, '/rtl', 'ar');
    expect(await p.locator('consent-banner [part=root]').getAttribute('dir')).toBe('rtl');
    const { layer, button } = await p.evaluate(() => {
      const root = document.querySelector('consent-banner')!.shadowRoot!;
      return { layer: getComputedStyle(root.querySelector('[part~=banner]')!).direction, button: getComputedStyle(root.querySelector('[part~=tcf-partners]')!).direction };
    });
    expect([layer, button]).toEqual(['rtl', 'rtl']);
    expect(await axe(p)).toEqual([]);
    await p.locator('consent-banner [part~=customize]').click();
    await p.locator('consent-banner [part~=tcf-vendors] > summary').click();
    await p.locator('consent-banner [part~=tcf-search]').waitFor();
    expect(await axe(p)).toEqual([]);
    await ctx.close();
  });

  test('German: the list\'s own translation of the purposes and the interface\'s German words', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1024, height: 720 }, reducedMotion: 'reduce' });
    const p = await open(ctx, '/de', 'de');
    const text = await p.locator('consent-banner [part~=banner]').innerText();
    expect(text).toContain(DE.purposes[1].name);
    expect(await p.locator('consent-banner [part~=tcf-partners]').innerText()).toBe('4 Partner');
    expect(site.requests).toContain('/consent/gvl/purposes-de.json');
    await p.getByRole('button', { name: 'Anpassen' }).click();
    expect(await p.getByRole('switch', { name: `Einwilligung: ${DE.purposes[1].name}` }).isChecked()).toBe(false);
    expect(await axe(p)).toEqual([]);
    await ctx.close();
  });

  test('Brazilian Portuguese and Swedish: the interface\'s own words in each, from their files (a region tag included)', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1024, height: 720 }, reducedMotion: 'reduce' });
    for (const [lang, partners, use] of [['pt-BR', '4 parceiros', 'Nós e nossos parceiros usamos dados para:'], ['sv', '4 partner', 'Vi och våra partner använder data för att:']] as const) {
      const p = await open(ctx, `/${lang}`, lang);
      expect(await p.locator('consent-banner [part~=tcf-partners]').innerText()).toBe(partners);
      expect(await p.locator('consent-banner [part~=banner]').innerText()).toContain(use);
      expect(site.requests).toContain(`/dist/i18n/tcf-${lang.toLowerCase()}.js`);
      await p.close();
    }
    await ctx.close();
  });
});
