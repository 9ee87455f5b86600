/**
 * What the debug panel shows, read from the page: the rules in force, the stored decision and
 * every copy of its cookie, every element and request held (by markup or by `sources`) and
 * whether it has run, what was erased and why, and what Google Consent Mode was last told.
 * Plain data (`Report`), rendered by panel.ts; nothing here changes the page.
 */
import type { HeldEntry } from '../block/held.js';
import { sourceMatcher } from '../block/match.js';
import { decodeRecord } from '../core/record.js';
import type { Consent, ConsentState, ResolvedConfig } from '../core/types.js';
import { SERVICES } from '../services/index.js';
import type { erased as Erased } from '../storage/erase.js';

/** What the panel was given: the drop-in's tag (null with npm), the store (none while starting or with an invalid config), the records. */
export interface DebugSources {
  script: HTMLScriptElement | null;
  consent: Consent | undefined;
  held: readonly HeldEntry[] | undefined;
  erased: typeof Erased;
}

/** One element or request that a category holds (or held). */
export interface HeldItem {
  /** `<script src="…">`, `<iframe>`, `fetch / XHR / beacon`, … */
  what: string;
  url: string;
  categories: string[];
  /** What holds it: `data-consent="analytics"`, `categories.analytics.sources: "tracker.test"`, `autoBlock: Hotjar (analytics)`. */
  rule: string;
  /** `waiting` (held now), `ran` (a script that was released), `loaded` (an embed released), `blocked` (a request that failed). */
  status: 'waiting' | 'ran' | 'loaded' | 'blocked';
  /** How many times (requests to the same URL). */
  count: number;
}

export interface ErasedItem { kind: 'cookie' | 'localStorage'; name: string; category: string | undefined; why: string; count: number }

