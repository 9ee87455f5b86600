// @vitest-environment happy-dom
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import '../../src/banner';
import { ConsentBanner, loadPrefs } from '../../src/banner/consent-banner.component';
import { createConsent } from '../../src/consent/store';
import { parseConfig } from '../../src/consent/config';
import { memoryStorage } from '../../src/storage/memory';
import { gate } from '../../src/gate/index';
import type { Consent, ConsentConfig } from '../../src/core/types';

const base: ConsentConfig = {
  policies: {
    privacy: { version: '1', url: '/privacy', label: 'Privacy Policy' },
    terms: { version: '3', url: '/terms', label: 'Terms of Use' },
  },
  categories: {
    necessary: { required: true, label: 'Necessary' },
    analytics: { label: 'Analytics', description: 'Counts visits.', cookieTable: [{ name: '_ga', purpose: 'Visitor id', duration: '2 years' }] },
    marketing: { label: 'Marketing' },
  },
  gpc: false,
};

let consent: Consent;
let el: ConsentBanner;

const $ = <T extends Element = HTMLElement>(sel: string) => el.shadowRoot!.querySelector<T>(sel);
const $$ = (sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const text = (sel: string) => $(sel)?.textContent?.replace(/\s+/g, ' ').trim();
const settle = async () => { for (let i = 0; i < 3; i++) { await el.updateComplete; await new Promise((r) => setTimeout(r, 0)); } };

async function mount(config: ConsentConfig = base, storage = memoryStorage()) {
  consent = createConsent(config, { storage });
  el = document.createElement('consent-banner');
  document.body.append(el);
  el.consent = consent;
  await settle();
  return el;
}

// The dialog is a module of its own, rendered once it has arrived; here it is there from the start
// (tests/browser/banner-prefs.test.ts covers opening it before it has arrived).
beforeAll(() => loadPrefs());
beforeEach(() => { document.documentElement.lang = 'en'; });
afterEach(() => { el?.remove(); consent?.destroy(); document.body.innerHTML = ''; });

describe('first layer', () => {
  test('shows itself when no decision is stored', async () => {
    await mount();
    expect(consent.view).toBe('banner');
    expect($('[part~=banner]')).not.toBeNull();
    expect(text('[part=title]')).toBe('Your privacy');
  });

  test('builds the first layer once when given its store before it is placed, as the drop-in does', async () => {
    const drawn = vi.spyOn(ConsentBanner.prototype as unknown as { _banner(): unknown }, '_banner');
    consent = createConsent(base, { storage: memoryStorage() });
    el = document.createElement('consent-banner');
    el.consent = consent;
    document.body.prepend(el);
    await settle();
    expect([el.layout, el.theme, $('[part~=banner]') !== null]).toEqual(['bar', 'auto', true]);
    expect(drawn).toHaveBeenCalledTimes(1);
    drawn.mockRestore();
  });

  test('offers Accept all, Reject all and Customize as buttons of one kind', async () => {
    await mount();
    const buttons = $$('[part~=banner] button');
    expect(buttons.map((b) => b.textContent?.trim())).toEqual(['Accept all', 'Reject all', 'Customize']);
    expect(buttons.every((b) => b.getAttribute('part')?.startsWith('button '))).toBe(true);
  });

  test('links each policy', async () => {
    await mount();
    expect($$('[part=link]').map((a) => [a.textContent, a.getAttribute('href')])).toEqual([['Privacy Policy', '/privacy'], ['Terms of Use', '/terms']]);
  });

  test('stays hidden when a decision is stored', async () => {
    const storage = memoryStorage();
    createConsent(base, { storage }).rejectAll('banner');
    await mount(base, storage);
    expect(consent.view).toBeNull();
    expect($('[part~=banner]')).toBeNull();
  });

  test('Accept all records every category from the banner and hides', async () => {
    await mount();
    $<HTMLButtonElement>('[part~=accept]')!.click();
    await settle();
    expect(consent.get()).toMatchObject({ decided: true, source: 'banner', categories: { analytics: true, marketing: true } });
    expect($('[part~=banner]')).toBeNull();
  });

  test('Reject all refuses every optional category', async () => {
    await mount();
    $<HTMLButtonElement>('[part~=reject]')!.click();
    await settle();
    expect(consent.get()).toMatchObject({ decided: true, source: 'banner', categories: { necessary: true, analytics: false, marketing: false } });
  });

  test('names the documents that were revised', async () => {
    const storage = memoryStorage();
    createConsent(base, { storage }).acceptAll('banner');
    await mount({ ...base, policies: { ...base.policies, terms: { version: '4', url: '/terms', label: 'Terms of Use' } } }, storage);
    expect(consent.view).toBe('banner');
    expect(text('[part=revised]')).toBe('We have updated our Terms of Use. Please review your choice.');
  });

  test('says when Global Privacy Control was honoured', async () => {
    Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true });
    try {
      await mount({ ...base, gpc: true });
      expect(text('[part=gpc]')).toBe('Your opt-out preference signal was honoured.');
    } finally {
      delete (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl;
    }
  });

  test('says nothing of GPC without the signal', async () => {
    await mount({ ...base, gpc: true });
    expect($('[part=gpc]')).toBeNull();
  });
});

