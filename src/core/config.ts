/**
 * Parses and validates a configuration before anything runs. Nothing here touches the DOM.
 *
 * One schema of small composable checks is the only place a key is named: it gives the
 * defaults, the conversions (`"/^_ga_/"` → RegExp) and the checks. A failing check reports a
 * `Problem`, compact data: the path, a code for what was expected (or the allowed values) and
 * the value found. The words are in config-messages.ts: `validateConfig` and `parseConfig`
 * (src/consent/config.ts) use them, while the drop-in runs `checkWith` alone and loads the words
 * only when a config is invalid. The rules of `regions` are checked by a resolver given to
 * `checkWith` (src/regions/, which lies above this floor): src/consent/config.ts gives it.
 */
import type { ConsentConfig, RegionRules, RegionTable, ResolvedConfig } from './types.js';
import { isSafeUrl } from './url.js';
import { toPattern } from './pattern.js';
import type { Code } from './config-messages.js';
import { inCookie, MAX_RECORD } from './record.js';
import { GCM_DEFAULT_MAP, GCM_TYPES, ID as ID_PATTERN, MODES, REGION, SERVICE_CATEGORIES, SOURCE, VERSION } from './vocab.js';

/**
 * One problem: the field's path, what was expected (a code, or the allowed values) and the
 * value found; for an unknown key (code `key`), the key and the names known there.
 */
export type Problem = [path: string, want: Code | readonly string[], got: unknown, known?: string[]];

/** Thrown by `parseConfig`; `problems` lists one message per invalid field. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`consent-gate: invalid config\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

// The consent types of Google Consent Mode v2 and their default mapping live in vocab.ts (the drop-in's tag reads them without this check).
export { GCM_DEFAULT_MAP, GCM_TYPES };

type Obj = Record<string, unknown>;
/** A check: the (possibly converted) value, or undefined after reporting a problem. */
export type Check = (v: unknown, path: string) => unknown;
/** A field of an object schema: its check and its default (REQUIRED: must be present). */
export type Field = [Check, unknown?];

/** The default of a field that must be present (also what an invalid required field becomes). */
const REQUIRED: unknown[] = [];
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
let problems: Problem[] = [];

const fail = (path: string, want: Problem[1], got: unknown): undefined => void problems.push([path, want, got]);

export { toPattern };

/** A check: `convert(v, path)` when `ok(v)`, else a problem saying that `want` was expected. */
const check = (want: Problem[1], ok: (v: never) => unknown, convert: (v: never, path: string) => unknown = (v) => v): Check =>
  (v, path) => (ok(v as never) ? convert(v as never, path) : fail(path, want, v));

const is = (type: 'boolean' | 'string') => check(type, (v) => typeof v === type);
const bool = is('boolean');
const str = is('string');
const url = check('url', isSafeUrl);
const match = (re: RegExp, want: Code) => check(want, (v) => typeof v === 'string' && re.test(v));
const oneOf = (...vals: string[]) => check(vals, (v) => vals.includes(v));
// Ids and versions as receipts carry them (one pattern for both sides, so every receipt can be stored).
const ID = match(ID_PATTERN, 'id');
/** A language code like `en` or `pt-BR`. */
export const LANG_CODE = /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i;
/** A code of that shape that is also a valid BCP 47 tag (`en-a` or `en-us-us` would make `Intl.ListFormat` throw). */
const isLanguage = (v: string) => {
  try { return typeof v == 'string' && LANG_CODE.test(v) && Intl.getCanonicalLocales(v); } catch { /* not BCP 47 */ }
};
/** Does `v` compile to a pattern (a name, or a `/regex/` that compiles)? */
const compiles = (v: unknown) => {
  try { return typeof v === 'string' && v && toPattern(v); } catch { /* a /regex/ that does not compile */ }
};
const pattern = check('pattern', compiles, toPattern);
/** A `sources` entry: a host with an optional path prefix, or a `/regex/`; kept as written (src/block/match.ts compiles it). */
const source = check('source', (v) => typeof v === 'string' && (SOURCE.test(v) || compiles(v) instanceof RegExp));

/** An array whose items pass `item`; invalid items are reported and dropped. */
const list = (item: Check, want: Code = 'array') => check(want, Array.isArray, (v: unknown[], path) =>
  v.map((x, i) => item(x, `${path}[${i}]`)).filter((x) => x !== undefined));

/** A plain object with the given fields: defaults filled in (an object default gets its own), unknown keys reported. */
const object = (fields: Record<string, Field>) => check('object', isObj, (v: Obj, path) => {
  const pre = path && path + '.';
  const names = Object.keys(fields);
  for (const k of Object.keys(v)) if (!names.includes(k)) problems.push([pre + k, 'key', k, names]);
  // Defaults are checked like values (an object default gets its own defaults); an invalid
  // value falls back to the default so later checks can run (the config is rejected anyway).
  const out: Obj = {};
  for (const k of names) {
    const [c, def] = fields[k]!;
    const x = v[k] ?? def;
    out[k] = x === undefined ? x : c(x === REQUIRED ? undefined : x, pre + k) ?? def;
  }
  return out;
});

