/**
 * <consent-banner> in real Chromium: accessibility (axe-core, WCAG 2.0/2.1/2.2 A and AA)
 * in every layout, light, dark and right to left; keyboard journeys; equal weight of the
 * choices; focus never hidden by the bar; small screens and zoom; reduced motion; only
 * the language in use downloaded. Pages load the real store (dist/index.js) and the
 * drop-in's UI chunk (dist/consent-gate.ui.js), which fetches the preferences dialog
 * (dist/consent-gate.prefs.js) when it is about to open. Screenshots go to docs/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser, ROOT, startServer, type TestServer } from './harness';
import { axe } from '../support/axe';

const LAYOUTS = ['bar', 'bar-top', 'box', 'modal'] as const;
const SHOTS = join(ROOT, 'docs/screenshots');

const CONFIG = {
  policies: {
    privacy: { version: '2024-05-01', url: '/privacy', label: 'Privacy Policy' },
    terms: { version: '3', url: '/terms', label: 'Terms of Use' },
  },
  categories: {
    necessary: { required: true, label: 'Necessary', description: 'Keeps you signed in and remembers this choice.' },
    analytics: { label: 'Analytics', description: 'Tells us which pages are read, without identifying you.', cookieTable: [{ name: '_ga', purpose: 'Distinguishes visitors', duration: '2 years' }] },
    marketing: { label: 'Marketing', description: 'Shows ads that match your interests.' },
  },
  gpc: false,
};

let browser: Browser;
let server: TestServer;
let n = 0;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchBrowser();
  server = await startServer();
});
afterAll(async () => { await browser?.close(); await server?.close(); });

interface PageOptions {
  ui?: Record<string, unknown>;
  lang?: string;
  mode?: string;
  links?: number;
  body?: string;
  gate?: boolean;
  context?: BrowserContextOptions;
  /** The page's own `style` attribute on `<html>`. */
  htmlStyle?: string;
}

/** Serves a page with the store and the UI chunk, opens it, waits for the element. */
async function open(o: PageOptions = {}): Promise<Page> {
  const path = `/banner-${++n}`;
  const config = { ...CONFIG, mode: o.mode ?? 'opt-in', ui: o.ui ?? {} };
  const links = Array.from({ length: o.links ?? 0 }, (_, i) => `<p><a href="#l${i}">Article ${i + 1}</a></p>`).join('');
  server.pages.set(path, {
    body: `<!doctype html><html lang="${o.lang ?? 'en'}"${o.htmlStyle ? ` style="${o.htmlStyle}"` : ''}><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Consent test page</title>
<script type="importmap">{"imports":{"js-cookie":"/node_modules/js-cookie/dist/js.cookie.mjs"}}</script>
<style>body{font:1rem/1.5 system-ui,sans-serif;margin:0;padding:1rem 2rem;color:#222;background:#f6f6f4}</style></head>
<body><main><h1>The Daily Example</h1><p>Independent news since 1998. Read the latest stories below.</p>
<p><a href="#settings" data-consent-open>Cookie settings</a></p>${o.body ?? ''}${links}</main>
<script type="module">
import { createConsent${o.gate ? ', gate' : ''} } from '/dist/index.js';
import { mount } from '/dist/consent-gate.ui.js';
const consent = window.consent = createConsent(${JSON.stringify(config)});
${o.gate ? 'gate(consent);' : ''}
mount(consent, { base: '/dist/' });
</script></body></html>`,
  });
  const ctx = await browser.newContext({ viewport: { width: 1024, height: 640 }, reducedMotion: 'reduce', ...o.context });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => { throw e; });
  await page.goto(server.origin + path);
  await page.waitForFunction(() => {
    const el = document.querySelector('consent-banner');
    return !!el?.shadowRoot?.querySelector('[part~=banner] [part~=button]');
  });
  return page;
}

const close = (page: Page) => page.context().close();


/** The deepest focused element, described. */
const focused = (page: Page) => page.evaluate(() => {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return { part: a?.getAttribute('part') ?? '', text: a?.textContent?.trim() ?? '', tag: a?.localName ?? '', inDialog: !!a?.closest('dialog') };
});