describe('notice mode', () => {
  test('shows the classic text with links and a single I agree', async () => {
    await mount({ ...base, mode: 'notice' });
    expect(text('[part=text]')).toBe('By continuing to browse our site you agree to our use of cookies, Privacy Policy and Terms of Use. You can change your cookie settings at any time.');
    expect($$('[part=text] a').map((a) => a.getAttribute('href'))).toEqual(['/privacy', '/terms']);
    expect($$('[part~=banner] button').map((b) => b.textContent?.trim())).toEqual(['I agree']);
  });

  test('I agree records agreement to the current policy versions', async () => {
    await mount({ ...base, mode: 'notice' });
    $<HTMLButtonElement>('[part~=agree]')!.click();
    await settle();
    expect(consent.get()).toMatchObject({ decided: true, source: 'banner', policies: { privacy: '1', terms: '3' } });
  });
});

describe('preferences dialog', () => {
  async function openPrefs(config: ConsentConfig = base) {
    await mount(config);
    const customize = $<HTMLButtonElement>('[part~=customize]')!;
    customize.focus();
    customize.click();
    await settle();
    return $<HTMLDialogElement>('dialog[part=dialog]')!;
  }

  test('Customize opens a modal dialog labelled by its title', async () => {
    const d = await openPrefs();
    expect(consent.view).toBe('preferences');
    expect(d.open).toBe(true);
    expect(el.shadowRoot!.getElementById(d.getAttribute('aria-labelledby')!)?.textContent).toBe('Cookie preferences');
  });

  test('moves focus into the dialog', async () => {
    await openPrefs();
    expect(el.shadowRoot!.activeElement?.id).toBe('pt');
  });

  test('shows required categories on and locked, nothing else ticked', async () => {
    await openPrefs();
    const sw = $$('[part=switch]') as HTMLInputElement[];
    expect(sw.map((s) => [s.checked, s.disabled])).toEqual([[true, true], [false, false], [false, false]]);
    expect(sw.every((s) => s.getAttribute('role') === 'switch' && s.closest('label'))).toBe(true);
    expect(text('[part=required]')).toBe('Always on');
  });

  test('describes each switch and lists its cookies', async () => {
    await openPrefs();
    const sw = $$('[part=switch]')[1]!;
    expect(el.shadowRoot!.getElementById(sw.getAttribute('aria-describedby')!)?.textContent).toBe('Counts visits.');
    expect($$('[part=table] td').map((td) => td.textContent)).toEqual(['_ga', 'Visitor id', '2 years']);
    expect($$('[part=table] th').map((th) => th.textContent)).toEqual(['Name', 'Purpose', 'Duration']);
  });

  test('adds a Provider column when a row names one (as consent-gate scan writes them), as text', async () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    await openPrefs({ ...base, categories: { ...base.categories, marketing: { label: 'Marketing', cookieTable: [
      { name: '_fbp', purpose: 'Ads', duration: '3 months', provider: 'Meta Pixel' }, { name: 'own', purpose: 'Ours' }, { name: 'x', provider: evil },
    ] } } });
    const tables = $$('[part=table]');
    expect([...tables[0]!.querySelectorAll('th')].map((th) => th.textContent)).toEqual(['Name', 'Purpose', 'Duration']);
    expect([...tables[1]!.querySelectorAll('th')].map((th) => [th.textContent, th.getAttribute('scope')])).toEqual([['Name', 'col'], ['Purpose', 'col'], ['Duration', 'col'], ['Provider', 'col']]);
    expect([...tables[1]!.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))).toEqual([
      ['_fbp', 'Ads', '3 months', 'Meta Pixel'], ['own', 'Ours', '', ''], ['x', '', '', evil],
    ]);
    expect(el.shadowRoot!.querySelector('img')).toBeNull();
  });

  test('the site\'s texts can rename the Provider heading (the language files: tests/browser/banner-prefs.test.ts)', async () => {
    const config = { ...base, categories: { ...base.categories, analytics: { label: 'Analytics', cookieTable: [{ name: '_ga', provider: 'Google Analytics' }] } } };
    await openPrefs({ ...config, texts: { en: { provider: 'Set by' } } });
    expect($$('[part=table] th').map((th) => th.textContent)).toEqual(['Name', 'Purpose', 'Duration', 'Set by']);
  });

  test('saves the switches as they are', async () => {
    await openPrefs();
    const sw = $$('[part=switch]')[1] as HTMLInputElement;
    sw.click();
    $<HTMLButtonElement>('[part~=save]')!.click();
    await settle();
    expect(consent.get()).toMatchObject({ source: 'preferences', categories: { analytics: true, marketing: false } });
    expect($('dialog')).toBeNull();
  });

  test('offers Save choices, Accept all and Reject all', async () => {
    await openPrefs();
    expect($$('dialog [part=buttons] button').map((b) => b.textContent?.trim())).toEqual(['Save choices', 'Accept all', 'Reject all']);
  });

  test('the close button records nothing and returns to the first layer', async () => {
    const d = await openPrefs();
    ($$('[part=switch]')[1] as HTMLInputElement).click();
    d.querySelector<HTMLButtonElement>('[part=close]')!.click();
    await settle();
    expect(consent.get().decided).toBe(false);
    expect(consent.view).toBe('banner');
    expect($('dialog')).toBeNull();
    expect(el.shadowRoot!.activeElement?.textContent).toBe('Customize');
  });

  test('reopened, it shows the current decision', async () => {
    await mount();
    consent.save({ marketing: true }, 'api');
    consent.showPreferences();
    await settle();
    expect(($$('[part=switch]') as HTMLInputElement[]).map((s) => s.checked)).toEqual([true, false, true]);
  });

  test('after a policy revision in opt-out mode, it shows the old refusals (issue 10)', async () => {
    const storage = memoryStorage();
    createConsent({ ...base, mode: 'opt-out' }, { storage }).save({ marketing: true });
    await mount({ ...base, mode: 'opt-out', policies: { privacy: { version: '2' } } }, storage);
    consent.showPreferences();
    await settle();
    expect(($$('[part=switch]') as HTMLInputElement[]).map((s) => s.checked)).toEqual([true, false, true]);
  });

  test('opens from any data-consent-open element and gives focus back to it', async () => {
    const storage = memoryStorage();
    createConsent(base, { storage }).rejectAll('banner');
    await mount(base, storage);
    const link = Object.assign(document.createElement('a'), { href: '#', textContent: 'Cookie settings' });
    link.setAttribute('data-consent-open', '');
    document.body.append(link);
    link.focus();
    link.click();
    await settle();
    expect(consent.view).toBe('preferences');
    $<HTMLButtonElement>('[part=close]')!.click();
    await settle();
    expect(consent.view).toBeNull();
    expect(document.activeElement).toBe(link);
  });
});

