// @vitest-environment happy-dom
// Placeholders in the page's language: the gate's `texts` loader is asked once per language,
// its texts replace the English ones in place, and the site's own `texts` always win.
// (Each test uses its own language: a loaded file is kept for the page's lifetime.)
import { afterEach, expect, test, vi } from 'vitest';
import { createConsent } from '../../src/consent/store';
import { memoryStorage } from '../../src/storage/memory';
import { gate } from '../../src/gate/index';
import { load } from '../../src/i18n/load';
import en from '../../src/i18n/en';
import { LANGS, type Loader, type Texts } from '../../src/i18n/index';
import type { ConsentConfig } from '../../src/core/types';

const store = (patch: Partial<ConsentConfig> = {}) => createConsent({
  categories: { necessary: { required: true }, marketing: { label: 'Marketing' } },
  ...patch,
}, { storage: memoryStorage() });
const tick = () => new Promise((r) => setTimeout(r, 0));
let stops: (() => void)[] = [];

afterEach(() => {
  for (const s of stops) s();
  stops = [];
  document.body.innerHTML = '';
  document.documentElement.lang = '';
});

/** Starts a gate on two blocked embeds; returns a loader spy whose files arrive on `release()`. */
async function page(lang: string, patch?: Partial<ConsentConfig>, fail = false) {
  document.documentElement.lang = lang;
  document.body.innerHTML = '<iframe title="Map" data-consent="marketing" data-src="https://maps.example/x" width="560" height="315"></iframe>'
    + '<video data-consent="marketing"></video>';
  let release!: () => void;
  const arrived = new Promise<void>((r) => { release = r; });
  const loader = vi.fn<Loader>(async (code) => { await arrived; if (fail) throw new Error('offline'); return load(code); });
  stops.push(gate(store(patch), { texts: loader }));
  // Both boxes filled (the gate works in time slices: on a busy machine the video's may come a task later).
  await vi.waitFor(() => expect(document.querySelectorAll('.consent-placeholder p')).toHaveLength(2));
  /** Lets the files arrive and waits until every load has settled and the texts are set. */
  const done = async () => { release(); await Promise.allSettled(loader.mock.results.map((r) => r.value)); await tick(); };
  return { loader, release: done };
}
const texts = () => Array.from(document.querySelectorAll('.consent-placeholder'), (ph) =>
  [ph.querySelector('p')!.textContent, ...Array.from(ph.querySelectorAll('button'), (b) => b.textContent)]);

test('on a German page the placeholders switch to German in place, with one load and focus kept', async () => {
  const { loader, release } = await page('de');
  expect(texts()[0]).toEqual(['Map is blocked until you allow Marketing.', 'Allow Marketing', 'Cookie preferences']);
  const allow = document.querySelector<HTMLButtonElement>('.consent-placeholder button')!;
  allow.focus();
  await release();
  expect(loader.mock.calls).toEqual([['de']]);
  expect(texts()).toEqual([
    ['Map ist blockiert, bis Sie Marketing erlauben.', 'Marketing erlauben', 'Cookie-Einstellungen'],
    ['Dieser Inhalt ist blockiert, bis Sie Marketing erlauben.', 'Marketing erlauben', 'Cookie-Einstellungen'],
  ]);
  // The same button, still focused, its accessible name (its text) now German.
  expect(document.querySelector('.consent-placeholder button')).toBe(allow);
  expect(document.activeElement).toBe(allow);
});

test('a placeholder added after the file arrived gets its texts too, with no new load', async () => {
  const { loader, release } = await page('it');
  await release();
  document.body.insertAdjacentHTML('beforeend', '<iframe data-consent="marketing" data-src="/late"></iframe>');
  await release();
  expect(texts()[2]).toEqual([`${location.host} è bloccato finché non consenti Marketing.`, 'Consenti Marketing', 'Preferenze cookie']);
  expect(loader).toHaveBeenCalledTimes(1);
});

test('the site\'s texts win over the language file, key by key', async () => {
  const { loader, release } = await page('fr-CA', { texts: { fr: { allow: 'Oui à {0}' } } });
  expect(texts()[0]![1]).toBe('Oui à Marketing');
  await release();
  expect(loader.mock.calls).toEqual([['fr']]);
  expect(texts()[0]).toEqual(['Map est bloqué tant que vous n’autorisez pas Marketing.', 'Oui à Marketing', 'Préférences de cookies']);
});

test('nothing is loaded when the site sets every placeholder text', async () => {
  const { loader, release } = await page('es', { texts: { es: { blocked: '{0}: falta {1}', allow: 'Sí a {0}', prefs: 'Ajustes', content: 'Esto' } } });
  await release();
  expect(loader).not.toHaveBeenCalled();
  expect(texts()[1]).toEqual(['Esto: falta Marketing', 'Sí a Marketing', 'Ajustes']);
});

test('nothing is loaded on an English page, a page without a language, or one in a language not built in', async () => {
  for (const lang of ['en', 'en-GB', '', 'xx-YY']) {
    const { loader, release } = await page(lang);
    await release();
    expect(loader, lang).not.toHaveBeenCalled();
    expect(texts()[0]![1]).toBe('Allow Marketing');
    for (const s of stops.splice(0)) s();
  }
});

test('the configured language wins over <html lang>, and regions fall back to the language', async () => {
  const a = await page('de', { language: 'pt-br' });
  await a.release();
  expect(a.loader.mock.calls).toEqual([['pt-BR']]);
  expect(texts()[0]![1]).toBe('Permitir Marketing');
  for (const s of stops.splice(0)) s();
  const b = await page('nl-BE');
  await b.release();
  expect(b.loader.mock.calls).toEqual([['nl']]);
  expect(texts()[0]![1]).toBe('Marketing toestaan');
});

test.each(['pt-BR', 'pt-br', 'PT-BR'])('the site\'s texts for pt-BR apply on a page in %s (codes match whatever their case)', async (lang) => {
  const { release } = await page(lang, { texts: { 'pt-BR': { allow: 'Liberar {0}', content: 'Este conteúdo' } } });
  await release();
  expect(texts()[1]).toEqual(['Este conteúdo está bloqueado até você permitir Marketing.', 'Liberar Marketing', 'Preferências de cookies']);
});

test('a failed load leaves English, and a later placeholder tries again', async () => {
  const { loader, release } = await page('sv', undefined, true);
  await release();
  expect(texts()[0]![1]).toBe('Allow Marketing');
  document.body.insertAdjacentHTML('beforeend', '<iframe data-consent="marketing" data-src="/late"></iframe>');
  await vi.waitFor(() => expect(document.querySelectorAll('.consent-placeholder p')).toHaveLength(3));
  expect(loader).toHaveBeenCalledTimes(2);
});

test('every language has the placeholder texts, with the values they insert', async () => {
  for (const code of LANGS) {
    const t: Partial<Texts> = code === 'en' ? en : await load(code);
    expect(t.blocked, code).toMatch(/\{0\}.*\{1\}|\{1\}.*\{0\}/s);
    expect(t.allow, code).toContain('{0}');
    expect(t.content, code).toBeTruthy();
    expect(t.allow!.length, code).toBeLessThan(30);
  }
});