async function tabTo(page: Page, match: (f: Awaited<ReturnType<typeof focused>>) => boolean, max = 30) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (match(await focused(page))) return;
  }
  throw new Error('never reached by Tab');
}

const state = (page: Page) => page.evaluate(() => {
  const c = (window as unknown as { consent: { get(): { decided: boolean; source: string | null; categories: Record<string, boolean> }; view: string | null } }).consent;
  const s = c.get();
  return { decided: s.decided, source: s.source, categories: s.categories, view: c.view };
});

async function openPreferences(page: Page) {
  await page.locator('consent-banner [part~=customize]').click();
  await page.locator('consent-banner dialog[part=dialog]').waitFor();
}

describe.each(LAYOUTS)('%s layout', (layout) => {
  test.each(['light', 'dark'] as const)('axe finds nothing in the first layer and the dialog (%s)', async (theme) => {
    const page = await open({ ui: { layout, theme } });
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `${layout}-${theme}.png`) });
    await openPreferences(page);
    expect(await axe(page)).toEqual([]);
    if (layout === 'bar') await page.screenshot({ path: join(SHOTS, `preferences-${theme}.png`) });
    await close(page);
  });

  test('axe finds nothing in Arabic, laid out right to left', async () => {
    const page = await open({ ui: { layout }, lang: 'ar' });
    const root = page.locator('consent-banner [part=root]');
    expect(await root.getAttribute('dir')).toBe('rtl');
    expect(await page.locator('consent-banner [part~=reject]').textContent()).toBe('رفض الكل');
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `${layout}-rtl.png`) });
    await openPreferences(page);
    expect(await axe(page)).toEqual([]);
    await close(page);
  });

  test('Accept, Reject and Customize have the same size and look', async () => {
    for (const width of [1280, 320]) {
      const page = await open({ ui: { layout }, context: { viewport: { width, height: 720 } } });
      const boxes = await page.evaluate(() => ['accept', 'reject', 'customize'].map((p) => {
        const b = document.querySelector('consent-banner')!.shadowRoot!.querySelector(`[part~=${p}]`)!;
        const r = b.getBoundingClientRect();
        const s = getComputedStyle(b);
        return { w: Math.round(r.width), h: Math.round(r.height), look: [s.fontSize, s.fontWeight, s.fontFamily, s.color, s.backgroundColor, s.borderTopWidth, s.borderTopColor].join() };
      }));
      expect(boxes[0]!.w).toBeGreaterThan(60);
      for (const b of boxes) expect(b).toEqual(boxes[0]);
      await close(page);
    }
  });

  test('fits 320 px wide without horizontal scrolling', async () => {
    const page = await open({ ui: { layout }, context: { viewport: { width: 320, height: 640 } } });
    const m = await page.evaluate(() => {
      const root = document.querySelector('consent-banner')!.shadowRoot!;
      const layer = root.querySelector<HTMLElement>('[part~=banner]')!;
      const right = Math.max(...[...root.querySelectorAll('[part~=banner] button')].map((b) => b.getBoundingClientRect().right));
      return { doc: document.documentElement.scrollWidth, layer: layer.scrollWidth - layer.clientWidth, right };
    });
    expect(m.doc).toBeLessThanOrEqual(320);
    expect(m.layer).toBeLessThanOrEqual(0);
    expect(m.right).toBeLessThanOrEqual(320);
    await openPreferences(page);
    const d = await page.evaluate(() => {
      const dlg = document.querySelector('consent-banner')!.shadowRoot!.querySelector<HTMLElement>('dialog[part=dialog]')!;
      return { over: dlg.scrollWidth - dlg.clientWidth, right: dlg.getBoundingClientRect().right };
    });
    expect(d.over).toBeLessThanOrEqual(0);
    expect(d.right).toBeLessThanOrEqual(320);
    await close(page);
  });

  test('at 200 % zoom every button can be reached and seen', async () => {
    // 1280×800 at 200 % is a 640×400 CSS-pixel viewport at device scale 2.
    const page = await open({ ui: { layout }, context: { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 } });
    for (const p of ['accept', 'reject', 'customize']) {
      const b = page.locator(`consent-banner [part~=${p}]`);
      await b.focus();
      const r = (await b.boundingBox())!;
      expect(r.y).toBeGreaterThanOrEqual(0);
      expect(r.y + r.height).toBeLessThanOrEqual(400);
      expect(r.x + r.width).toBeLessThanOrEqual(640);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(640);
    await close(page);
  });
});

