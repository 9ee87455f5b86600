/**
 * What the default drop-in's tag reads from the config as the page gives it, before any check
 * (the check is the store chunk's): Google Consent Mode's options, for the `default` that must
 * reach `dataLayer` before the next tag, and the names of the decision cookie, to choose the path.
 * Both fail closed: a shape the config check would not let through as it stands is `null`
 * (everything denied in Consent Mode; the store chunk, which checks, decides the rest).
 */
import { GCM_DEFAULT_MAP, GCM_TYPES, REGION } from '../core/vocab.js';
import type { ConsentModeOptions } from '../integrations/google-consent-mode.js';

type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v == 'object' && v !== null && !Array.isArray(v);
const OPTIONS = ['map', 'region', 'ads_data_redaction', 'url_passthrough', 'wait_for_update', 'mode'];
const optionalBool = (v: unknown) => v === undefined || typeof v == 'boolean';
/** The keys the config check knows at the top level and in a category (tests/unit/dropin-raw.test.ts holds them to the check's). */
export const TOP_KEYS = 'mode gpc expiry texts ui policies categories autoBlock cookie googleConsentMode language receipts variant reloadOnWithdraw actionScope regions region regionEndpoint cookieEndpoint'.split(' ');
export const CATEGORY_KEYS = 'required label description cookies storage cookieTable sources'.split(' ');
/** Keys of `o` that are all in `known`. */
const only = (o: Obj, known: string[]) => Object.keys(o).every((k) => known.includes(k));

/**
 * `googleConsentMode` resolved as the config check resolves it (true: the default mapping of the
 * categories the config has; a map; options with or without `map`), with each category's `required`;
 * `undefined` when the config has none; `null` for anything the check would refuse.
 */
export function rawConsentMode(c: unknown): [ConsentModeOptions, Record<string, boolean>] | undefined | null {
  // A misspelt key (the commonest invalid config) is odd too: everything denied first (the check names it).
  if (!isObj(c) || !isObj(c.categories) || !only(c, TOP_KEYS)) return null;
  const required: Record<string, boolean> = Object.create(null);
  for (const [id, x] of Object.entries(c.categories)) {
    if (!isObj(x) || !optionalBool(x.required) || !only(x, CATEGORY_KEYS)) return null;
    required[id] = x.required === true;
  }
  const g = c.googleConsentMode;
  if (g === undefined || g === false) return undefined;
  if (g !== true && !isObj(g)) return null;
  const known = Object.keys(required);
  const o: Obj = g !== true && OPTIONS.some((k) => k in g) ? g : {};
  const map = (g === true || o == g ? o.map : g) ?? Object.fromEntries(Object.entries(GCM_DEFAULT_MAP).filter(([k]) => known.includes(k)));
  const w = o.wait_for_update ?? 500;
  const ok = isObj(map) && Object.entries(map).every(([k, v]) => known.includes(k) && Array.isArray(v) && v.every((t) => GCM_TYPES.includes(t)))
    && typeof w == 'number' && w >= 0 && w <= 1e4 && optionalBool(o.ads_data_redaction) && optionalBool(o.url_passthrough)
    && (o.region === undefined || (Array.isArray(o.region) && o.region.every((r) => typeof r == 'string' && REGION.test(r))))
    && (o.mode === undefined || o.mode == 'advanced' || o.mode == 'basic')
    && only(o, OPTIONS);
  return ok ? [{ ...o, map, wait_for_update: w } as ConsentModeOptions, required] : null;
}

/** The decision cookie's names (its name, then its former names) as the config check resolves them; undefined for an odd shape. */
export function rawCookieNames(c: Obj): string[] | undefined {
  const k = c.cookie ?? {};
  if (!isObj(k)) return;
  const names = [k.name ?? 'consent', ...(Array.isArray(k.formerNames) ? k.formerNames : [])];
  return names.every((n) => typeof n == 'string') ? names as string[] : undefined;
}
