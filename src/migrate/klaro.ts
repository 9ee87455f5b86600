/**
 * Klaro → consent-gate. Klaro asks per service, grouped by purpose; consent-gate asks per
 * category. Each purpose becomes a category; a service is gated by every purpose it names (a
 * script runs only when all are granted: never more than the visitor allowed); services marked
 * `required` go to a required category `necessary`. Their cookies to erase, purpose titles, the
 * first texts and the privacy policy's URL carry over. `data-name="service"` becomes
 * `data-consent="<its categories>"`.
 */
import type { CategoryConfig, ConsentConfig } from '../core/types.js';
import { isObj, plain, toId, toPattern, type Migration } from './shared.js';

/** Their texts → ours. */
const TEXTS: [string[], string][] = [
  [['consentNotice', 'title'], 'title'], [['consentNotice', 'description'], 'body'], [['ok'], 'accept'], [['acceptAll'], 'accept'],
  [['decline'], 'reject'], [['consentNotice', 'learnMore'], 'custom'], [['consentModal', 'title'], 'prefs'],
  [['consentModal', 'description'], 'intro'], [['acceptSelected'], 'save'], [['close'], 'close'],
];

export const isKlaro = (c: Record<string, unknown>) => Array.isArray(c.services) || Array.isArray(c.apps);