describe('keyboard', () => {
  test('Tab to Reject all and Enter refuses everything', async () => {
    const page = await open();
    await tabTo(page, (f) => f.part === 'button reject');
    await page.keyboard.press('Enter');
    expect(await state(page)).toMatchObject({ decided: true, source: 'banner', categories: { necessary: true, analytics: false, marketing: false }, view: null });
    await close(page);
  });

  test('open the preferences, Space on a switch, save', async () => {
    const page = await open();
    await tabTo(page, (f) => f.part === 'button customize');
    await page.keyboard.press('Enter');
    // The dialog is a file of its own, fetched when Customize got focus: it opens when it has arrived.
    await page.locator('consent-banner dialog[part=dialog]').waitFor();
    expect((await focused(page)).inDialog).toBe(true);
    await tabTo(page, (f) => f.part === 'switch' && f.inDialog);
    await page.keyboard.press('Space');
    await tabTo(page, (f) => f.part === 'button save');
    await page.keyboard.press('Enter');
    expect(await state(page)).toMatchObject({ decided: true, source: 'preferences', categories: { analytics: true, marketing: false }, view: null });
    await close(page);
  });

  test('Escape records nothing and gives focus back to Customize', async () => {
    const page = await open();
    await tabTo(page, (f) => f.part === 'button customize');
    await page.keyboard.press('Enter');
    await page.locator('consent-banner dialog[part=dialog]').waitFor();
    await tabTo(page, (f) => f.part === 'switch');
    await page.keyboard.press('Space');
    await page.keyboard.press('Escape');
    await page.locator('consent-banner dialog').waitFor({ state: 'detached' });
    expect(await state(page)).toMatchObject({ decided: false, view: 'banner' });
    expect(await focused(page)).toMatchObject({ part: 'button customize' });
    await close(page);
  });

  test('focus stays inside the dialog', async () => {
    const page = await open();
    await openPreferences(page);
    for (const key of ['Tab', 'Shift+Tab']) {
      for (let i = 0; i < 14; i++) {
        await page.keyboard.press(key);
        expect((await focused(page)).inDialog).toBe(true);
      }
    }
    await close(page);
  });

  test('a "Cookie settings" link reopens the preferences; closing returns focus to it', async () => {
    // The gate wires the link (in the drop-in, and with npm `gate()` or `consent-gate/banner`).
    const page = await open({ gate: true });
    await page.locator('consent-banner [part~=reject]').click();
    const link = page.locator('a[data-consent-open]');
    await link.focus();
    await page.keyboard.press('Enter');
    await page.locator('consent-banner dialog[part=dialog]').waitFor();
    expect(await page.locator('consent-banner [part=switch]').evaluateAll((s) => s.map((x) => (x as HTMLInputElement).checked))).toEqual([true, false, false]);
    await page.locator('consent-banner [part=close]').click();
    await page.locator('consent-banner dialog').waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cookie settings');
    expect(await state(page)).toMatchObject({ source: 'banner', view: null });
    await close(page);
  });

  test('Escape closes the modal first layer without recording anything', async () => {
    const page = await open({ ui: { layout: 'modal' } });
    await page.keyboard.press('Escape');
    await page.locator('consent-banner dialog').waitFor({ state: 'detached' });
    expect(await state(page)).toMatchObject({ decided: false, view: null });
    expect(await page.evaluate(() => document.cookie)).toBe('');
    await close(page);
  });

  test('the floating button passes axe, reopens the preferences and gets focus back', async () => {
    const page = await open({ ui: { floatingButton: true } });
    await page.locator('consent-banner [part~=accept]').click();
    const fab = page.locator('consent-banner [part=floating]');
    expect(await fab.getAttribute('aria-label')).toBe('Cookie settings');
    expect(await axe(page)).toEqual([]);
    await fab.focus();
    await page.keyboard.press('Enter');
    await page.locator('consent-banner dialog[part=dialog]').waitFor();
    expect(await page.locator('consent-banner [part=switch]').evaluateAll((s) => s.map((x) => (x as HTMLInputElement).checked))).toEqual([true, true, true]);
    await page.keyboard.press('Escape');
    await page.locator('consent-banner dialog').waitFor({ state: 'detached' });
    expect(await focused(page)).toMatchObject({ part: 'floating' });
    await close(page);
  });

  test('the modal first layer keeps focus inside it', async () => {
    const page = await open({ ui: { layout: 'modal' } });
    expect((await focused(page)).inDialog).toBe(true);
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      expect((await focused(page)).inDialog).toBe(true);
    }
    await close(page);
  });
});

