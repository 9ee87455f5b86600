/**
 * What the TCF interface draws from, loaded once per language: the served Global Vendor List (from
 * the site's own server, `tcf.gvl`: the one fetch the tag started and the CMP shares, link.ts), its texts in the interface's language (`purposes-<lang>.json`, also from the
 * site's server; English where there is none), and the interface's own words in that language.
 * Nothing is fetched from IAB or any other third party.
 */
import type { Consent } from '../../core/types.js';
import { LANGS, mergeTexts } from '../../i18n/index.js';
import { listOf, tcfOf, usableList } from '../tcf/link.js';
import type { ResolvedTcf } from '../tcf/config.js';
import { scopeOf, translate, type ListTexts, type Scope, type TcDataChoices, type VendorList } from './model.js';
import { tcfTexts, type TcfTexts } from './texts.js';

/** Languages with a file of the interface's words (`i18n/tcf-<code>.js`, lower case): every language of the banner but English, which is bundled. */
export const TCF_LANGS = LANGS.slice(1).map((l) => l.toLowerCase());

/** What both layers draw. */
export interface TcfData {
  tcf: ResolvedTcf;
  list: VendorList;
  scope: Scope;
  texts: TcfTexts;
  language: string;
}

const getJson = async (url: string): Promise<unknown> => {
  const r = await fetch(url, { credentials: 'same-origin' });
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return r.json();
};

const cache = new Map<string, { data?: TcfData; failed?: boolean; waiting: (() => void)[] }>();

/** Does the TCF interface apply: a checked `tcf` kept with the store, and rules in force that are opt-in (GDPR applies). */
export const applies = (c: Consent): ResolvedTcf | undefined => (c.get().mode === 'opt-in' ? tcfOf(c) : undefined);

/**
 * The interface's data for `language`, or undefined while it loads (`ready` is called once it has
 * arrived or failed) or null when the vendor list could not be had.
 */
export function tcfData(c: Consent, tcf: ResolvedTcf, language: string, ready: () => void): TcfData | null | undefined {
  const key = `${tcf.gvl}|${language}`;
  let entry = cache.get(key);
  if (!entry) {
    cache.set(key, (entry = { waiting: [] }));
    const e = entry;
    const done = () => e.waiting.splice(0).forEach((f) => f());
    const code = language.toLowerCase();
    // The one fetch of the list, which the tag started when the banner became due (link.ts).
    const list = listOf(c, tcf).then(usableList) as Promise<unknown> as Promise<VendorList>;
    // The list's texts in the language (`pt-br`, else `pt`); English (none) where the site has none.
    const words = code == 'en' ? undefined : getJson(`${tcf.gvl}/purposes-${code}.json`)
      .catch(() => (code.includes('-') ? getJson(`${tcf.gvl}/purposes-${code.split('-')[0]}.json`) : undefined)).catch(() => undefined) as Promise<ListTexts | undefined>;
    // The interface's words: the language's file, else its base language's (`pt-br` → `pt`), else English.
    const file = [code, code.split('-')[0]!].find((x) => TCF_LANGS.includes(x));
    const own = file ? import(/* @vite-ignore */ new URL(`i18n/tcf-${file}.js`, import.meta.url).href).then((m: { default: Partial<TcfTexts> }) => m.default, () => undefined) : undefined;
    Promise.all([list, words, own]).then(([json, tr, loaded]) => {
      const l = translate(json, tr && typeof tr == 'object' ? tr : undefined);
      e.data = { tcf, list: l, scope: scopeOf(tcf, l), language, texts: mergeTexts(tcfTexts, language, loaded as never, c.config.texts) };
    }).catch((err: unknown) => {
      console.error('consent-gate: tcf interface', err);
      // The layers fall back to the banner's own (the CMP, which needs the list too, writes no string: nothing is granted to vendors).
      e.failed = true;
    }).finally(done);
  }
  if (!entry.data && !entry.failed) entry.waiting.push(ready);
  return entry.failed ? null : entry.data;
}

/** The current TC string's choices as TCData gives them (undefined without a string), through the page's `__tcfapi`. */
export function currentChoices(): Promise<TcDataChoices | undefined> {
  return new Promise((resolve) => {
    // No string yet (the CMP still writing it): the switches start as for a first visit.
    setTimeout(resolve, 2000);
    const api = (window as unknown as { __tcfapi?: (cmd: string, v: number, cb: (d: TcDataChoices & { tcString?: string; listenerId?: number }, ok: boolean) => void, p?: unknown) => void }).__tcfapi;
    if (!api) return resolve(undefined);
    api('addEventListener', 2, (d, ok) => {
      if (d?.listenerId != null) api('removeEventListener', 2, () => {}, d.listenerId);
      resolve(ok && d?.tcString ? d : undefined);
    });
  });
}

/** The banner showing each store's layers: the language it renders in, and how to ask it for a render. */
export const hosts = new WeakMap<Consent, { language: string; update(): void; el: HTMLElement & { updateComplete: Promise<boolean> } }>();

/** Set when the first layer's partner count was chosen: the second layer opens at the partner list. */
export const intent = { vendors: false };
