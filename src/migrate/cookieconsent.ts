/**
 * vanilla-cookieconsent (v3) → consent-gate: categories (readOnly → required), the cookies
 * `autoClear` and services erase, the first texts, `revision` → the version of policy `privacy`,
 * `mode`, the cookie's place and lifetime, the layout. Their `data-category="x"` becomes our
 * `data-consent="x"`.
 */
import type { CategoryConfig, ConsentConfig } from '../core/types.js';
import { addAll, isObj, plain, toId, toPattern, type Migration } from './shared.js';

/** Their texts → ours (first layer and preferences dialog). */
const TEXTS: [string, string, string][] = [
  ['consentModal', 'title', 'title'], ['consentModal', 'description', 'body'], ['consentModal', 'acceptAllBtn', 'accept'],
  ['consentModal', 'acceptNecessaryBtn', 'reject'], ['consentModal', 'showPreferencesBtn', 'custom'],
  ['preferencesModal', 'title', 'prefs'], ['preferencesModal', 'savePreferencesBtn', 'save'], ['preferencesModal', 'closeIconLabel', 'close'],
];

/** Is this a vanilla-cookieconsent config (v3: `categories` of objects, `language.translations`; v2: `languages`)? */
export const isCookieConsent = (c: Record<string, unknown>) => isObj(c.categories) || isObj(c.language) || isObj(c.gui_options) || isObj(c.guiOptions) || isObj(c.languages);