describe('WCAG 2.4.11: the focused element is never hidden by the banner', () => {
  test.each(['bar', 'bar-top', 'box'])('%s', async (layout) => {
    // Narrow enough that the box covers the column of links too.
    const page = await open({ ui: { layout }, links: 40, context: { viewport: { width: 400, height: 600 } } });
    let seen = 0;
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      const r = await page.evaluate(() => {
        const a = document.activeElement as HTMLElement;
        if (!a || a.localName !== 'a') return null;
        const el = a.getBoundingClientRect();
        const bar = document.querySelector('consent-banner')!.shadowRoot!.querySelector('[part~=banner]')!.getBoundingClientRect();
        const overlapX = Math.min(el.right, bar.right) - Math.max(el.left, bar.left);
        const overlapY = Math.min(el.bottom, bar.bottom) - Math.max(el.top, bar.top);
        return { text: a.textContent, hidden: overlapX > 0 && overlapY > 0, inView: el.top >= 0 && el.bottom <= innerHeight };
      });
      if (!r) continue;
      seen++;
      expect(r, r.text ?? '').toMatchObject({ hidden: false, inView: true });
    }
    expect(seen).toBeGreaterThan(40);
    await page.locator('consent-banner [part~=reject]').click();
    expect(await page.evaluate(() => document.documentElement.getAttribute('style') ?? '')).not.toMatch(/padding-(top|bottom): \d/);
    await close(page);
  });
});

test('the page padding follows the bar when it is shown again and resized', async () => {
  const page = await open();
  await page.evaluate(async () => {
    const c = (window as unknown as { consent: { hide(): void; showBanner(): void } }).consent;
    c.hide();
    await new Promise((r) => setTimeout(r, 50));
    c.showBanner();
  });
  await page.locator('consent-banner [part~=banner]').waitFor();
  await page.setViewportSize({ width: 360, height: 640 });
  const measure = () => page.evaluate(() => {
    const bar = document.querySelector('consent-banner')!.shadowRoot!.querySelector('[part~=banner]')!.getBoundingClientRect().height;
    const s = document.documentElement.style;
    return { pad: parseFloat(s.paddingBottom) - Math.ceil(bar), scroll: parseFloat(s.scrollPaddingBottom) - Math.ceil(bar) };
  });
  // The bar grows when the viewport narrows; the padding catches up after the resize is observed.
  await expect.poll(measure, { timeout: 5000 }).toEqual({ pad: 16, scroll: 16 });
  await close(page);
});

test('closing the bar gives the page back its own inline padding on <html>', async () => {
  const page = await open({ htmlStyle: 'padding-bottom: 3rem; scroll-padding-bottom: 7px' });
  const pad = () => page.evaluate(() => {
    const s = document.documentElement.style;
    return [s.paddingBottom, s.scrollPaddingBottom, getComputedStyle(document.documentElement).paddingBottom];
  });
  expect((await pad())[0]).not.toBe('3rem');
  await page.locator('consent-banner [part~=reject]').click();
  await expect.poll(pad).toEqual(['3rem', '7px', '48px']);
  await close(page);
});

