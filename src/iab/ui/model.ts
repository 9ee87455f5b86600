/**
 * The TCF consent interface's logic, as plain data (no DOM, no Lit, no IAB code): what the layers
 * show for a config and a served Global Vendor List (the purposes, a stack choice, the vendors),
 * the visitor's switches, vendor search, and what the switches mean as TCF choices and as the
 * config's categories. The templates (first-layer.ts, layer2.ts) only draw this.
 */
import { LI_PURPOSES, type GvlVendor, type TcfChoices } from '../tcf/choices.js';
export { toCategories } from '../tcf/choices.js';
import type { ResolvedTcf } from '../tcf/config.js';

/** A purpose, special purpose, feature, special feature or data category of the list, in the list's language. */
export interface GvlItem {
  id: number;
  name: string;
  description?: string;
  illustrations?: string[];
}

/** A stack: a name standing for several purposes and special features on the first layer. */
export interface GvlStack extends GvlItem {
  purposes: number[];
  specialFeatures: number[];
}

/** A vendor as the list declares it (the fields the interface shows). */
export interface ListVendor extends GvlVendor {
  name: string;
  features?: number[];
  specialFeatures?: number[];
  cookieMaxAgeSeconds?: number | null;
  usesCookies?: boolean;
  cookieRefresh?: boolean;
  usesNonCookieAccess?: boolean;
  dataRetention?: { stdRetention?: number; purposes?: Record<string, number>; specialPurposes?: Record<string, number> };
  urls?: { langId?: string; privacy?: string; legIntClaim?: string }[];
  /** The list format before v3: one privacy policy URL. */
  policyUrl?: string;
  dataDeclaration?: number[];
  deviceStorageDisclosureUrl?: string;
}

type Items<T = GvlItem> = Record<string, T>;

/** The parts of `vendor-list.json` (and of a `purposes-{lang}.json` translation) the interface reads. */
export interface VendorList {
  vendorListVersion?: number;
  purposes: Items;
  specialPurposes?: Items;
  features?: Items;
  specialFeatures?: Items;
  stacks?: Items<GvlStack>;
  dataCategories?: Items;
  vendors: Record<string, ListVendor>;
}

/** A translation of the list's texts (`purposes-{lang}.json`): the same kinds, by id, without vendors. */
export type ListTexts = Partial<Omit<VendorList, 'vendors' | 'vendorListVersion'>>;

const KINDS = ['purposes', 'specialPurposes', 'features', 'specialFeatures', 'stacks', 'dataCategories'] as const;

/**
 * The list with its texts in another language: each name, description and illustrations the
 * translation has replaces the English one; what it lacks stays English.
 *
 * @example translate(list, { purposes: { 1: { id: 1, name: 'Informationen auf einem Gerät speichern …' } } }).purposes[1].name
 */
export function translate(list: VendorList, texts: ListTexts | undefined): VendorList {
  if (!texts) return list;
  const out = { ...list };
  for (const kind of KINDS) {
    const own = list[kind], tr = texts[kind];
    if (!own || !tr || typeof tr !== 'object') continue;
    const merged: Items<GvlItem & Partial<GvlStack>> = {};
    for (const [id, item] of Object.entries(own)) {
      const t = Object.hasOwn(tr, id) ? tr[id] : undefined;
      merged[id] = { ...item };
      for (const k of ['name', 'description'] as const) if (typeof t?.[k] == 'string') merged[id][k] = t[k];
      if (Array.isArray(t?.illustrations)) merged[id].illustrations = t.illustrations.filter((x) => typeof x == 'string');
    }
    (out as Record<string, unknown>)[kind] = merged;
  }
  return out;
}

const sorted = (s: Iterable<number>) => [...new Set(s)].sort((a, b) => a - b);
const union = (lists: Iterable<readonly number[] | undefined>) => sorted([...lists].flatMap((l) => l ?? []));

/** What the interface asks about and discloses for a config and its served list. */
export interface Scope {
  /** Purposes the config maps categories to: each gets a consent switch. */
  purposes: number[];
  /** Of those, the ones some listed vendor claims a legitimate interest for (and TCF allows it for): each gets a right-to-object switch. */
  legInt: number[];
  /** Special features the config lets visitors opt in to. */
  specialFeatures: number[];
  /** Special purposes and features the listed vendors declare: disclosed, no choice. */
  specialPurposes: number[];
  features: number[];
  /** The configured vendors the list has (not deleted), by name. */
  vendors: ListVendor[];
}