describe('page actions', () => {
  test('data-consent-action works with the banner alone (one listener for the gate and the banner)', async () => {
    await mount();
    const b = document.createElement('button');
    b.setAttribute('data-consent-action', 'reject-all');
    document.body.append(b);
    b.click();
    await settle();
    expect(consent.get()).toMatchObject({ decided: true, source: 'action', categories: { analytics: false } });
  });

  test('with the gate and the banner both listening, a click records one decision', async () => {
    await mount({ ...base, actionScope: 'body' });
    const stop = gate(consent);
    const seen: unknown[] = [];
    const off = consent.listen((s) => seen.push(s));
    const b = document.createElement('button');
    b.setAttribute('data-consent-action', 'accept-all');
    document.body.append(b);
    b.click();
    await settle();
    expect(seen).toHaveLength(1);
    off();
    stop();
  });
});

describe('floating button', () => {
  test('is off by default', async () => {
    await mount();
    consent.rejectAll('api');
    await settle();
    expect($('[part=floating]')).toBeNull();
  });

  test('when enabled, reopens the preferences and has an accessible name', async () => {
    await mount({ ...base, ui: { floatingButton: true } });
    consent.rejectAll('api');
    await settle();
    const fab = $<HTMLButtonElement>('[part=floating]')!;
    expect(fab.getAttribute('aria-label')).toBe('Cookie settings');
    fab.click();
    await settle();
    expect(consent.view).toBe('preferences');
  });
});