describe('looks and motion', () => {
  test('theme auto follows prefers-color-scheme', async () => {
    const bg = async (colorScheme: 'light' | 'dark') => {
      const page = await open({ context: { colorScheme } });
      const c = await page.locator('consent-banner [part~=banner]').evaluate((e) => getComputedStyle(e).backgroundColor);
      await close(page);
      return c;
    };
    expect(await bg('light')).toBe('rgb(255, 255, 255)');
    expect(await bg('dark')).toBe('rgb(29, 30, 34)');
  });

  test('theme light and theme dark win over prefers-color-scheme', async () => {
    const look = async (theme: 'light' | 'dark', colorScheme: 'light' | 'dark') => {
      const page = await open({ ui: { theme }, context: { colorScheme } });
      const c = await page.locator('consent-banner [part~=banner]').evaluate((e) => {
        const accept = e.querySelector('[part~=accept]')!;
        return [getComputedStyle(e).backgroundColor, getComputedStyle(accept).backgroundColor];
      });
      await close(page);
      return c;
    };
    expect(await look('light', 'dark')).toEqual(['rgb(255, 255, 255)', 'rgb(29, 79, 196)']);
    expect(await look('dark', 'light')).toEqual(['rgb(29, 30, 34)', 'rgb(155, 188, 255)']);
  });

  test('the bar slides in, unless reduced motion is asked for', async () => {
    // The animation the bar is given (its 0.25 s may be over before a loaded machine looks at getAnimations()).
    const animation = async (reducedMotion: 'reduce' | 'no-preference') => {
      const page = await open({ context: { reducedMotion } });
      const a = await page.locator('consent-banner [part~=banner]').evaluate((e) => { const s = getComputedStyle(e); return `${s.animationName} ${s.animationDuration}`; });
      await close(page);
      return a;
    };
    expect(await animation('no-preference')).toBe('cg-in 0.25s');
    expect(await animation('reduce')).toMatch(/^none /);
  });

  test('the box moves to the left corner for right-to-left text', async () => {
    const page = await open({ ui: { layout: 'box' }, lang: 'he' });
    const r = (await page.locator('consent-banner [part~=banner]').boundingBox())!;
    expect(r.x).toBeLessThan(40);
    await close(page);
  });

  test('placed by hand with attributes, the element uses them over the config', async () => {
    const page = await open({ body: '<consent-banner layout="box" theme="dark"></consent-banner>', ui: { layout: 'bar' } });
    const m = await page.evaluate(() => {
      const els = document.querySelectorAll('consent-banner');
      const layer = els[0]!.shadowRoot!.querySelector('[part~=banner]')!;
      return { count: els.length, box: layer.classList.contains('box'), bg: getComputedStyle(layer).backgroundColor };
    });
    expect(m).toEqual({ count: 1, box: true, bg: 'rgb(29, 30, 34)' });
    await close(page);
  });
});

describe('languages', () => {
  test('only the language in use is downloaded', async () => {
    const before = server.requests.length;
    const page = await open({ lang: 'pt-BR' });
    expect(await page.locator('consent-banner [part~=accept]').textContent()).toBe('Aceitar todos');
    expect(await page.locator('consent-banner [part=title]').textContent()).toBe('Sua privacidade');
    const i18n = server.requests.slice(before).filter((r) => r.includes('/i18n/'));
    expect(i18n).toEqual(['/dist/i18n/pt-BR.js']);
    await close(page);
  });

  test('English downloads no language file', async () => {
    const before = server.requests.length;
    const page = await open({ lang: 'en-US' });
    expect(server.requests.slice(before).filter((r) => r.includes('/i18n/'))).toEqual([]);
    await close(page);
  });
});

describe('placeholder', () => {
  test('axe finds nothing in a blocked embed placeholder beside the banner', async () => {
    const page = await open({ gate: true, body: '<iframe data-consent="marketing" data-src="/embed.html" title="Video: our newsroom" width="320" height="180"></iframe>' });
    await page.locator('.consent-placeholder button').first().waitFor();
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'placeholder.png') });
    await close(page);
  });
});
