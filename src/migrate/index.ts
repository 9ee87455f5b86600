/**
 * `consent-gate migrate`: another tool's config → ours, with what could not be carried over.
 */
import { checkConfig } from '../consent/config.js';
import { explain } from '../core/config-messages.js';
import { fromCookieConsent, isCookieConsent } from './cookieconsent.js';
import { fromKlaro, isKlaro } from './klaro.js';
import type { Migration } from './shared.js';

export type { Migration } from './shared.js';
export { readConfigText } from './literal.js';

/**
 * Converts a vanilla-cookieconsent (v3) or Klaro config, already read as data.
 *
 * @example migrate({ categories: { necessary: { readOnly: true }, analytics: {} }, revision: 2 }).config
 * @returns the config (checked with `checkConfig`; its problems, if any, are in `problems`), the notes, the markup mapping
 */
export function migrate(input: Record<string, unknown>, omitted: string[] = []): Migration & { problems: string[] } {
  const notes = omitted.map((o) => `${o}: not carried over`);
  const m = isKlaro(input) ? fromKlaro(input, notes) : isCookieConsent(input) ? fromCookieConsent(input, notes) : undefined;
  if (!m) throw new Error('not a vanilla-cookieconsent or Klaro config (expected categories, or services / apps)');
  const { problems } = checkConfig(m.config);
  return { ...m, problems: problems.map(explain) };
}

/**
 * Rewrites their gated markup as ours: vanilla-cookieconsent's `data-category="x"` and Klaro's
 * `data-name="service"` become `data-consent="…"`; Klaro's scripts also get their `src` back from
 * `data-src` (ours keep `src` on a `type="text/plain"` script, which the browser never fetches).
 * An unknown category or service stays blocked (`data-consent` names it, and it is never granted).
 *
 * @example migrateMarkup('<script type="text/plain" data-category="analytics" src="/a.js"></script>', m)
 */
export function migrateMarkup(html: string, m: Pick<Migration, 'markup'>): string {
  const { attribute, consent } = m.markup;
  const attr = new RegExp(`\\s${attribute}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i');
  return html.replace(/<([a-z][\w-]*)(\s[^>]*)>/gi, (tag, name: string, attrs: string) => {
    const found = attr.exec(attrs);
    if (!found) return tag;
    const value = found[2] ?? found[3] ?? found[4] ?? '';
    const ids = value.split(/\s+/).filter(Boolean).map((v) => consent[v] ?? v).join(' ');
    let out = attrs.replace(found[0], ` data-consent="${ids.replace(/"/g, '&quot;')}"`);
    if (attribute === 'data-name' && name.toLowerCase() === 'script') {
      out = out.replace(/\sdata-type\s*=\s*("text\/javascript"|'text\/javascript')/i, '').replace(/\sdata-src(\s*=)/i, ' src$1');
      if (!/\stype\s*=/i.test(out)) out = ` type="text/plain"${out}`;
    }
    return `<${name}${out}>`;
  });
}