export function fromCookieConsent(c: Record<string, unknown>, notes: string[]): Migration {
  const config: ConsentConfig & { categories: Record<string, CategoryConfig> } = { categories: {} };
  const consent: Record<string, string> = {};
  if (isObj(c.languages) || isObj(c.gui_options)) notes.push('this looks like a vanilla-cookieconsent v2 config: only its v3 fields are read (see their v2 → v3 guide)');
  const ids = new Map<string, string>();
  for (const [name, raw] of Object.entries(isObj(c.categories) ? c.categories : {})) {
    const cat = isObj(raw) ? raw : {};
    const id = toId(name);
    if (id !== name) notes.push(`categories.${name}: renamed to ${id} (ids are a letter, then letters, digits, _ or -)`);
    ids.set(name, id);
    consent[name] = id;
    const out: CategoryConfig = {};
    if (cat.readOnly === true) out.required = true;
    else if (cat.enabled === true) notes.push(`categories.${name}.enabled: not carried over (nothing is pre-ticked: the visitor must say yes)`);
    const cookies: string[] = [];
    const clear = isObj(cat.autoClear) ? cat.autoClear : {};
    for (const [i, ck] of (Array.isArray(clear.cookies) ? clear.cookies : []).entries()) {
      const p = toPattern(isObj(ck) ? ck.name : ck);
      if (p) addAll(cookies, [p]);
      if (isObj(ck) && (ck.domain || ck.path)) notes.push(`categories.${name}.autoClear.cookies[${i}]: its path/domain are not needed (each cookie is erased on every path and parent domain)`);
    }
    if (clear.reloadPage === true) notes.push(`categories.${name}.autoClear.reloadPage: the page reloads after a withdrawal by default (reloadOnWithdraw)`);
    for (const [svc, s] of Object.entries(isObj(cat.services) ? cat.services : {})) {
      for (const ck of isObj(s) && Array.isArray(s.cookies) ? s.cookies : []) { const p = toPattern(isObj(ck) ? ck.name : ck); if (p) addAll(cookies, [p]); }
      notes.push(`categories.${name}.services.${svc}: part of category ${id} (no toggle of its own); its data-service markup is gated by data-consent="${id}"`);
    }
    if (cookies.length) out.cookies = cookies;
    config.categories[id] = out;
  }
  if (!Object.values(config.categories).some((x) => !x.required)) notes.push('categories: no optional category was found');

  if (c.mode === 'opt-in' || c.mode === 'opt-out') config.mode = c.mode;
  if (typeof c.revision === 'number' || typeof c.revision === 'string') {
    config.policies = { privacy: { version: String(c.revision), label: 'Privacy Policy' } };
    notes.push('revision: became policies.privacy.version (a new version asks every visitor again, as revision did); add policies.privacy.url');
  }
  const ck = isObj(c.cookie) ? c.cookie : {};
  config.cookie = {};
  if (typeof ck.domain === 'string') config.cookie.domain = ck.domain;
  if (typeof ck.path === 'string') config.cookie.path = ck.path;
  if (ck.sameSite === 'Lax' || ck.sameSite === 'Strict' || ck.sameSite === 'None') config.cookie.sameSite = ck.sameSite;
  if (typeof ck.name === 'string') notes.push(`cookie.name: not reused (${ck.name} holds their format): decisions made before are not carried over; visitors are asked once more`);
  if (typeof ck.expiresAfterDays === 'number') {
    config.expiry = { acceptDays: Math.min(ck.expiresAfterDays, 3650) };
    if (ck.expiresAfterDays < 182) config.expiry.rejectDays = ck.expiresAfterDays;
  }
  if (ck.useLocalStorage === true) notes.push('cookie.useLocalStorage: the decision is kept in a cookie (servers can read it); localStorage is used only when cookies are blocked');

  const gui = isObj(c.guiOptions) ? c.guiOptions : {};
  const modal = isObj(gui.consentModal) ? gui.consentModal : {};
  const layout = String(modal.layout ?? '');
  const position = String(modal.position ?? '');
  const ui: NonNullable<ConsentConfig['ui']> = {};
  if (c.disablePageInteraction === true) ui.layout = 'modal';
  else if (/^bar/.test(layout)) ui.layout = /top/.test(position) ? 'bar-top' : 'bar';
  else if (/^(box|cloud)/.test(layout)) ui.layout = 'box';
  if (layout && !/^(box|bar)$/.test(layout.split(' ')[0]!) || /inline|wide/.test(layout) || position) notes.push(`guiOptions.consentModal: layout "${layout}"${position ? `, position "${position}"` : ''} became ui.layout "${ui.layout ?? 'bar'}" (placement and size: CSS custom properties)`);
  if (Object.keys(ui).length) config.ui = ui;

  const lang = isObj(c.language) ? c.language : {};
  if (lang.autoDetect === 'document' || lang.autoDetect === 'browser') config.language = 'auto';
  else if (typeof lang.default === 'string') config.language = lang.default;
  const texts: Record<string, Record<string, string>> = {};
  for (const [code, t] of Object.entries(isObj(lang.translations) ? lang.translations : {})) {
    if (!isObj(t)) { notes.push(`language.translations.${code}: loaded from a URL or a function: not carried over (copy its texts into texts.${code})`); continue; }
    const out: Record<string, string> = {};
    for (const [layer, key, ours] of TEXTS) {
      const v = plain((isObj(t[layer]) ? t[layer] : {})[key], `language.translations.${code}.${layer}.${key}`, notes);
      if (v) out[ours] = v;
    }
    const pm = isObj(t.preferencesModal) ? t.preferencesModal : {};
    for (const [i, s] of (Array.isArray(pm.sections) ? pm.sections : []).entries()) {
      if (!isObj(s)) continue;
      const id = typeof s.linkedCategory === 'string' ? ids.get(s.linkedCategory) : undefined;
      const cat = id ? config.categories[id] : undefined;
      const title = plain(s.title, `language.translations.${code}.preferencesModal.sections[${i}].title`, notes);
      const description = plain(s.description, `language.translations.${code}.preferencesModal.sections[${i}].description`, notes);
      // Labels and descriptions in the default language go on the category; other languages are not per-category texts here.
      if (cat && (code === config.language || code === lang.default || !cat.label)) {
        if (title) cat.label = title;
        if (description) cat.description = description;
      } else if (!cat && i === 0 && description) out.intro = description;
      else if (!cat && (title || description)) notes.push(`language.translations.${code}.preferencesModal.sections[${i}]: a section of free text is not carried over (put it in your privacy policy)`);
    }
    if (Object.keys(out).length) texts[code.toLowerCase()] = out;
  }
  if (Object.keys(texts).length) config.texts = texts;
  if (Object.keys(config.cookie).length === 0) delete config.cookie;
  return { from: 'vanilla-cookieconsent', config, notes, markup: { attribute: 'data-category', consent } };
}
