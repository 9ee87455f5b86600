/**
 * Issue 21 ("a no stays a no, round three"), the page around the store, in real Chromium with
 * the drop-in (`dist/consent-gate.js`): an invalid config still denies everything in Google
 * Consent Mode (item 14), a granting action in user content grants nothing (18), embeds added
 * to a released container and embeds in a shadow root are released (21), and the banner reflows
 * at 320 px with long unbroken labels and lays out every right-to-left language so (22).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { consoleErrors, launchBrowser, startServer, type TestServer } from './harness';
import { axe } from '../support/axe';
import { isRtlByList } from '../../src/i18n/index';

let browser: Browser;
let server: TestServer;
let n = 0;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer([(_req, res, url) => {
    // Images and frames under /e21/: an empty answer (the request is what the tests watch).
    if (!url.pathname.startsWith('/e21/')) return false;
    res.writeHead(204, { 'cache-control': 'no-store' }).end();
    return true;
  }]);
});
afterAll(async () => { await browser?.close(); await server?.close(); });

const CATEGORIES = { necessary: { required: true }, analytics: { label: 'Analytics' }, marketing: { label: 'Marketing' } };

interface Options {
  /** The drop-in's `data-config`, as written in the attribute (a string: it may be invalid JSON). */
  config: string;
  head?: string;
  body?: string;
  lang?: string;
  width?: number;
}

/** Serves a page with the drop-in in its `<head>` and opens it. */
async function open(o: Options): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
  const path = `/p21/page-${++n}`;
  server.pages.set(path, {
    body: `<!doctype html><html lang="${o.lang ?? 'en'}"><head><meta charset="utf-8"><title>Page ${n}</title><link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">${o.head ?? ''}
<script src="/dist/consent-gate.js" data-config='${o.config}'></script>
<script>(window.dataLayer = window.dataLayer || []).push({ event: 'site-tag' });</script>
</head><body><main><h1>Article</h1>${o.body ?? ''}</main></body></html>`,
  });
  const ctx = await browser.newContext({ reducedMotion: 'reduce', viewport: { width: o.width ?? 1024, height: 640 } });
  const page = await ctx.newPage();
  const errors = consoleErrors(page);
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(server.origin + path);
  return { ctx, page, errors };
}
const asked = (part: string) => server.requests.filter((r) => r.includes(part));
/** Gives the browser time to make any request it was going to make. */
const settle = (p: Page) => p.waitForTimeout(300);
const banner = (p: Page) => p.locator('consent-banner [part~=banner]');


describe('an invalid config denies everything in Google Consent Mode (item 14)', () => {
  /** The first dataLayer entry as gtag() pushes it, and what follows. */
  const layer = (p: Page) => p.evaluate(() => (window as unknown as { dataLayer: unknown[] }).dataLayer.map((e) =>
    Object.prototype.toString.call(e) === '[object Arguments]' ? Array.from(e as ArrayLike<unknown>) : e));
  const DENIED = {
    ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'denied',
    functionality_storage: 'denied', personalization_storage: 'denied', security_storage: 'denied',
  };

  test.each([
    ['a misspelt key', JSON.stringify({ categories: CATEGORIES, googleConsentMode: true, mdoe: 'opt-out' })],
    ['a misspelt googleConsentMode', JSON.stringify({ categories: CATEGORIES, googleConsentMod: true })],
    ['data-config that is not JSON', '{"categories": {"analytics": {}},}'],
    ['an invalid config with regions', JSON.stringify({ categories: { analytics: { labl: 'x' } }, googleConsentMode: true, regions: { '*': { mode: 'opt-in' } } })],
  ])('%s: the default, all denied, is first in dataLayer', async (_name, config) => {
    const { ctx, page, errors } = await open({ config });
    const entries = await layer(page);
    expect(entries[0]).toEqual(['consent', 'default', DENIED]);
    expect(entries.slice(1)).toEqual([{ event: 'site-tag' }]);
    // (The default drop-in's stub stands until its store chunk has checked the config.)
    await expect.poll(() => page.evaluate(() => window.consentGate === undefined)).toBe(true);
    await expect.poll(() => errors.length).toBeGreaterThan(0);
    await ctx.close();
  });

  test('a valid config with regions still pushes its own default first (required types granted)', async () => {
    const { ctx, page } = await open({ config: JSON.stringify({ categories: CATEGORIES, googleConsentMode: true, regions: { '*': { mode: 'opt-in' } } }) });
    await page.waitForFunction(() => window.consentGate);
    const entries = await layer(page);
    expect(entries[0]).toEqual(['consent', 'default', { ...DENIED, security_storage: 'granted', wait_for_update: 500 }]);
    expect(entries.some((e) => Array.isArray(e) && e[1] === 'default' && (e[2] as Record<string, string>).security_storage === 'denied')).toBe(false);
    await ctx.close();
  });

  test('a valid config with regions pushes one default, before the site\'s tags', async () => {
    const { ctx, page } = await open({ config: JSON.stringify({ categories: CATEGORIES, googleConsentMode: true, regions: { '*': { mode: 'opt-in' } } }) });
    await page.waitForFunction(() => window.consentGate?.get().region !== undefined);
    await page.waitForLoadState('networkidle');
    const entries = await layer(page);
    expect(entries.filter((e) => Array.isArray(e) && e[1] === 'default')).toHaveLength(1);
    expect(entries.findIndex((e) => Array.isArray(e) && e[1] === 'default')).toBeLessThan(entries.findIndex((e) => (e as { event?: string }).event === 'site-tag'));
    await ctx.close();
  });
});

