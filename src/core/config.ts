/**
 * Parses and validates a configuration before anything runs. Every problem is
 * reported with the path of the field and what was expected; unknown keys get a
 * "did you mean" suggestion. Nothing here touches the DOM.
 *
 * The checks are small composable validators, each knowing how to describe
 * what it expects, so one schema gives both the defaults and the messages
 * (this keeps the drop-in small: the schema is the only place a key is named).
 */
import type { Category, Policy, ResolvedConfig } from './types';
import { isSafeUrl } from './url';

/** Thrown by `parseConfig`; `problems` lists one message per invalid field. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`consent-gate: invalid config\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** The consent types Google Consent Mode v2 knows. */
export const GCM_TYPES = [
  'ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage',
  'functionality_storage', 'personalization_storage', 'security_storage',
];
const [AD, AD_DATA, AD_PERS, ANALYTICS, FUNC, PERS, SECURITY] = GCM_TYPES as [string, string, string, string, string, string, string];
/** The default category → consent type mapping of Google Consent Mode. */
export const GCM_DEFAULT_MAP: Record<string, string[]> = {
  necessary: [SECURITY],
  functional: [FUNC, PERS],
  preferences: [FUNC, PERS],
  analytics: [ANALYTICS],
  marketing: [AD, AD_DATA, AD_PERS],
};

type Obj = Record<string, unknown>;
/** A validator: the (possibly converted) value, or undefined after reporting a problem. `w` says what it expects. */
type Check = ((v: unknown, path: string) => unknown) & { w: string };
/** A field of an object schema: its check and its default (REQUIRED: must be present). */
type Field = [Check, unknown?];

const REQUIRED = {};
let problems: string[] = [];

/** A short, readable rendering of a bad value for an error message. */
function show(v: unknown): string {
  if (v === null || typeof v !== 'object') {
    const s = typeof v === 'string' ? JSON.stringify(v) : String(v);
    return s.length > 40 ? s.slice(0, 37) + '…' : s;
  }
  return Array.isArray(v) ? 'an array' : 'an object';
}

const fail = (path: string, what: string, got: unknown): undefined => {
  problems.push(`${path}: expected ${what}, got ${show(got)}`);
  return undefined;
};

/** Edit distance, for "did you mean" (small inputs only). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** Turns `"/^_ga_/"` (optionally with flags) into a RegExp; other strings stay names. */
export function toPattern(s: string): string | RegExp {
  // `g` and `y` would make test() stateful: they are dropped.
  const m = /^\/(.+)\/([gimsuy]*)$/.exec(s);
  return m ? new RegExp(m[1]!, m[2]!.replace(/[gy]/g, '')) : s;
}

const check = (w: string, ok: (v: never) => unknown, convert = (v: unknown) => v): Check =>
  Object.assign((v: unknown, path: string) => (ok(v as never) ? convert(v) : fail(path, w, v)), { w });

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const bool = check('true or false', (v) => typeof v === 'boolean');
const str = check('a string', (v) => typeof v === 'string');
const url = check('an http(s) or relative URL', (v) => typeof v === 'string' && isSafeUrl(v));
const match = (re: RegExp, w: string) => check(w, (v) => typeof v === 'string' && re.test(v));
const oneOf = (...vals: string[]) => check(vals.map((x) => `"${x}"`).join(', ').replace(/, ([^,]*)$/, ' or $1'), (v) => vals.includes(v));
const range = (max: number, w: string) => check(w, (v) => typeof v === 'number' && v > 0 && v <= max);
const ID = match(/^[A-Za-z][\w-]{0,31}$/, 'an id of letters, digits, "_" or "-" (at most 32, starting with a letter)');
const CODE = /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i;
const LANG = check('"auto" or a language code like "en" or "pt-BR"', (v) => v === 'auto' || CODE.test(v));
const pattern = check('a string or /regex/', (v) => {
  if (typeof v !== 'string' || !v) return false;
  try { return toPattern(v); } catch { return false; }
}, (v) => toPattern(v as string));

