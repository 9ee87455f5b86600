/**
 * Parses and validates a configuration before anything runs. Every problem is
 * reported with the path of the field and what was expected; unknown keys get a
 * "did you mean" suggestion. Nothing here touches the DOM.
 *
 * The checks are small composable validators, each knowing how to describe
 * what it expects, so one schema gives both the defaults and the messages
 * (this keeps the drop-in small: the schema is the only place a key is named).
 */
import type { ResolvedConfig } from './types.js';
import { isSafeUrl } from './url.js';

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

/** The default of a field that must be present (also what an invalid required field becomes). */
const REQUIRED: unknown[] = [];
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
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
  let prev = [...Array(b.length + 1).keys()];
  for (let i = 0; i < a.length; i++) {
    const row = [i + 1];
    for (let j = 0; j < b.length; j++) row.push(Math.min(prev[j + 1]! + 1, row[j]! + 1, prev[j]! + +(a[i] !== b[j])));
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

/** A check: `convert(v, path)` when `ok(v)`, else a problem saying that `w` was expected. */
const check = (w: string, ok: (v: never) => unknown, convert: (v: never, path: string) => unknown = (v) => v): Check =>
  Object.assign((v: unknown, path: string) => (ok(v as never) ? convert(v as never, path) : fail(path, w, v)), { w });

const bool = check('true or false', (v) => typeof v === 'boolean');
const str = check('a string', (v) => typeof v === 'string');
const url = check('an http(s) or relative URL', (v) => typeof v === 'string' && isSafeUrl(v));
const match = (re: RegExp, w: string) => check(w, (v) => typeof v === 'string' && re.test(v));
const oneOf = (...vals: string[]) => check(vals.map((x) => `"${x}"`).join(', ').replace(/, ([^,]*)$/, ' or $1'), (v) => vals.includes(v));
const ID = match(/^[A-Za-z][\w-]{0,31}$/, 'an id of letters, digits, "_" or "-" (at most 32, starting with a letter)');
/** A language code like `en` or `pt-BR`. */
export const LANG_CODE = /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i;
const CODE = 'a language code like "en" or "pt-BR"';
const pattern = check('a string or /regex/', (v) => {
  if (typeof v !== 'string' || !v) return false;
  try { return toPattern(v); } catch { return false; }
}, toPattern);

/** An array whose items pass `item`; invalid items are reported and dropped. */
const list = (item: Check, w = 'an array') => check(w, Array.isArray, (v: unknown[], path) =>
  v.map((x, i) => item(x, `${path}[${i}]`)).filter((x) => x !== undefined));
const patterns = list(pattern, 'an array of strings or /regex/');

/** A plain object with the given fields: defaults filled in (an object default gets its own), unknown keys reported. */
const object = (fields: Record<string, Field>) => check('an object', isObj, (v: Obj, path) => {
  const pre = path ? path + '.' : '';
  const out: Obj = {};
  const names = Object.keys(fields);
  for (const k of Object.keys(v)) {
    if (names.includes(k)) continue;
    const near = names.find((a) => distance(a.toLowerCase(), k.toLowerCase()) <= Math.max(2, a.length / 3));
    problems.push(`${pre}${k}: unknown key${near ? ` (did you mean "${near}"?)` : ''}`);
  }
  for (const k of names) {
    const [c, def] = fields[k]!;
    // Defaults are checked like values (an object default gets its own defaults); an invalid
    // value falls back to the default so later checks can run (the config is rejected anyway).
    const x = v[k] ?? def;
    out[k] = x === undefined ? x : c(x === REQUIRED ? undefined : x, pre + k) ?? def;
  }
  return out;
});

/** An object of key → value: keys pass `key` (which may convert them); bad entries are reported and dropped. */
const dict = (value: Check, key?: Check) => check('an object', isObj, (v: Obj, path) => {
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    const p = `${path}.${k}`;
    const id = key ? key(k, p) as string | undefined : k;
    const r = id === undefined ? id : value(x, p);
    if (r !== undefined) out[id!] = r;
  }
  return out;
});

