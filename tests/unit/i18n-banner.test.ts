// @vitest-environment happy-dom
import { afterEach, expect, test, vi } from 'vitest';
import { ConsentBanner } from '../../src/banner';
import { createConsent } from '../../src/consent/store';
import { memoryStorage } from '../../src/storage/memory';
import type { ConsentConfig } from '../../src/core/types';

const config: ConsentConfig = { categories: { analytics: { label: 'Analytics' } }, policies: { privacy: { version: '1', url: '/p', label: 'Privacy' } }, gpc: false };

async function mount(cfg: ConsentConfig = config) {
  const el = document.createElement('consent-banner');
  document.body.append(el);
  el.consent = createConsent(cfg, { storage: memoryStorage() });
  // The first layer renders once its language is in (a module import: not a fixed number of ticks).
  await vi.waitFor(() => { if (!el.shadowRoot!.querySelector('[part~=banner] button')) throw new Error('not rendered yet'); }, { timeout: 5000 });
  return el;
}
const buttons = (el: HTMLElement) => [...el.shadowRoot!.querySelectorAll('[part~=banner] button')].map((b) => b.textContent?.trim());
const original = ConsentBanner.loader;
afterEach(() => { ConsentBanner.loader = original; document.body.innerHTML = ''; document.documentElement.lang = ''; });

test('speaks the page language and loads only that language', async () => {
  document.documentElement.lang = 'de-DE';
  const loader = vi.fn(original!);
  ConsentBanner.loader = loader;
  const el = await mount();
  expect(loader.mock.calls).toEqual([['de']]);
  expect(buttons(el)).toEqual(['Alle akzeptieren', 'Alle ablehnen', 'Anpassen']);
  expect(el.shadowRoot!.querySelector('[part=root]')!.getAttribute('lang')).toBe('de');
});

test('English needs no download', async () => {
  document.documentElement.lang = 'en-GB';
  const loader = vi.fn(original!);
  ConsentBanner.loader = loader;
  const el = await mount();
  expect(loader).not.toHaveBeenCalled();
  expect(buttons(el)).toEqual(['Accept all', 'Reject all', 'Customize']);
});

test('Arabic and Hebrew are laid out right to left', async () => {
  for (const lang of ['ar', 'he']) {
    document.documentElement.lang = lang;
    const el = await mount();
    expect(el.shadowRoot!.querySelector('[part=root]')!.getAttribute('dir')).toBe('rtl');
    el.remove();
  }
});

test('falls back to English when a language file fails to load', async () => {
  document.documentElement.lang = 'fr';
  ConsentBanner.loader = () => Promise.reject(new Error('offline'));
  const el = await mount();
  expect(buttons(el)).toEqual(['Accept all', 'Reject all', 'Customize']);
  expect(el.shadowRoot!.querySelector('[part=root]')!.getAttribute('lang')).toBe('en');
});

test('the language attribute and the config override the page', async () => {
  document.documentElement.lang = 'de';
  const el = await mount({ ...config, language: 'it' });
  expect(buttons(el)[0]).toBe('Accetta tutti');
  el.language = 'pl';
  await vi.waitFor(() => expect(buttons(el)[0]).toBe('Akceptuj wszystkie'), { timeout: 5000 });
});

test('texts overrides apply on top of a built-in language', async () => {
  document.documentElement.lang = 'fr';
  const el = await mount({ ...config, texts: { fr: { accept: 'Oui à tout' } } });
  expect(buttons(el)).toEqual(['Oui à tout', 'Tout refuser', 'Personnaliser']);
});

test('a language only the site supplies is used with English for missing keys', async () => {
  document.documentElement.lang = 'cy';
  const loader = vi.fn(original!);
  ConsentBanner.loader = loader;
  const el = await mount({ ...config, texts: { cy: { accept: 'Derbyn y cyfan' } } });
  expect(loader).not.toHaveBeenCalled();
  expect(buttons(el)).toEqual(['Derbyn y cyfan', 'Reject all', 'Customize']);
});

test('lists the documents in the notice with the language conjunction', async () => {
  document.documentElement.lang = 'de';
  const el = await mount({ ...config, mode: 'notice', policies: { privacy: { version: '1', url: '/p', label: 'Datenschutzerklärung' }, terms: { version: '1', url: '/t', label: 'Nutzungsbedingungen' } } });
  expect(el.shadowRoot!.querySelector('[part=text]')!.textContent).toContain('Dokumenten zu: Datenschutzerklärung und Nutzungsbedingungen.');
});

test.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('<html lang="%s"> (an Object.prototype name) still shows the banner, in English', async (lang) => {
  document.documentElement.lang = lang;
  const el = await mount();
  expect(buttons(el)).toEqual(['Accept all', 'Reject all', 'Customize']);
  expect(el.shadowRoot!.querySelector('[part=root]')!.getAttribute('lang')).toBe('en');
});

test('a language="constructor" attribute does not stop the banner either', async () => {
  const el = document.createElement('consent-banner');
  el.setAttribute('language', 'constructor');
  document.body.append(el);
  el.consent = createConsent(config, { storage: memoryStorage() });
  await vi.waitFor(() => { if (!el.shadowRoot!.querySelector('[part~=banner] button')) throw new Error('not rendered yet'); }, { timeout: 5000 });
  expect(buttons(el)).toEqual(['Accept all', 'Reject all', 'Customize']);
});

test('the site\'s texts for a mixed-case code (pt-BR) reach the banner', async () => {
  document.documentElement.lang = 'pt-BR';
  ConsentBanner.loader = async () => ({});
  const el = await mount({ ...config, texts: { 'pt-BR': { accept: 'Aceitar tudo' } } });
  expect(buttons(el)[0]).toBe('Aceitar tudo');
});