/**
 * What the layers show for `tcf` and the served `list`.
 *
 * @example scopeOf(tcf, list).vendors.length // the number the first layer names
 */
export function scopeOf(tcf: Pick<ResolvedTcf, 'purposes' | 'specialFeatures' | 'vendors'>, list: VendorList): Scope {
  const vendors = tcf.vendors.map((id) => list.vendors[id]).filter((v): v is ListVendor => !!v && !v.deletedDate)
    .sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
  const purposes = union(Object.values(tcf.purposes)).filter((p) => list.purposes[p]);
  const claimed = new Set(vendors.flatMap((v) => v.legIntPurposes));
  return {
    purposes,
    legInt: purposes.filter((p) => LI_PURPOSES.includes(p) && claimed.has(p)),
    specialFeatures: union(Object.values(tcf.specialFeatures)).filter((f) => list.specialFeatures?.[f]),
    specialPurposes: union(vendors.map((v) => v.specialPurposes)).filter((p) => list.specialPurposes?.[p]),
    features: union(vendors.map((v) => v.features)).filter((f) => list.features?.[f]),
    vendors,
  };
}

/**
 * The first layer's summary: stacks of the list that cover the purposes and special features asked
 * about, each used only when all it stands for is asked about and it covers two or more of what is
 * still uncovered (largest first, none overlapping), then the purposes and special features left.
 * Purpose 1 (storage and access) is never in a stack, so it is always named on its own.
 *
 * @example pickStacks([1, 2, 3, 4], [], list.stacks) // { stacks: [stack 4?], purposes: [1], specialFeatures: [] }
 */
export function pickStacks(purposes: readonly number[], specialFeatures: readonly number[], stacks: Items<GvlStack> = {}): { stacks: GvlStack[]; purposes: number[]; specialFeatures: number[] } {
  const left = { p: new Set(purposes), f: new Set(specialFeatures) };
  const size = (s: GvlStack) => s.purposes.length + s.specialFeatures.length;
  const chosen: GvlStack[] = [];
  const candidates = Object.values(stacks).filter((s) => Array.isArray(s.purposes) && Array.isArray(s.specialFeatures) && !s.purposes.includes(1))
    .sort((a, b) => size(b) - size(a) || a.id - b.id);
  for (const s of candidates) {
    if (size(s) >= 2 && s.purposes.every((p) => left.p.has(p)) && s.specialFeatures.every((f) => left.f.has(f))) {
      chosen.push(s);
      s.purposes.forEach((p) => left.p.delete(p));
      s.specialFeatures.forEach((f) => left.f.delete(f));
    }
  }
  return { stacks: chosen, purposes: sorted(left.p), specialFeatures: sorted(left.f) };
}

/** The visitor's switches in the second layer. Consent switches start off; legitimate interest starts established (no objection). */
export interface Switches {
  purposes: Set<number>;
  /** Purposes whose legitimate interest the visitor objects to. */
  objections: Set<number>;
  specialFeatures: Set<number>;
  vendors: Set<number>;
  /** Vendors whose legitimate interest the visitor objects to. */
  vendorObjections: Set<number>;
}

/** What TCData (`__tcfapi` addEventListener) says of the current string: id → on. */
export interface TcDataChoices {
  purpose?: { consents?: Record<string, boolean>; legitimateInterests?: Record<string, boolean> };
  vendor?: { consents?: Record<string, boolean>; legitimateInterests?: Record<string, boolean> };
  specialFeatureOptins?: Record<string, boolean>;
}

/**
 * The switches when the second layer opens: nothing consented and no objection for a visitor who
 * has not decided; the current TC string's choices (TCData) for one who has.
 *
 * @example initialSwitches(scope).purposes.size // 0: nothing pre-ticked
 */
export function initialSwitches(scope: Scope, current?: TcDataChoices): Switches {
  const on = (m: Record<string, boolean> | undefined, ids: readonly number[]) => new Set(ids.filter((id) => m?.[id] === true));
  const ids = scope.vendors.map((v) => v.id);
  if (!current) return { purposes: new Set(), objections: new Set(), specialFeatures: new Set(), vendors: new Set(), vendorObjections: new Set() };
  const li = on(current.purpose?.legitimateInterests, scope.legInt);
  const vli = on(current.vendor?.legitimateInterests, ids);
  return {
    purposes: on(current.purpose?.consents, scope.purposes),
    objections: new Set(scope.legInt.filter((p) => !li.has(p))),
    specialFeatures: on(current.specialFeatureOptins, scope.specialFeatures),
    vendors: on(current.vendor?.consents, ids),
    vendorObjections: new Set(ids.filter((id) => !vli.has(id))),
  };
}