describe('events', () => {
  test('fires composed, bubbling show and hide events', async () => {
    const seen: string[] = [];
    const onShow = (e: CustomEvent<{ view: string }>) => { if (e.bubbles && e.composed) seen.push(`show:${e.detail.view}`); };
    const onHide = (e: CustomEvent<{ view: string }>) => { if (e.bubbles && e.composed) seen.push(`hide:${e.detail.view}`); };
    document.addEventListener('consent-banner-show', onShow);
    document.addEventListener('consent-banner-hide', onHide);
    try {
      await mount();
      consent.showPreferences();
      await settle();
      consent.rejectAll('preferences');
      await settle();
    } finally {
      document.removeEventListener('consent-banner-show', onShow);
      document.removeEventListener('consent-banner-hide', onHide);
    }
    expect(seen).toEqual(['show:banner', 'hide:banner', 'show:preferences', 'hide:preferences']);
  });
});

describe('configuration', () => {
  test('takes layout and theme from the config, reflected as attributes', async () => {
    await mount({ ...base, ui: { layout: 'box', theme: 'dark' } });
    expect([el.getAttribute('layout'), el.getAttribute('theme')]).toEqual(['box', 'dark']);
    expect($('[part~=banner]')!.classList.contains('box')).toBe(true);
  });

  test('the modal layout makes the first layer a modal dialog', async () => {
    await mount({ ...base, ui: { layout: 'modal' } });
    const d = $<HTMLDialogElement>('dialog[part=banner]')!;
    expect(d.open).toBe(true);
    expect(d.getAttribute('aria-labelledby')).toBe('t');
  });

  test('texts overrides any string', async () => {
    await mount({ ...base, texts: { en: { accept: 'Allow all', title: 'Cookies here' } } });
    expect(text('[part~=accept]')).toBe('Allow all');
    expect(text('[part=title]')).toBe('Cookies here');
  });

  test('config text is rendered as text, never as HTML', async () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    await mount({ ...base, categories: { ...base.categories, analytics: { label: evil, description: evil } }, texts: { en: { body: evil } } });
    consent.showPreferences();
    await settle();
    expect(el.shadowRoot!.querySelector('img')).toBeNull();
    expect(text('[part=text]')).toBe(evil);
    expect($$('label span:not([part])')[1]!.textContent).toBe(evil);
  });

  test('a policy URL that is not http(s) never becomes a link', async () => {
    const parsed = parseConfig(base);
    const config = { ...parsed, policies: [{ id: 'privacy', version: '1', url: 'javascript:alert(1)', label: 'Privacy Policy' }] };
    consent = createConsent(config, { storage: memoryStorage() });
    el = document.createElement('consent-banner');
    document.body.append(el);
    el.consent = consent;
    await settle();
    expect(el.shadowRoot!.querySelector('a')).toBeNull();
  });

  test('a new store replaces the old one', async () => {
    await mount();
    const first = consent;
    const second = createConsent(base, { storage: memoryStorage() });
    el.consent = second;
    await settle();
    first.showPreferences();
    await settle();
    expect($('dialog')).toBeNull();
    second.showPreferences();
    await settle();
    expect($('dialog')).not.toBeNull();
    second.destroy();
  });

  test('stops listening when removed from the page', async () => {
    await mount();
    const listener = vi.fn();
    el.addEventListener('consent-banner-show', listener);
    el.remove();
    consent.showPreferences();
    await settle();
    expect(listener).not.toHaveBeenCalled();
  });
});