const days = check('a number of days between 0 and 3650', (v) => typeof v === 'number' && v > 0 && v <= 3650);
const root = object({
  mode: [oneOf('opt-in', 'opt-out', 'notice'), 'opt-in'],
  policies: [dict(object({
    version: [check('a string of 1–64 characters without spaces or | : + , ;', (v) => (typeof v === 'string' || Number.isFinite(v)) && /^[^\s|:+,;]{1,64}$/.test(String(v)), String), REQUIRED],
    url: [url], label: [str],
  }), ID), {}],
  categories: [dict(object({
    required: [bool, false], label: [str], description: [str, ''],
    cookies: [patterns, []], storage: [patterns, []],
    cookieTable: [list(object({ name: [str, REQUIRED], purpose: [str], duration: [str] })), []],
  }), ID), REQUIRED],
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
  language: [check(`"auto" or ${CODE}`, (v) => v === 'auto' || LANG_CODE.test(v)), 'auto'],
  texts: [dict(dict(str), check(CODE, (v) => LANG_CODE.test(v), (v) => (v as string).toLowerCase())), {}],
  receipts: [object({ endpoint: [url, REQUIRED] })],
  reloadOnWithdraw: [bool, true],
  ui: [object({
    layout: [oneOf('bar', 'bar-top', 'box', 'modal'), 'bar'],
    theme: [oneOf('auto', 'light', 'dark'), 'auto'],
    floatingButton: [bool, false],
  }), {}],
});

/** id → settings as a list of `{ id, ...settings }`, the label defaulting to the id. */
const byId = (o: unknown): Obj[] => Object.entries(o as Record<string, Obj>).map(([id, x]) => ({ id, ...x, label: x.label ?? id }));

/** Validates a config without throwing: the resolved config, or the list of problems. */
export function validateConfig(input: unknown): { config?: ResolvedConfig; problems: string[] } {
  problems = [];
  const c = root(input, '') as Obj | undefined;
  if (!c) return { problems };
  const categories = byId(c.categories);
  const known = categories.map((x) => x.id as string);
  const optional = known.filter((_, i) => !categories[i]!.required);
  if (!optional.length && !problems.length) {
    problems.push('categories: expected at least one optional category (without "required: true"), got none');
  }
  const cookie = c.cookie as Obj;
  if (cookie.sameSite === 'None' && cookie.secure === false) fail('cookie.secure', 'true with sameSite "None" (browsers refuse the cookie otherwise)', false);

  const gpc = c.gpc === true ? optional.filter((x) => x === 'marketing') : c.gpc ? list(oneOf(...optional))(c.gpc, 'gpc') : [];

  let googleConsentMode: Obj | undefined;
  const g = c.googleConsentMode as true | Obj | false | undefined;
  if (g) {
    // Either a map (category → consent types) or options, one of which is `map`.
    const map = dict(list(oneOf(...GCM_TYPES)), oneOf(...known));
    const fields: Record<string, Field> = {
      map: [map],
      region: [list(match(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'an ISO 3166 code like "DE" or "US-CA"'))],
      ads_data_redaction: [bool], url_passthrough: [bool],
      wait_for_update: [check('milliseconds from 0 to 10000', (v) => typeof v === 'number' && v >= 0 && v <= 1e4), 500],
    };
    const isOptions = g !== true && Object.keys(fields).some((k) => k in g);
    googleConsentMode = object(fields)(isOptions ? g : {}, 'googleConsentMode') as Obj;
    googleConsentMode.map ??= g === true || isOptions
      ? Object.fromEntries(Object.entries(GCM_DEFAULT_MAP).filter(([k]) => known.includes(k)))
      : map(g, 'googleConsentMode');
  }

  if (problems.length) return { problems };
  const config = { ...c, categories, policies: byId(c.policies), gpc, googleConsentMode, raw: input } as unknown as ResolvedConfig;
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