export function fromKlaro(c: Record<string, unknown>, notes: string[]): Migration {
  const config: ConsentConfig & { categories: Record<string, CategoryConfig> } = { categories: {} };
  const consent: Record<string, string> = {};
  const key = Array.isArray(c.services) ? 'services' : 'apps';
  const services = (c[key] as unknown[]).filter(isObj);
  const translations = isObj(c.translations) ? c.translations : {};
  const lang = typeof c.lang === 'string' ? c.lang : translations.en ? 'en' : Object.keys(translations).find((l) => l !== 'zz') ?? 'en';
  const t = (code: string) => (isObj(translations[code]) ? translations[code] : {}) as Record<string, unknown>;
  const purposeText = (p: string, code: string) => { const v = (isObj(t(code).purposes) ? t(code).purposes as Record<string, unknown> : {})[p]; return isObj(v) ? v : { title: v }; };

  const ensure = (id: string, required = false) => (config.categories[id] ??= required ? { required: true, label: 'Necessary' } : {});
  const members = new Map<string, string[]>();
  for (const [i, s] of services.entries()) {
    const name = String(s.name ?? `service${i}`);
    const at = `${key}[${i}] (${name})`;
    let ids: string[];
    if (s.required === true) {
      ensure('necessary', true);
      ids = ['necessary'];
    } else {
      const purposes = (Array.isArray(s.purposes) ? s.purposes : []).filter((p): p is string => typeof p === 'string');
      ids = (purposes.length ? purposes : [name]).map(toId);
      for (const id of ids) ensure(id);
      if (ids.length > 1) notes.push(`${at}: in ${ids.length} purposes: runs only when all of ${ids.join(', ')} are granted`);
      if (s.default === true || (s.default === undefined && c.default === true)) notes.push(`${at}.default: not carried over (nothing is pre-ticked: the visitor must say yes)`);
      if (s.optOut === true) notes.push(`${at}.optOut: not carried over (it would run before consent; mode "opt-out" does this for every category, where the law allows it)`);
    }
    consent[name] = ids.join(' ');
    for (const id of ids) (members.get(id) ?? members.set(id, []).get(id)!).push(String(plain(t(lang)[name] && isObj(t(lang)[name]) ? (t(lang)[name] as Record<string, unknown>).title : undefined, `translations.${lang}.${name}.title`, notes) ?? s.title ?? name));
    const cookies = (Array.isArray(s.cookies) ? s.cookies : []).map((ck) => toPattern(Array.isArray(ck) ? ck[0] : ck)).filter((x): x is string => !!x);
    if ((Array.isArray(s.cookies) ? s.cookies : []).some(Array.isArray)) notes.push(`${at}.cookies: path and domain of [pattern, path, domain] entries are not needed (each cookie is erased on every path and parent domain)`);
    if (cookies.length) { const cat = config.categories[ids[0]!]!; cat.cookies = [...new Set([...(cat.cookies ?? []), ...cookies])]; }
    if (s.contextualConsentOnly === true) notes.push(`${at}.contextualConsentOnly: not carried over (iframes and videos gated with data-consent get a placeholder that asks in place)`);
    if (s.onlyOnce === true) notes.push(`${at}.onlyOnce: scripts run once per page view already`);
  }
  // Labels and descriptions: the purpose's title, else its services' names.
  for (const [id, cat] of Object.entries(config.categories)) {
    if (cat.required) { cat.description = `${members.get(id)?.join(', ') ?? ''}`.trim() || undefined; if (!cat.description) delete cat.description; continue; }
    const p = purposeText(id, lang);
    cat.label = plain(p.title, `translations.${lang}.purposes.${id}`, notes) ?? id.charAt(0).toUpperCase() + id.slice(1);
    cat.description = plain(p.description, `translations.${lang}.purposes.${id}.description`, notes) ?? `Services: ${members.get(id)?.join(', ')}.`;
  }

  config.language = typeof c.lang === 'string' ? c.lang : 'auto';
  const texts: Record<string, Record<string, string>> = {};
  for (const code of Object.keys(translations)) {
    if (code === 'zz') continue;
    const out: Record<string, string> = {};
    for (const [path, ours] of TEXTS) {
      let v: unknown = t(code);
      for (const k of path) v = isObj(v) ? v[k] : undefined;
      const text = plain(v, `translations.${code}.${path.join('.')}`, notes);
      if (text) out[ours] = text;
    }
    if (Object.keys(out).length) texts[code.toLowerCase()] = out;
  }
  if (Object.keys(texts).length) config.texts = texts;

  // The privacy policy's URL: privacyPolicy (a URL, or one per language), or translations.*.privacyPolicyUrl.
  const pp = c.privacyPolicy;
  const url = typeof pp === 'string' ? pp : isObj(pp) ? (pp[lang] ?? pp.default) : t(lang).privacyPolicyUrl ?? t('zz').privacyPolicyUrl;
  if (typeof url === 'string') config.policies = { privacy: { version: '1', url, label: 'Privacy Policy' } };
  if (typeof url === 'string') notes.push('policies.privacy.version: set to "1" (Klaro has no revision; raise it when the policy changes and every visitor is asked again)');

  config.cookie = {};
  if (typeof c.cookieDomain === 'string') config.cookie.domain = c.cookieDomain;
  if (typeof c.cookiePath === 'string') config.cookie.path = c.cookiePath;
  if (typeof c.cookieName === 'string' || typeof c.storageName === 'string') notes.push(`cookieName: not reused (${String(c.cookieName ?? c.storageName)} holds Klaro's format): decisions made before are not carried over; visitors are asked once more`);
  if (!Object.keys(config.cookie).length) delete config.cookie;
  if (typeof c.cookieExpiresAfterDays === 'number') {
    config.expiry = { acceptDays: Math.min(c.cookieExpiresAfterDays, 3650) };
    if (c.cookieExpiresAfterDays < 182) config.expiry.rejectDays = c.cookieExpiresAfterDays;
  }
  if (c.mustConsent === true || c.noticeAsModal === true) config.ui = { layout: 'modal' };
  const styling = isObj(c.styling) ? c.styling : {};
  const theme = Array.isArray(styling.theme) ? styling.theme.map(String) : [];
  if (theme.includes('dark') || theme.includes('light')) config.ui = { ...config.ui, theme: theme.includes('dark') ? 'dark' : 'light' };
  if (theme.includes('top') && !config.ui?.layout) config.ui = { ...config.ui, layout: 'bar-top' };
  if (c.hideDeclineAll === true) notes.push('hideDeclineAll: not carried over ("Reject all" stays on the first layer, as easy as accepting)');
  if (c.acceptAll === false) notes.push('acceptAll: false: not carried over ("Accept all" is always offered beside "Reject all")');
  for (const k of ['storageMethod', 'elementID', 'htmlTexts', 'embedded', 'groupByPurpose', 'autoFocus', 'showNoticeTitle', 'showDescriptionEmptyStore', 'noAutoLoad', 'hideLearnMore', 'disablePoweredBy', 'additionalClass']) {
    if (k in c) notes.push(`${k}: no counterpart (not carried over)`);
  }
  return { from: 'klaro', config, notes, markup: { attribute: 'data-name', consent } };
}