describe('granting actions count only inside the site\'s own containers (item 18)', () => {
  const USER_CONTENT = `<section class="comments"><p>Nice article! <a href="#win" data-consent-action="accept-all">Claim your prize</a>
    <a href="#no" data-consent-action="reject-all">Say no</a></p></section>`;
  const FOOTER = '<footer id="site-footer"><button data-consent-action="accept-all">Accept all cookies</button></footer>';
  const state = (p: Page) => p.evaluate(() => ({ decided: window.consentGate!.get().decided, view: window.consentGate!.view, source: window.consentGate!.get().source }));

  test('accept-all in user content records nothing: it opens the banner, where the visitor decides', async () => {
    const { ctx, page } = await open({ config: JSON.stringify({ categories: CATEGORIES, actionScope: '#site-footer' }), body: USER_CONTENT + FOOTER });
    await banner(page).waitFor();
    await page.evaluate(() => window.consentGate!.hide());
    await page.getByRole('link', { name: 'Claim your prize' }).click();
    expect(await state(page)).toEqual({ decided: false, view: 'banner', source: null });
    expect(new URL(page.url()).hash).toBe('');
    await ctx.close();
  });

  test('accept-all inside the container the config names records the decision', async () => {
    const { ctx, page } = await open({ config: JSON.stringify({ categories: CATEGORIES, actionScope: '#site-footer' }), body: USER_CONTENT + FOOTER });
    // Once the drop-in has started (its banner is up): a click before the store chunk has started the page is not
    // seen (the actions are the gate's, which starts in the chunk's last task).
    await banner(page).waitFor();
    await page.getByRole('button', { name: 'Accept all cookies' }).click();
    expect(await state(page)).toMatchObject({ decided: true, source: 'action' });
    await ctx.close();
  });

  test('without actionScope no page element grants; reject-all and the settings link work anywhere', async () => {
    const { ctx, page } = await open({ config: JSON.stringify({ categories: CATEGORIES }), body: USER_CONTENT + FOOTER });
    await banner(page).waitFor();
    await page.evaluate(() => window.consentGate!.hide());
    await page.getByRole('button', { name: 'Accept all cookies' }).click();
    expect(await state(page)).toEqual({ decided: false, view: 'banner', source: null });
    await page.getByRole('link', { name: 'Say no' }).click();
    expect(await page.evaluate(() => window.consentGate!.get().categories)).toEqual({ necessary: true, analytics: false, marketing: false });
    await ctx.close();
  });
});