/**
 * The TCF choices of the switches. A vendor has consent when its switch is on and it declares a
 * consented purpose (one that declares special features only has no consent bit: IAB's encoder
 * drops it, and its special features are the visitor's opt-ins); legitimate interest when the
 * visitor does not object to it and it claims one for a purpose whose legitimate interest stands.
 *
 * @example toChoices(switches, tcf, scope).purposeConsents // the purposes switched on, ascending
 */
export function toChoices(s: Switches, tcf: Pick<ResolvedTcf, 'publisherPurposes'>, scope: Scope): TcfChoices {
  const consents = scope.purposes.filter((p) => s.purposes.has(p));
  const li = scope.legInt.filter((p) => !s.objections.has(p));
  const optins = scope.specialFeatures.filter((f) => s.specialFeatures.has(f));
  const meets = (a: readonly number[] | undefined, b: readonly number[]) => !!a?.some((x) => b.includes(x));
  return {
    purposeConsents: consents,
    purposeLegitimateInterests: li,
    specialFeatureOptins: optins,
    vendorConsents: sorted(scope.vendors.filter((v) => s.vendors.has(v.id) && meets(v.purposes, consents)).map((v) => v.id)),
    vendorLegitimateInterests: sorted(scope.vendors.filter((v) => !s.vendorObjections.has(v.id) && meets(v.legIntPurposes, li)).map((v) => v.id)),
    publisherConsents: tcf.publisherPurposes.filter((p) => consents.includes(p)),
    publisherLegitimateInterests: tcf.publisherPurposes.filter((p) => li.includes(p)),
  };
}

/** Lower case, without accents: "Société" and "societe" match. */
export const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * A search over the vendors: each word of `query` must occur in the vendor's name (case and
 * accents aside), or the query is the vendor's id. An empty query finds every vendor.
 *
 * @example vendorSearch(scope.vendors)('google') // [Google Advertising Products, …]
 * @returns a function from query to the matching vendors, in list order
 */
export function vendorSearch<V extends ListVendor>(vendors: readonly V[]): (query: string) => V[] {
  const names = vendors.map((v) => fold(v.name));
  return (query) => {
    const words = fold(query).split(/\s+/).filter(Boolean);
    if (!words.length) return [...vendors];
    const id = /^\d+$/.test(query.trim()) ? Number(query.trim()) : -1;
    return vendors.filter((v, i) => v.id === id || words.every((w) => names[i]!.includes(w)));
  };
}

/** An absolute http(s) URL without spaces or control characters, or undefined: only those become links. */
export function httpUrl(url: unknown): string | undefined {
  // eslint-disable-next-line no-control-regex
  return typeof url == 'string' && /^https?:\/\/[^\s\u0000-\u001f\u007f\\"<>]+$/i.test(url) ? url : undefined;
}

/**
 * A vendor's links in `language` (its `urls` entry for that language, else English, else the
 * first), each checked with `httpUrl`.
 *
 * @example vendorLinks(list.vendors[755], 'de').privacy // 'https://business.safety.google/privacy/'
 */
export function vendorLinks(v: ListVendor, language: string): { privacy?: string; legIntClaim?: string; storage?: string } {
  const lang = language.toLowerCase();
  const urls = v.urls ?? [];
  const u = urls.find((x) => x.langId?.toLowerCase() === lang) ?? urls.find((x) => x.langId?.toLowerCase() === lang.split('-')[0])
    ?? urls.find((x) => x.langId === 'en') ?? urls[0];
  return { privacy: httpUrl(u?.privacy ?? v.policyUrl), legIntClaim: httpUrl(u?.legIntClaim), storage: httpUrl(v.deviceStorageDisclosureUrl) };
}

/** Days a vendor keeps data for a purpose (its own figure for it, else its standard one), or undefined. */
export function retention(v: ListVendor, purpose: number, special = false): number | undefined {
  const r = v.dataRetention;
  const own = (special ? r?.specialPurposes : r?.purposes)?.[purpose];
  return typeof own == 'number' ? own : typeof r?.stdRetention == 'number' ? r.stdRetention : undefined;
}
