/**
 * Parses and validates a configuration before anything runs. Every problem is
 * reported with the path of the field and what was expected; unknown keys get a
 * "did you mean" suggestion. Nothing here touches the DOM.
 */
import type { Category, ConsentConfig, Policy, ResolvedConfig } from './types';
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

/** Category and policy ids: short, cookie-safe words. */
const ID = /^[A-Za-z][\w-]{0,31}$/;
const LANG = /^(auto|[a-z]{2,3}(-[A-Za-z0-9]{1,8})*)$/i;
const VERSION = /^[^\s|:+,;]{1,64}$/;
/** The consent types Google Consent Mode v2 knows. */
export const GCM_TYPES = [
  'ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage',
  'functionality_storage', 'personalization_storage', 'security_storage',
];
/** The default category → consent type mapping of Google Consent Mode. */
export const GCM_DEFAULT_MAP: Record<string, string[]> = {
  necessary: ['security_storage'],
  functional: ['functionality_storage', 'personalization_storage'],
  preferences: ['functionality_storage', 'personalization_storage'],
  analytics: ['analytics_storage'],
  marketing: ['ad_storage', 'ad_user_data', 'ad_personalization'],
};

type Obj = Record<string, unknown>;

/** A short, readable rendering of a bad value for an error message. */
function show(v: unknown): string {
  if (v === null || typeof v !== 'object') {
    const s = typeof v === 'string' ? JSON.stringify(v) : String(v);
    return s.length > 40 ? s.slice(0, 37) + '…' : s;
  }
  return Array.isArray(v) ? 'an array' : 'an object';
}

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
  const m = /^\/(.+)\/([gimsuy]*)$/.exec(s);
  return m ? new RegExp(m[1]!, m[2]!.replace('g', '')) : s;
}