/** The build in use, from the drop-in's file name (or npm), and what it serves. */
export function buildOf(script: HTMLScriptElement | null): { name: string; blocks: 'none' | 'sources' | 'autoBlock' } {
  if (!script) return { name: 'npm package (ESM)', blocks: 'autoBlock' };
  const file = /([^/?#]*)(?:[?#].*)?$/.exec(script.src)![1]!;
  const variant = /\.(block|auto|iab)\.js$/.exec(file)?.[1];
  return { name: file || script.src, blocks: variant === 'auto' ? 'autoBlock' : variant === 'block' ? 'sources' : 'none' };
}

/** How the visitor's region was found, in words. */
export function regionFrom(script: HTMLScriptElement | null, config: ResolvedConfig, state: ConsentState, simulated?: string): string {
  if (simulated) return `simulated by this panel (${simulated})`;
  if (script?.dataset.region) return `the drop-in tag's data-region="${script.dataset.region}"`;
  if (config.region) return `the config's region "${config.region}"`;
  if (config.regionEndpoint) return state.region ? `answered by regionEndpoint ${config.regionEndpoint}` : `regionEndpoint ${config.regionEndpoint} has not answered (yet): the strictest rules apply`;
  return config.regions ? 'unknown (no data-region, region or regionEndpoint): the strictest rules apply' : 'not needed (the config has no regions)';
}

/** The config's own text, as the drop-in reads it: the tag's `data-config`, else a `<script data-consent-config>` block. */
export const configText = (script: HTMLScriptElement | null): string | undefined =>
  script?.dataset.config ?? document.querySelector('script[data-consent-config]')?.textContent ?? undefined;

/** Every copy of the decision cookie the page can see, each read as the store reads it. */
export function cookieCopies(name: string, now = Date.now()): { value: string; readable: boolean; decidedAt?: string; expiresAt?: string }[] {
  return document.cookie.split('; ').flatMap((c) => {
    const i = c.indexOf('=');
    if (c.slice(0, i) !== name) return [];
    let value = c.slice(i + 1);
    try { value = decodeURIComponent(value); } catch { /* kept as it is: unreadable */ }
    const r = decodeRecord(value, now);
    return [{ value, readable: !!r, ...(r && { decidedAt: new Date(r.decidedAt).toISOString(), expiresAt: new Date(r.expiresAt).toISOString() }) }];
  });
}

/** Which rule of the config (or which well-known service) holds `url`. */
export function ruleOf(url: string, config: ResolvedConfig): string {
  const own = sourceMatcher(config.categories.flatMap((c) => c.sources.map((s) => [s, `categories.${c.id}.sources: "${s}"`] as const)))(url, document.baseURI);
  if (own.length) return own.join(', ');
  if (config.autoBlock) {
    const found = sourceMatcher(SERVICES.flatMap((s, i) => s.patterns.map((p) => [p, i] as const)))(url, document.baseURI);
    const s = found.length ? SERVICES[Math.min(...found)] : undefined;
    if (s) return `autoBlock: ${s.name} (${s.category}${config.autoBlock[s.category] !== s.category ? ` → ${config.autoBlock[s.category]}` : ''})`;
  }
  return 'sources';
}

/** A known service's name for a URL (whether the config blocks it or not), for problems. */
export function serviceOf(url: string): string | undefined {
  const found = sourceMatcher(SERVICES.flatMap((s, i) => s.patterns.map((p) => [p, i] as const)))(url, document.baseURI);
  return found.length ? SERVICES[Math.min(...found)]!.name : undefined;
}

/** `<tag>` with its URL attribute's name, as a developer would search their HTML for it. */
const tagOf = (el: Element, attr = ''): string => `<${el.localName}${attr && attr !== 'src' ? ` ${attr}` : ''}>`;

/** The URL an element loads (or will load once released); an inline script's first words. */
function urlOf(el: Element): string {
  for (const a of ['data-src', 'src', 'data-srcset', 'srcset', 'data-poster', 'poster', 'data', 'href']) {
    const v = el.getAttribute(a);
    if (v) return new URL(v.split(/\s/)[0]!, document.baseURI).href;
  }
  return el.localName === 'script' ? `inline: ${(el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 60)}` : '';
}

/** The categories `el` needs: its own and those of every gated element around it (as the gate reads them). */
export function categoriesOf(el: Element): string[] {
  const cats: string[] = [];
  for (let e = el.closest('[data-consent]'); e; e = e.parentElement?.closest('[data-consent]') ?? null) cats.push(...e.getAttribute('data-consent')!.trim().split(/\s+/));
  return [...new Set(cats)].filter(Boolean);
}

/** Has a marked element been released (a script run, an embed given its URL)? */
function released(el: Element): boolean {
  if (el.localName === 'script') return el.getAttribute('type') !== 'text/plain';
  return !(el.matches('[data-src],[data-srcset],[data-poster]') || el.querySelector('[data-src],[data-srcset],[data-poster]'));
}

/**
 * Every element and request held on this page: marked elements (`data-consent`, found in the
 * document), and what blocking without markup held (the record kept by src/block/held.ts),
 * with the rule that holds each and whether it has run since.
 */
export function heldItems(config: ResolvedConfig | undefined, held: readonly HeldEntry[] = []): HeldItem[] {
  const items: HeldItem[] = [];
  const byBlocker = new Map<Element, HeldEntry>();
  const requests = new Map<string, HeldItem>();
  for (const entry of held) {
    const { el, value, cats } = entry;
    if (el) byBlocker.set(el, entry);
    else {
      const abs = new URL(String(value), document.baseURI).href;
      const key = abs + ' ' + cats.join(' ');
      const r = requests.get(key);
      if (r) r.count++;
      else requests.set(key, { what: 'fetch / XHR / beacon / WebSocket / EventSource / form', url: abs, categories: cats, rule: config ? ruleOf(abs, config) : 'sources', status: 'blocked', count: 1 });
    }
  }
  // Marked elements in document order; those that blocking marked are labelled with its rule.
  for (const el of document.querySelectorAll('[data-consent]')) {
    const url = urlOf(el);
    const fromBlocker = byBlocker.get(el);
    // A container (a gated <div> around gated content) holds what is inside it: listed once, by its contents.
    if (!url && el.localName !== 'script') continue;
    const cats = categoriesOf(el);
    byBlocker.delete(el);
    items.push({
      what: tagOf(el), url, categories: cats,
      rule: fromBlocker ? (config ? ruleOf(String(fromBlocker.value), config) : 'sources') : `data-consent="${el.getAttribute('data-consent')}"`,
      status: released(el) ? (el.localName === 'script' ? 'ran' : 'loaded') : 'waiting', count: 1,
    });
  }
  // Held by taking their URL away (scripts, <link>s, SVG, srcdoc), or not in the document (a
  // pixel): from the record, the last hold of each element's attribute; pixels to one URL counted once.
  const done = new Map<Element, Set<string>>();
  const pixels = new Map<string, HeldItem>();
  for (let i = held.length; i--;) {
    const { el, attr = '', value, cats } = held[i]!;
    const url = String(value);
    if (!el || !byBlocker.has(el) || done.get(el)?.has(attr)) continue;
    done.set(el, (done.get(el) ?? new Set()).add(attr));
    const back = el.getAttribute(attr.replace('xlink:', '')) !== null;
    const srcdoc = attr === 'srcdoc';
    const item: HeldItem = {
      what: tagOf(el, attr) + (el.isConnected ? '' : ' (not in the page)'), url: srcdoc ? `srcdoc naming ${url.slice(0, 80)}` : new URL(url, document.baseURI).href,
      categories: cats, rule: config ? ruleOf(srcdoc ? (/\/\/[^\s"'<>`\\)]+/.exec(url)?.[0] ?? url) : url, config) : 'sources',
      status: back ? (el.localName === 'script' ? 'ran' : 'loaded') : 'waiting', count: 1,
    };
    const key = item.what + item.url + item.status;
    const same = !el.isConnected && pixels.get(key);
    if (same) same.count++;
    else {
      if (!el.isConnected) pixels.set(key, item);
      items.push(item);
    }
  }
  return [...items, ...requests.values()];
}

/** Tests a name against a config's cookie or storage patterns. */
const matches = (patterns: readonly (string | RegExp)[], name: string) => patterns.some((p) => (typeof p === 'string' ? p === name : p.test(name)));

/** The category whose `cookies` (or `storage`) list a name. */
export function declaredBy(config: ResolvedConfig, kind: 'cookies' | 'storage', name: string): string | undefined {
  return config.categories.find((c) => matches(c[kind], name))?.id;
}

/** What was erased on this page, with the category that declared each and why it was erased. */
export function erasedItems(config: ResolvedConfig | undefined, state: ConsentState | undefined, erased: typeof Erased): ErasedItem[] {
  const out = new Map<string, ErasedItem>();
  for (const [kind, names] of [['cookie', erased.cookies], ['localStorage', erased.storage]] as const) {
    for (const name of names) {
      const key = kind + ' ' + name;
      const item = out.get(key);
      if (item) { item.count++; continue; }
      const category = config && declaredBy(config, kind === 'cookie' ? 'cookies' : 'storage', name);
      const why = category === undefined ? 'listed by a category'
        : state?.categories[category] ? `categories.${category} was refused or withdrawn earlier on this page`
        : `categories.${category} is ${state?.decided ? 'refused' : 'not granted'}: what it lists is erased at every page view where it is refused, and when it is withdrawn`;
      out.set(key, { kind, name, category, why, count: 1 });
    }
  }
  return [...out.values()];
}

/** What Google Consent Mode was told, from `dataLayer`: the first `consent default`, then each `consent update` (the last one counts). */
export function consentModeLog(): { default?: Record<string, unknown>; updates: Record<string, unknown>[]; set: Record<string, unknown> } {
  const layer = (window as unknown as { dataLayer?: unknown }).dataLayer;
  const out: ReturnType<typeof consentModeLog> = { updates: [], set: {} };
  if (!Array.isArray(layer)) return out;
  for (const entry of layer) {
    // gtag() pushes its `arguments`: array-like, not an array.
    if (!entry || typeof entry !== 'object' || typeof (entry as { length?: unknown }).length !== 'number') continue;
    const [command, name, value] = Array.from(entry as ArrayLike<unknown>);
    if (command === 'consent' && value && typeof value === 'object') {
      if (name === 'default') out.default ??= value as Record<string, unknown>;
      else if (name === 'update') out.updates.push(value as Record<string, unknown>);
    } else if (command === 'set' && typeof name === 'string' && /^(ads_data_redaction|url_passthrough)$/.test(name)) out.set[name] = value;
  }
  return out;
}
