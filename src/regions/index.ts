/**
 * Region rules: checks a config's `regions` (every code known to ISO 3166-1, the groups `EU`
 * and `EEA` from today's membership, `*`) and turns it into the rules of each code.
 *
 * Only sites with `regions` pay for this: `createConsent` uses it through `checkConfig`, and
 * the drop-in fetches it as `consent-gate.regions.js` when its config has `regions`.
 */
import type { RegionTools } from '../core/config.js';
import type { Mode, RegionRules, RegionTable } from '../core/types.js';
import { EEA, EU, REGION, stricter } from '../core/vocab.js';

export { EEA, EU };
/** The region's rules for the drop-in's reader of decided visitors (core/regional.ts): it carries none of its own. */
export { inRegion } from '../core/regional.js';

/** ISO 3166-1 alpha-2 codes, by first letter (`A` + `DEFG…` is AD, AE, AF, AG, …), and XK (Kosovo), which CDNs send. */
const ISO = 'ADEFGILMOQRSTUWXZ BABDEFGHIJLMNOQRSTVWYZ CACDFGHIKLMNORUVWXYZ DEJKMOZ ECEGHRST FIJKMOR GABDEFGHILMNPQRSTUWY HKMNRTU IDELMNOQRST JEMOP KEGHIMNPRWYZ LABCIKRSTUVY MACDEFGHKLMNOPQRSTUVWXYZ NACEFGILOPRUZ OM PAEFGHKLMNRSTWY QA REOSUW SABCDEGHIJKLMNORSTVXYZ TCDFGHJKLMNORTVWZ UAGMSYZ VACEGINU WFS XK YET ZAMW';


/**
 * Is `code` a country (`DE`) or a subdivision of one (`US-CA`)? Subdivision codes are checked
 * by their shape (the full ISO 3166-2 list would be larger than the rest of this file).
 */
export const isRegion = (code: string): boolean =>
  REGION.test(code) && ISO.split(' ').some((g) => g[0] === code[0] && g.includes(code[1]!, 1));

type Partial = { [K in keyof RegionRules]?: RegionRules[K] | Record<string, unknown> };

/** `b` over `a`, leaving out what `b` does not set (undefined or null, as the config check reads null). */
const over = <T extends object>(a: T, b: object | null | undefined): T =>
  ({ ...a, ...Object.fromEntries(Object.entries(b ?? {}).filter(([, v]) => v != null)) });

/**
 * Checks `regions` and resolves each entry against the top level's rules. Problems (unknown
 * codes, a code in two keys) are reported through `tools.fail`, each naming its key.
 *
 * @returns the rules of each code (a code named directly wins over a group that holds it),
 *   and the strictest rules configured (applied while the region is unknown).
 */
export function resolveRegions(regions: Record<string, unknown>, tools: RegionTools): RegionTable {
  // Only the rules a region may set (tools.base is the whole top level).
  const { mode, gpc, expiry, ui, texts } = tools.base;
  const base: RegionRules = { mode, gpc, expiry, ui, texts };
  // A region's rules: the top level's checks without their defaults (what it leaves out is the top level's).
  const check = tools.object(Object.fromEntries(Object.entries(tools.rules).map(([k, [f]]) => [k, [f]])));
  // Without a prototype: a region code is only what was configured. (`viaGroup` holds the EU/EEA lists' codes only.)
  const rules: Record<string, RegionRules> = Object.create(null);
  const viaGroup: Record<string, [RegionRules, string]> = {};
  let strictest = base;
  for (const [key, value] of Object.entries(regions)) {
    const path = `regions.${key}`;
    const r = check(value, path) as Partial | undefined;
    if (!r) continue;
    const texts = { ...base.texts };
    for (const [lang, t] of Object.entries(r.texts ?? {})) texts[lang] = over(base.texts[lang] ?? {}, t as object);
    const mode = (r.mode as Mode | undefined) ?? base.mode;
    // `expiry` and `ui` as given (checked above): their checks fill in the defaults of what a
    // region leaves out, which would hide the top level's own values.
    const given = value as { expiry?: { rejectDays?: number } | null; ui?: object | null };
    const expiry = over(base.expiry, given.expiry);
    // Unset everywhere, `rejectDays` is the region's mode's default: 12 months in opt-out (the CCPA), else 182 days.
    if (tools.rejectDays === undefined && given.expiry?.rejectDays == null) expiry.rejectDays = mode == 'opt-out' ? 365 : 182;
    const entry: RegionRules = Object.freeze({
      mode,
      gpc: r.gpc === undefined ? base.gpc : tools.gpc(r.gpc, `${path}.gpc`),
      expiry,
      ui: over(base.ui, given.ui),
      texts,
    });
    if (stricter(entry.mode, strictest.mode)) strictest = entry;
    const codes = key.split(' ');
    if (!key || codes.some((c) => !c)) tools.fail(path, 'regionKey', key);
    for (const code of codes) {
      const group = code == 'EU' ? EU : code == 'EEA' ? EEA : undefined;
      if (group) {
        for (const c of group) {
          // Two groups holding a code in different keys (EU in one, EEA in another) would be a guess.
          if (viaGroup[c] && viaGroup[c][1] !== key) tools.fail(path, 'regionTwice', code);
          viaGroup[c] = [entry, key];
        }
      } else if (code === '*' || isRegion(code)) {
        if (rules[code]) tools.fail(path, 'regionTwice', code);
        rules[code] = entry;
      } else if (code) {
        tools.fail(path, 'regionKey', code);
      }
    }
  }
  // A code named directly (`DE`) wins over a group that holds it (`EU`).
  for (const [c, [entry]] of Object.entries(viaGroup)) rules[c] ??= entry;
  return Object.freeze({ rules: Object.freeze(rules), strictest });
}

/** How long the store waits for `regionEndpoint` before keeping the strictest rules (ms). */
export const REGION_TIMEOUT = 2000;

/**
 * Asks `regionEndpoint` for the visitor's region (`{ "region": "DE" }`): the answer's `region`,
 * or undefined when the endpoint fails or takes longer than REGION_TIMEOUT.
 */
export const askRegion = (url: string): Promise<unknown> =>
  fetch(url, { signal: AbortSignal.timeout(REGION_TIMEOUT), credentials: 'omit' })
    .then((r) => r.json() as Promise<{ region?: unknown }>)
    .then((j) => j.region, () => undefined);