/** An array whose items pass `item`; invalid items are reported and dropped. */
const list = (item: Check, w = `an array of ${item.w === 'a string' ? 'strings' : 'strings or /regex/'}`): Check =>
  Object.assign((v: unknown, path: string) => (Array.isArray(v)
    ? v.map((x, i) => item(x, `${path}[${i}]`)).filter((x) => x !== undefined)
    : fail(path, w, v)), { w });

/** A plain object with the given fields: defaults filled in, unknown keys reported. */
const object = (fields: Record<string, Field>, open = false): Check =>
  Object.assign((v: unknown, path: string) => {
    if (!isObj(v)) return fail(path, 'an object', v);
    const pre = path ? path + '.' : '';
    const out: Obj = open ? { ...v } : {};
    const names = Object.keys(fields);
    if (!open) {
      for (const k of Object.keys(v)) {
        if (names.includes(k)) continue;
        const near = names.find((a) => distance(a.toLowerCase(), k.toLowerCase()) <= Math.max(2, a.length / 3));
        problems.push(`${pre}${k}: unknown key${near ? ` (did you mean "${near}"?)` : ''}`);
      }
    }
    for (const k of names) {
      const [c, def] = fields[k]!;
      // An object default ({}) goes through its validator, which fills in the nested defaults.
      const x = v[k] ?? (def !== REQUIRED && isObj(def) ? def : undefined);
      out[k] = x === undefined
        ? def === REQUIRED ? fail(pre + k, c.w, x) : def
        : c(x, pre + k) ?? (def === REQUIRED ? undefined : def);
    }
    return out;
  }, { w: 'an object' });

/** An object of id → value, as an array of `{ id, ...value }`. */
const entries = (value: Check): Check =>
  Object.assign((v: unknown, path: string) => {
    if (!isObj(v)) return fail(path, 'an object', v);
    return Object.entries(v).flatMap(([id, x]) => {
      const p = `${path}.${id}`;
      if (ID(id, p) === undefined) return [];
      const r = value(x, p);
      return r === undefined ? [] : [{ id, ...(r as Obj) }];
    });
  }, { w: 'an object' });