describe('embeds added later and in shadow roots (item 21)', () => {
  test('an embed added inside an already released container loads after consent', async () => {
    const { ctx, page } = await open({
      config: JSON.stringify({ categories: CATEGORIES }),
      body: '<div id="feed" data-consent="marketing"><img alt="" data-src="/e21/first.png"></div>',
    });
    await page.evaluate(() => window.consentGate!.acceptAll());
    await expect.poll(() => asked('/e21/first.png').length).toBe(1);
    await page.evaluate(() => document.getElementById('feed')!.insertAdjacentHTML('beforeend', '<img alt="" data-src="/e21/later.png">'));
    await expect.poll(() => asked('/e21/later.png').length).toBe(1);
    await ctx.close();
  });

  test('an embed added to a released container waits while its category is withdrawn (no reload)', async () => {
    const { ctx, page } = await open({
      config: JSON.stringify({ categories: CATEGORIES, reloadOnWithdraw: false }),
      body: '<div id="feed" data-consent="marketing"><img alt="" data-src="/e21/w-first.png"></div>',
    });
    await page.evaluate(() => window.consentGate!.acceptAll());
    await expect.poll(() => asked('/e21/w-first.png').length).toBe(1);
    await page.evaluate(() => {
      window.consentGate!.rejectAll();
      document.getElementById('feed')!.insertAdjacentHTML('beforeend', '<img alt="" data-src="/e21/w-later.png">');
    });
    await settle(page);
    expect(asked('/e21/w-later.png')).toEqual([]);
    await page.evaluate(() => window.consentGate!.acceptAll());
    await expect.poll(() => asked('/e21/w-later.png').length).toBe(1);
    await ctx.close();
  });

  test('a media element in a released container is not reloaded when unrelated content is added', async () => {
    const { ctx, page } = await open({
      config: JSON.stringify({ categories: CATEGORIES }),
      body: '<div id="feed" data-consent="marketing"><video id="v" muted data-src="/e21/clip.mp4"></video></div>',
    });
    await page.evaluate(() => {
      (window as unknown as { loads: number }).loads = 0;
      document.getElementById('v')!.addEventListener('loadstart', () => (window as unknown as { loads: number }).loads++);
      window.consentGate!.acceptAll();
    });
    await page.waitForFunction(() => (window as unknown as { loads: number }).loads === 1);
    await page.evaluate(() => document.getElementById('feed')!.append(Object.assign(document.createElement('p'), { textContent: 'A comment' })));
    await settle(page);
    expect(await page.evaluate(() => (window as unknown as { loads: number }).loads)).toBe(1);
    await ctx.close();
  });

  test('consentGate.gate(shadowRoot) gates and releases embeds inside an open shadow root', async () => {
    const { ctx, page } = await open({
      config: JSON.stringify({ categories: CATEGORIES }),
      body: `<div id="host"></div><script>
        const root = document.getElementById('host').attachShadow({ mode: 'open' });
        root.innerHTML = '<img alt="" data-consent="marketing" data-src="/e21/shadow.png">';
        window.stopShadow = consentGate.gate(root);
      </script>`,
    });
    await settle(page);
    expect(asked('/e21/shadow.png')).toEqual([]);
    await page.evaluate(() => window.consentGate!.acceptAll());
    await expect.poll(() => asked('/e21/shadow.png').length).toBe(1);
    await ctx.close();
  });

  test('consentGate.gate(shadowRoot) called after the store has come (the banner up) gates and releases too', async () => {
    const { ctx, page, errors } = await open({
      config: JSON.stringify({ categories: CATEGORIES }),
      body: '<div id="host"></div>',
    });
    await banner(page).waitFor();
    await page.evaluate(() => {
      const root = document.getElementById('host')!.attachShadow({ mode: 'open' });
      root.innerHTML = '<img alt="" data-consent="marketing" data-src="/e21/late.png">';
      (window as unknown as { stopLate: unknown }).stopLate = window.consentGate!.gate(root);
    });
    await settle(page);
    expect(asked('/e21/late.png')).toEqual([]);
    await page.evaluate(() => window.consentGate!.acceptAll());
    await expect.poll(() => asked('/e21/late.png').length).toBe(1);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});

describe('reflow and direction (item 22)', () => {
  const LONG = 'Datenschutzinformationsverarbeitungsgrundsatzerklärungsdokumentfassung2026';
  const config = {
    policies: { privacy: { version: '1', url: '/privacy', label: LONG } },
    categories: { necessary: { required: true }, analytics: { label: `Analytics${LONG}`, description: `Measures${LONG}` } },
    ui: { layout: 'bar' },
  };
  /** How far the page, the first layer and the dialog reach past 320 px (0 or less: no sideways scroll). */
  const overflow = (p: Page) => p.evaluate(() => {
    const root = document.querySelector('consent-banner')!.shadowRoot!;
    const over = (e: Element | null) => (e ? Math.max(e.scrollWidth - e.clientWidth, e.getBoundingClientRect().right - innerWidth) : 0);
    return { page: document.documentElement.scrollWidth - innerWidth, banner: over(root.querySelector('[part~=banner]')), dialog: over(root.querySelector('dialog[part=dialog]')) };
  });

  test.each(['bar', 'box', 'modal'])('at 320 px a long unbroken policy and category label scroll nothing sideways (%s), axe 0', async (layout) => {
    const { ctx, page, errors } = await open({ config: JSON.stringify({ ...config, ui: { layout } }), width: 320 });
    await banner(page).waitFor();
    const b = await overflow(page);
    expect(b.page).toBeLessThanOrEqual(0);
    expect(b.banner).toBeLessThanOrEqual(0);
    expect(await axe(page)).toEqual([]);
    await page.locator('consent-banner [part~=customize]').click();
    await page.locator('consent-banner dialog[part=dialog]').waitFor();
    const o = await overflow(page);
    expect(o.page).toBeLessThanOrEqual(0);
    expect(o.dialog).toBeLessThanOrEqual(0);
    expect(await axe(page)).toEqual([]);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  test('the list Firefox relies on agrees with Chromium\'s Intl.Locale text info for every ISO 639-1 language and the right-to-left ones', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const tags = [...('aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ' +
      'ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ' +
      'ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ' +
      've vi vo wa wo xh yi yo za zh zu').split(' '), 'arc', 'bal', 'bqi', 'ckb', 'glk', 'khw', 'lrc', 'luz', 'mzn', 'nqo', 'pnb', 'prs', 'rhg', 'sdh', 'skr', 'syr',
    'ar-EG', 'he-IL', 'sd-Deva', 'sd-Arab', 'ks-Deva', 'ug-Cyrl', 'uz-Arab', 'pa-Arab', 'az-Arab', 'ms-Arab', 'ku-Arab', 'ff-Adlm', 'yi-Hebr', 'sr-Latn', 'zh-Hant'];
    const byList = Object.fromEntries(tags.map((t) => [t, isRtlByList(t)]));
    const byChromium = await page.evaluate((all) => Object.fromEntries(all.map((t) => {
      const l = new Intl.Locale(t) as Intl.Locale & { getTextInfo(): { direction: string } };
      return [t, l.getTextInfo().direction === 'rtl'];
    })), tags);
    expect(tags.filter((t) => byList[t] !== byChromium[t])).toEqual([]);
    expect(tags.filter((t) => byList[t])).toContain('ckb');
    await ctx.close();
  });

  test.each([
    ['yi', 'rtl'], ['ps', 'rtl'], ['ckb', 'rtl'], ['dv', 'rtl'], ['ug', 'rtl'], ['sd', 'rtl'], ['ar', 'rtl'],
    ['sd-Deva', 'ltr'], ['ku', 'ltr'], ['uz-Arab', 'rtl'],
  ])('<html lang="%s"> with the site\'s texts is laid out %s', async (lang, dir) => {
    const texts = { [lang.toLowerCase()]: { title: `Title (${lang})`, accept: 'OK' } };
    const { ctx, page } = await open({ config: JSON.stringify({ categories: CATEGORIES, texts }), lang });
    await banner(page).waitFor();
    const root = page.locator('consent-banner [part=root]');
    expect([await root.getAttribute('lang'), await root.getAttribute('dir')]).toEqual([lang.toLowerCase(), dir]);
    await ctx.close();
  });
});