/** Validates a config without throwing: the resolved config, or the list of problems. */
export function validateConfig(input: unknown): { config?: ResolvedConfig; problems: string[] } {
  const problems: string[] = [];
  const fail = (path: string, expected: string, got: unknown) =>
    problems.push(`${path}: expected ${expected}, got ${show(got)}`);
  const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
  /** Checks `v` is a plain object with only `allowed` keys; returns it (or {} after reporting). */
  const obj = (path: string, v: unknown, allowed?: string[]): Obj => {
    if (!isObj(v)) { fail(path, 'an object', v); return {}; }
    if (allowed) {
      for (const k of Object.keys(v)) {
        if (allowed.includes(k)) continue;
        const near = allowed.filter((a) => distance(a.toLowerCase(), k.toLowerCase()) <= Math.max(2, a.length / 3))[0];
        problems.push(`${path ? path + '.' : ''}${k}: unknown key${near ? ` (did you mean "${near}"?)` : ''}`);
      }
    }
    return v;
  };
  const opt = <T>(path: string, v: unknown, check: (v: unknown) => boolean, expected: string, def: T): T => {
    if (v === undefined) return def;
    if (!check(v)) { fail(path, expected, v); return def; }
    return v as T;
  };
  const isStr = (v: unknown) => typeof v === 'string';
  const isBool = (v: unknown) => typeof v === 'boolean';
  const isDays = (v: unknown) => typeof v === 'number' && v > 0 && v <= 3650;
  const strList = (path: string, v: unknown, item: (s: string) => string | undefined = () => undefined, what = 'a string'): string[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v)) { fail(path, `an array of strings${what === 'a string' ? '' : ' or /regex/'}`, v); return []; }
    return v.filter((s, i) => {
      const bad = typeof s !== 'string' || s === '' ? what : item(s);
      if (bad) fail(`${path}[${i}]`, bad, s);
      return !bad;
    });
  };

  const c = obj('', input, [
    'mode', 'policies', 'categories', 'cookie', 'expiry', 'gpc', 'googleConsentMode', 'language',
    'texts', 'receipts', 'reloadOnWithdraw', 'ui',
  ]) as Partial<ConsentConfig> & Obj;
  if (problems.length && !isObj(input)) return { problems };

  const mode = opt<ResolvedConfig['mode']>('mode', c.mode, (v) => v === 'opt-in' || v === 'opt-out' || v === 'notice', '"opt-in", "opt-out" or "notice"', 'opt-in');

  const policies: Policy[] = [];
  for (const [id, p] of Object.entries(c.policies === undefined ? {} : obj('policies', c.policies))) {
    const path = `policies.${id}`;
    if (!ID.test(id)) { fail(path, 'an id of letters, digits, "_" or "-" (at most 32, starting with a letter)', id); continue; }
    const po = obj(path, p, ['version', 'url', 'label']);
    let version = po.version;
    if (typeof version === 'number' && Number.isFinite(version)) version = String(version);
    if (typeof version !== 'string' || !VERSION.test(version)) {
      fail(`${path}.version`, 'a string of 1–64 characters without spaces or | : + , ;', po.version);
      continue;
    }
    const url = opt<string | undefined>(`${path}.url`, po.url, (v) => isStr(v) && isSafeUrl(v as string), 'an http(s) or relative URL', undefined);
    policies.push({ id, version, url, label: opt(`${path}.label`, po.label, isStr, 'a string', id) });
  }

  const categories: Category[] = [];
  if (c.categories === undefined) problems.push('categories: expected an object of categories, got undefined');
  const catObj = c.categories === undefined ? {} : obj('categories', c.categories);
  for (const [id, v] of Object.entries(catObj)) {
    const path = `categories.${id}`;
    if (!ID.test(id)) { fail(path, 'an id of letters, digits, "_" or "-" (at most 32, starting with a letter)', id); continue; }
    const o = obj(path, v, ['required', 'label', 'description', 'cookies', 'storage', 'cookieTable']);
    const cookieTable: Category['cookieTable'] = [];
    if (o.cookieTable !== undefined) {
      if (!Array.isArray(o.cookieTable)) fail(`${path}.cookieTable`, 'an array', o.cookieTable);
      else o.cookieTable.forEach((row, i) => {
        const rp = `${path}.cookieTable[${i}]`;
        const r = obj(rp, row, ['name', 'purpose', 'duration']);
        const name = opt(`${rp}.name`, r.name ?? null, isStr, 'a string', '');
        if (name) cookieTable.push({ name, purpose: opt(`${rp}.purpose`, r.purpose, isStr, 'a string', undefined), duration: opt(`${rp}.duration`, r.duration, isStr, 'a string', undefined) });
      });
    }
    categories.push({
      id,
      required: opt(`${path}.required`, o.required, isBool, 'true or false', false),
      label: opt(`${path}.label`, o.label, isStr, 'a string', id),
      description: opt(`${path}.description`, o.description, isStr, 'a string', ''),
      cookies: strList(`${path}.cookies`, o.cookies, (s) => {
        try { toPattern(s); return undefined; } catch { return 'a valid /regex/'; }
      }, 'a string or /regex/').map(toPattern),
      storage: strList(`${path}.storage`, o.storage, (s) => {
        try { toPattern(s); return undefined; } catch { return 'a valid /regex/'; }
      }, 'a string or /regex/').map(toPattern),
      cookieTable,
    });
  }
  if (c.categories !== undefined && isObj(c.categories) && !categories.some((x) => !x.required) && !problems.length) {
    problems.push('categories: expected at least one optional category (without "required: true"), got none');
  }
  const optional = categories.filter((x) => !x.required).map((x) => x.id);
  const known = categories.map((x) => x.id);
  const catId = (list: string[]) => (s: string) => (list.includes(s) ? undefined : `one of ${list.map((x) => `"${x}"`).join(', ')}`);

  const ck = c.cookie === undefined ? {} : obj('cookie', c.cookie, ['name', 'domain', 'path', 'sameSite', 'secure']);
  const sameSite = opt<ResolvedConfig['cookie']['sameSite']>('cookie.sameSite', ck.sameSite, (v) => v === 'Lax' || v === 'Strict' || v === 'None', '"Lax", "Strict" or "None"', 'Lax');
  const secure = opt<boolean | undefined>('cookie.secure', ck.secure, isBool, 'true or false', undefined);
  if (sameSite === 'None' && secure === false) problems.push('cookie.secure: expected true with sameSite "None" (browsers refuse the cookie otherwise), got false');
  const cookie = {
    name: opt('cookie.name', ck.name, (v) => isStr(v) && /^[\w!#$&'*+.^`|~-]{1,64}$/.test(v as string), 'a cookie name (letters, digits, _ - . and no spaces)', 'consent'),
    domain: opt<string | undefined>('cookie.domain', ck.domain, (v) => isStr(v) && /^\.?[a-z0-9-]+(\.[a-z0-9-]+)*$/i.test(v as string), 'a domain name like "example.com"', undefined),
    path: opt('cookie.path', ck.path, (v) => isStr(v) && (v as string).startsWith('/'), 'a path starting with "/"', '/'),
    sameSite,
    secure,
  };

  const ex = c.expiry === undefined ? {} : obj('expiry', c.expiry, ['acceptDays', 'rejectDays']);
  const expiry = {
    acceptDays: opt('expiry.acceptDays', ex.acceptDays, isDays, 'a number of days between 0 and 3650', 365),
    rejectDays: opt('expiry.rejectDays', ex.rejectDays, isDays, 'a number of days between 0 and 3650', 182),
  };

  let gpc: string[] = [];
  if (c.gpc === undefined || c.gpc === true) gpc = optional.includes('marketing') ? ['marketing'] : [];
  else if (Array.isArray(c.gpc)) gpc = strList('gpc', c.gpc, catId(optional));
  else if (c.gpc !== false) fail('gpc', 'true, false or an array of category ids', c.gpc);

  let googleConsentMode: ResolvedConfig['googleConsentMode'];
  const g = c.googleConsentMode;
  if (g !== undefined && g !== false) {
    const options = ['map', 'region', 'ads_data_redaction', 'url_passthrough', 'wait_for_update'];
    let map: unknown = GCM_DEFAULT_MAP;
    let o: Obj = {};
    if (g !== true) {
      o = obj('googleConsentMode', g);
      // An object with option keys is options; any other object is a category → types map.
      if (Object.keys(o).some((k) => options.includes(k))) {
        obj('googleConsentMode', g, options);
        map = o.map ?? GCM_DEFAULT_MAP;
      } else { map = o; o = {}; }
    }
    const resolved: Record<string, string[]> = {};
    const mapPath = o.map !== undefined ? 'googleConsentMode.map' : 'googleConsentMode';
    for (const [cat, types] of Object.entries(obj(mapPath, map))) {
      if (!known.includes(cat)) {
        if (map !== GCM_DEFAULT_MAP) fail(`${mapPath}.${cat}`, `a category id (${known.join(', ')})`, cat);
        continue;
      }
      resolved[cat] = strList(`${mapPath}.${cat}`, types, (s) => (GCM_TYPES.includes(s) ? undefined : `a consent type (${GCM_TYPES.join(', ')})`));
    }
    googleConsentMode = {
      map: resolved,
      region: o.region === undefined ? undefined : strList('googleConsentMode.region', o.region, (s) => (/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/.test(s) ? undefined : 'an ISO 3166 code like "DE" or "US-CA"')),
      ads_data_redaction: opt('googleConsentMode.ads_data_redaction', o.ads_data_redaction, isBool, 'true or false', undefined),
      url_passthrough: opt('googleConsentMode.url_passthrough', o.url_passthrough, isBool, 'true or false', undefined),
      wait_for_update: opt('googleConsentMode.wait_for_update', o.wait_for_update, (v) => typeof v === 'number' && v >= 0 && v <= 10000, 'milliseconds from 0 to 10000', 500),
    };
  }

  const language = opt('language', c.language, (v) => isStr(v) && LANG.test(v as string), '"auto" or a language code like "en" or "pt-BR"', 'auto');

  const texts: Record<string, Record<string, string>> = {};
  for (const [lang, t] of Object.entries(c.texts === undefined ? {} : obj('texts', c.texts))) {
    if (!LANG.test(lang)) { fail(`texts.${lang}`, 'a language code like "en" or "pt-BR"', lang); continue; }
    const strings: Record<string, string> = {};
    for (const [k, s] of Object.entries(obj(`texts.${lang}`, t))) {
      if (typeof s === 'string') strings[k] = s;
      else fail(`texts.${lang}.${k}`, 'a string', s);
    }
    texts[lang.toLowerCase()] = strings;
  }

  let receipts: ResolvedConfig['receipts'];
  if (c.receipts !== undefined) {
    const r = obj('receipts', c.receipts, ['endpoint']);
    const endpoint = opt<string | undefined>('receipts.endpoint', r.endpoint ?? null, (v) => isStr(v) && isSafeUrl(v as string), 'an http(s) or relative URL', undefined);
    if (endpoint) receipts = { endpoint };
  }

  const u = c.ui === undefined ? {} : obj('ui', c.ui, ['layout', 'theme', 'floatingButton']);
  const ui = {
    layout: opt<ResolvedConfig['ui']['layout']>('ui.layout', u.layout, (v) => ['bar', 'bar-top', 'box', 'modal'].includes(v as string), '"bar", "bar-top", "box" or "modal"', 'bar'),
    theme: opt<ResolvedConfig['ui']['theme']>('ui.theme', u.theme, (v) => ['auto', 'light', 'dark'].includes(v as string), '"auto", "light" or "dark"', 'auto'),
    floatingButton: opt('ui.floatingButton', u.floatingButton, isBool, 'true or false', false),
  };

  const reloadOnWithdraw = opt('reloadOnWithdraw', c.reloadOnWithdraw, isBool, 'true or false', true);

  if (problems.length) return { problems };
  const config: ResolvedConfig = {
    mode, policies, categories, cookie, expiry, gpc, googleConsentMode, language, texts, receipts,
    reloadOnWithdraw, ui, raw: input as ConsentConfig,
  };
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