const category = object({
  required: [bool, false], label: [str], description: [str, ''],
  cookies: [list(pattern), []], storage: [list(pattern), []],
  cookieTable: [list(object({ name: [str, REQUIRED], purpose: [str], duration: [str] }), 'an array'), []],
});
const policy = object({
  version: [check('a string of 1–64 characters without spaces or | : + , ;', (v) => /^[^\s|:+,;]{1,64}$/.test(String(v)) && (typeof v === 'string' || Number.isFinite(v)), String), REQUIRED],
  url: [url], label: [str],
});
const days = range(3650, 'a number of days between 0 and 3650');
const root = object({
  mode: [oneOf('opt-in', 'opt-out', 'notice'), 'opt-in'],
  policies: [entries(policy), []],
  categories: [entries(category), REQUIRED],
  cookie: [object({
    name: [match(/^[\w!#$&'*+.^`|~-]{1,64}$/, 'a cookie name (letters, digits, _ - . and no spaces)'), 'consent'],
    domain: [match(/^\.?[a-z0-9-]+(\.[a-z0-9-]+)*$/i, 'a domain name like "example.com"')],
    path: [match(/^\//, 'a path starting with "/"'), '/'],
    sameSite: [oneOf('Lax', 'Strict', 'None'), 'Lax'],
    secure: [bool],
  }), {}],
  expiry: [object({ acceptDays: [days, 365], rejectDays: [days, 182] }), {}],
  gpc: [check('true, false or an array of category ids', (v) => typeof v === 'boolean' || Array.isArray(v)), true],
  googleConsentMode: [check('true, false or an object', (v) => typeof v === 'boolean' || isObj(v))],
  language: [LANG, 'auto'],
  texts: [object({}, true), {}],
  receipts: [object({ endpoint: [url, REQUIRED] })],
  reloadOnWithdraw: [bool, true],
  ui: [object({
    layout: [oneOf('bar', 'bar-top', 'box', 'modal'), 'bar'],
    theme: [oneOf('auto', 'light', 'dark'), 'auto'],
    floatingButton: [bool, false],
  }), {}],
});

/** Validates a config without throwing: the resolved config, or the list of problems. */
export function validateConfig(input: unknown): { config?: ResolvedConfig; problems: string[] } {
  problems = [];
  const c = root(input, '') as Obj | undefined;
  if (!c) return { problems };
  const categories = (c.categories ?? []) as Category[];
  for (const x of categories) x.label ??= x.id;
  const optional = categories.filter((x) => !x.required).map((x) => x.id);
  const known = categories.map((x) => x.id);
  if (c.categories && !optional.length && !problems.length) {
    problems.push('categories: expected at least one optional category (without "required: true"), got none');
  }
  const policies = c.policies as Policy[];
  for (const p of policies) p.label ??= p.id;
  const cookie = c.cookie as ResolvedConfig['cookie'];
  if (cookie.sameSite === 'None' && cookie.secure === false) {
    problems.push('cookie.secure: expected true with sameSite "None" (browsers refuse the cookie otherwise), got false');
  }
  const catIds = (ids: string[]) => check(`one of ${ids.map((x) => `"${x}"`).join(', ')}`, (v) => ids.includes(v));

  const gpc = c.gpc === true ? optional.filter((x) => x === 'marketing') : c.gpc ? list(catIds(optional))(c.gpc, 'gpc') as string[] : [];

  let googleConsentMode: ResolvedConfig['googleConsentMode'];
  const g = c.googleConsentMode as boolean | Obj | undefined;
  if (g) {
    const isOptions = g !== true && ['map', 'region', 'ads_data_redaction', 'url_passthrough', 'wait_for_update'].some((k) => k in g);
    const options = object({
      map: [object({}, true)],
      region: [list(match(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'an ISO 3166 code like "DE" or "US-CA"'))],
      ads_data_redaction: [bool], url_passthrough: [bool],
      wait_for_update: [check('milliseconds from 0 to 10000', (v) => typeof v === 'number' && v >= 0 && v <= 1e4)],
    });
    const o = ((isOptions && options(g, 'googleConsentMode')) || {}) as Obj;
    const custom = isOptions ? o.map as Obj | undefined : g === true ? undefined : g;
    const path = isOptions ? 'googleConsentMode.map' : 'googleConsentMode';
    const map: Record<string, string[]> = {};
    for (const [cat, types] of Object.entries(custom ?? GCM_DEFAULT_MAP)) {
      if (known.includes(cat)) map[cat] = (list(check(`a consent type (${GCM_TYPES.join(', ')})`, (v) => GCM_TYPES.includes(v)))(types, `${path}.${cat}`) ?? []) as string[];
      else if (custom) fail(`${path}.${cat}`, `a category id (${known.join(', ')})`, cat);
    }
    googleConsentMode = {
      map,
      region: o.region as string[] | undefined,
      ads_data_redaction: o.ads_data_redaction as boolean | undefined,
      url_passthrough: o.url_passthrough as boolean | undefined,
      wait_for_update: (o.wait_for_update as number | undefined) ?? 500,
    };
  }

  const texts: Record<string, Record<string, string>> = {};
  for (const [lang, t] of Object.entries(c.texts as Obj)) {
    if (!CODE.test(lang)) { fail(`texts.${lang}`, 'a language code like "en" or "pt-BR"', lang); continue; }
    const strings: Record<string, string> = {};
    if (object({}, true)(t, `texts.${lang}`)) {
      for (const [k, s] of Object.entries(t as Obj)) if (str(s, `texts.${lang}.${k}`) !== undefined) strings[k] = s as string;
    }
    texts[lang.toLowerCase()] = strings;
  }

  if (problems.length) return { problems };
  const config = { ...c, categories, policies, gpc, googleConsentMode, texts, raw: input } as unknown as ResolvedConfig;
  return { config: Object.freeze(config), problems };
}

/**
 * Parses a configuration: defaults filled in, everything checked.
 * Throws a `ConfigError` naming every invalid field.
 *
 * @example parseConfig({ categories: { analytics: { label: 'Analytics' } } }).mode // 'opt-in'
 */
export function parseConfig(input: unknown): ResolvedConfig {
  const { config, problems } = validateConfig(input);
  if (!config) throw new ConfigError(problems);
  return config;
}
