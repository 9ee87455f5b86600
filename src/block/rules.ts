/**
 * Which categories a URL needs: the config's own `sources` first (a URL they match is theirs
 * alone), else the well-known services when `autoBlock` is on (the first service that matches,
 * mapped to the config's category). A URL matched by several categories needs all of them.
 *
 * Google Consent Mode: with `googleConsentMode` on (mode `advanced`, the default), Google's own
 * tags (gtag.js, Tag Manager, Analytics, Ads, DoubleClick/Floodlight, AdSense) are meant to load
 * and run in "denied" state, so `autoBlock` leaves them to Consent Mode; in mode `basic`, or when
 * the site lists them in `sources`, they wait for consent like everything else. Without Consent
 * Mode, `autoBlock` holds them.
 */
import type { ResolvedConfig } from '../core/types.js';
import type { Service } from '../services/index.js';
import { sourceMatcher } from './match.js';

/** A relative URL: a path from `/` (not `//`, `/\`), or a first segment of plain characters; no tab or newline anywhere. */
const RELATIVE = /^(\/(?![/\\])|[\w.-]+(\/|$))[^\t\n\r]*$/;

/** Google's tags that Google Consent Mode governs (ids in src/services/). */
export const CONSENT_MODE_SERVICES = ['google-ads', 'google-analytics', 'google-tag-manager', 'doubleclick', 'google-adsense'];

/**
 * @param services the well-known services, used when the config has `autoBlock`
 * @returns `categoriesOf(url, base)`: the category ids a URL needs, `[]` when it is not gated
 */
export function rules(config: ResolvedConfig, services: readonly Service[] = []): (url: string, base?: string) => string[] {
  const own = sourceMatcher(config.categories.flatMap((c) => c.sources.map((s) => [s, c.id] as const)));
  const auto = config.autoBlock;
  const leftToGoogle = config.googleConsentMode?.mode === 'advanced';
  const known = sourceMatcher(auto ? services.flatMap((s, i) => s.patterns.map((p) => [p, i] as const)) : []);
  /** The base on which relative URLs can match nothing, once seen. */
  let free: string | undefined;
  return (input, base) => {
    // Fast path: a relative URL (no scheme, no `//`, nothing the URL parser would drop) on a page
    // whose host no entry names, with no /regex/ entries, matches nothing.
    if (base && RELATIVE.test(input)) {
      if (base === free) return [];
      const host = new URL(base).hostname;
      if (!own.anywhereOn(host) && !(auto && known.anywhereOn(host))) {
        free = base;
        return [];
      }
    }
    let url: URL;
    try { url = new URL(input, base); } catch { return []; }
    const mine = own(url);
    if (mine.length || !auto) return [...new Set(mine)];
    const found = known(url);
    if (!found.length) return found as never[];
    const service = services[Math.min(...found)]!;
    const category = auto[service.category];
    return category && !(leftToGoogle && CONSENT_MODE_SERVICES.includes(service.id)) ? [category] : [];
  };
}