/** An object of key → value: keys pass `key` (which may convert them); bad entries are reported and dropped. Without a prototype: a key is only what was given. */
const dict = (value: Check, key: Check = (k) => k) => check('object', isObj, (v: Obj, path) => {
  const out: Obj = Object.create(null);
  for (const [k, x] of Object.entries(v)) {
    const p = `${path}.${k}`;
    const id = key(k, p) as string | undefined;
    const r = id === undefined ? id : value(x, p);
    if (r !== undefined) out[id!] = r;
  }
  return out;
});

/**
 * A CSS selector (`actionScope`), or '' (no scope): checked where there is a document to parse it
 * (the drop-in, an app in the browser); without one (a server), taken as written: nothing is
 * clicked there.
 */
const selector = check('selector', (v) => {
  try {
    return typeof v == 'string' && (!v || typeof document == 'undefined' || !document.createDocumentFragment().querySelector(v) || 1);
  } catch { /* not a selector */ }
});

/** `true`, `false`, or a value that passes `ok` (category ids, options). */
const boolOr = (want: Code, ok: (v: unknown) => boolean) => check(want, (v) => typeof v === 'boolean' || ok(v));
const days = check('days', (v) => typeof v === 'number' && v > 0 && v <= 3650);
/** What a region may set (see src/regions/): the same checks as the top level's, without the defaults. */
export const RULES: Record<string, Field> = {
  mode: [oneOf(...MODES), 'opt-in'],
  gpc: [boolOr('gpc', Array.isArray), true],
  expiry: [object({ acceptDays: [days, 365], rejectDays: [days, 182] }), {}],
  texts: [dict(dict(str), check('texts', isLanguage, (v: string) => v.toLowerCase())), {}],
  ui: [object({
    layout: [oneOf('bar', 'bar-top', 'box', 'modal'), 'bar'],
    theme: [oneOf('auto', 'light', 'dark'), 'auto'],
    floatingButton: [bool, false],
  }), {}],
};
const region = match(REGION, 'region');
const cookieName = match(/^[\w!#$&'*+.^`|~-]{1,64}$/, 'cookie');
const root = object({
  ...RULES,
  policies: [dict(object({
    version: [check('version', (v) => (typeof v === 'string' || Number.isFinite(v)) && VERSION.test(String(v)), String), REQUIRED],
    url: [url], label: [str],
  }), ID), {}],
  categories: [dict(object({
    required: [bool, false], label: [str], description: [str, ''],
    cookies: [list(pattern, 'patterns'), []], storage: [list(pattern, 'patterns'), []],
    cookieTable: [list(object({ name: [str, REQUIRED], purpose: [str], duration: [str], provider: [str] })), []],
    sources: [list(source, 'sources'), []],
  }), ID), REQUIRED],
  autoBlock: [boolOr('autoBlock', isObj)],
  cookie: [object({
    name: [cookieName, 'consent'],
    // The cookie's names before a rename: their decisions are read (their refusals kept) and moved to `name`.
    formerNames: [list(cookieName), []],
    domain: [match(/^\.?[a-z0-9-]+(\.[a-z0-9-]+)*$/i, 'domain')],
    path: [match(/^\//, 'path'), '/'],
    sameSite: [oneOf('Lax', 'Strict', 'None'), 'Lax'],
    secure: [bool],
  }), {}],
  googleConsentMode: [boolOr('googleConsentMode', isObj)],
  language: [check('language', (v: string) => v === 'auto' || isLanguage(v)), 'auto'],
  receipts: [object({ endpoint: [url, REQUIRED], impressions: [bool, true] })],
  variant: [ID],
  reloadOnWithdraw: [bool, true],
  actionScope: [selector],
  regions: [check('object', isObj)],
  region: [region],
  regionEndpoint: [url],
  cookieEndpoint: [url],
});

/** id → settings as a list of `{ id, ...settings }`, the label defaulting to the id. */
const byId = (o: unknown): Obj[] => Object.entries(o as Record<string, Obj>).map(([id, x]) => ({ id, ...x, label: x.label ?? id }));

/** What `resolveRegions` (src/regions/) is given: the checks of a region's rules and the top level's rules. */
export interface RegionTools {
  /** `object(fields)`: the check of an object with these fields (the region's copy of config.ts has its own problem list). */
  object: typeof object;
  /** The checks of what a region may set (mode, gpc, expiry, ui, texts), with the top level's defaults. */
  rules: Record<string, Field>;
  /** The top level (its rules resolved, gpc included). */
  base: RegionRules;
  /** Resolves a `gpc` value (true, false or category ids) at `path`. */
  gpc: (v: unknown, path: string) => readonly string[];
  fail: typeof fail;
  /** The top level's `expiry.rejectDays` as configured (undefined: not set, the mode's default applies). */
  rejectDays: number | undefined;
}
export type RegionsResolver = (regions: Record<string, unknown>, tools: RegionTools) => RegionTable;

/**
 * `checkConfig` with the resolver of `regions` given (the drop-in fetches it as a chunk of its
 * own, only for a config that has `regions`; without a resolver such a config is refused).
 */
export function checkWith(input: unknown, regions: RegionsResolver | undefined): { config?: ResolvedConfig; problems: Problem[] } {
  problems = [];
  const c = root(input, '') as Obj | undefined;
  if (!c) return { problems };
  const categories = byId(c.categories);
  const known = categories.map((x) => x.id as string);
  const optional = known.filter((_, i) => !categories[i]!.required);
  if (!optional.length && !problems.length) fail('categories', 'optional', 0);
  // The decision must fit its cookie, or a refusal would not be kept: at most its ids and versions plus 200 for the rest.
  // A version is counted as the cookie holds it: escaped in the record, and each `%` of that escaped again by js-cookie (`€`: 15).
  const policies = byId(c.policies);
  const size = [...categories, ...policies].reduce((n, x) => n + (x.id as string).length + 3 + inCookie(encodeURIComponent(x.version as string ?? '')), 200);
  if (size > MAX_RECORD) fail('categories', 'record', size);
  const cookie = c.cookie as Obj;
  if (cookie.sameSite === 'None' && cookie.secure === false) fail('cookie.secure', 'secure', false);

  const gpcOf = (v: unknown, path: string) => (v === true ? optional.filter((x) => x === 'marketing') : v ? list(oneOf(...optional))(v, path) as string[] : []);
  const gpc = gpcOf(c.gpc, 'gpc');
  // In opt-out mode a refusal is not asked again for 12 months unless `rejectDays` is set (the CCPA).
  const rejectDays = ((input as Obj).expiry as Obj | undefined)?.rejectDays as number | undefined;
  if (c.mode == 'opt-out' && rejectDays === undefined) c.expiry = { ...(c.expiry as Obj), rejectDays: 365 };
  if (c.regions) {
    c.gpc = gpc;
    c.regions = regions ? regions(c.regions as Obj, { object, rules: RULES, base: c as unknown as RegionRules, gpc: gpcOf, fail, rejectDays }) : fail('regions', 'resolver', c.regions);
  }

  let googleConsentMode: Obj | undefined;
  const g = c.googleConsentMode as true | Obj | false | undefined;
  if (g) {
    // Either a map (category → consent types) or options, one of which is `map`.
    const map = dict(list(oneOf(...GCM_TYPES)), oneOf(...known));
    const fields: Record<string, Field> = {
      map: [map],
      region: [list(region)],
      ads_data_redaction: [bool], url_passthrough: [bool],
      wait_for_update: [check('ms', (v) => typeof v === 'number' && v >= 0 && v <= 1e4), 500],
      mode: [oneOf('advanced', 'basic'), 'advanced'],
    };
    const isOptions = g !== true && Object.keys(fields).some((k) => k in g);
    googleConsentMode = object(fields)(isOptions ? g : {}, 'googleConsentMode') as Obj;
    googleConsentMode.map ??= g === true || isOptions
      ? Object.fromEntries(Object.entries(GCM_DEFAULT_MAP).filter(([k]) => known.includes(k)))
      : map(g, 'googleConsentMode');
  }

  // autoBlock: the optional category each group of well-known services goes to (false: none); by default, the group's name.
  const target = check(optional, (v) => v === false || optional.includes(v));
  const autoBlock = c.autoBlock && object(Object.fromEntries(SERVICE_CATEGORIES.map((k) => [k, [target, k]])))(c.autoBlock === true ? {} : c.autoBlock, 'autoBlock');

  if (problems.length) return { problems };
  const config = { ...c, categories, policies, gpc, googleConsentMode, autoBlock, raw: input } as unknown as ResolvedConfig;
  return { config: Object.freeze(config), problems };
}

/**
 * Types a config written in TypeScript, so editors complete its fields and a misspelt value
 * (`mode: 'opt-inn'`) fails type-checking; returns the config unchanged (checked when it is used).
 *
 * @example export default defineConfig({ mode: 'opt-in', categories: { analytics: { label: 'Analytics' } } })
 * @returns the same object, typed `ConsentConfig`
 */
export const defineConfig = (config: ConsentConfig): ConsentConfig => config;
