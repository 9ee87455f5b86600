/**
 * What a visitor's decision means in TCF terms, as plain data: which purposes, special features,
 * vendors and publisher purposes get consent or keep their legitimate interest. Derived from the
 * categories the visitor granted (`tcf.purposes` maps each to TCF purposes), so one decision
 * drives the site's gated scripts, Google Consent Mode and IAB vendors alike. No DOM, no IAB code.
 */
import type { ResolvedTcf } from './config.js';

/** The TCF signals of one decision (ids ascending). */
export interface TcfChoices {
  purposeConsents: number[];
  purposeLegitimateInterests: number[];
  specialFeatureOptins: number[];
  vendorConsents: number[];
  vendorLegitimateInterests: number[];
  publisherConsents: number[];
  publisherLegitimateInterests: number[];
}

/** The part of a Global Vendor List entry the choices read. */
export interface GvlVendor {
  id: number;
  purposes: number[];
  legIntPurposes: number[];
  specialPurposes?: number[];
  deletedDate?: string;
}

/** Purposes that may rest on legitimate interest under TCF policy (never 1, nor 3–6 since v2.2). */
export const LI_PURPOSES = [2, 7, 8, 9, 10, 11];

const sorted = (s: Iterable<number>) => [...new Set(s)].sort((a, b) => a - b);
const meets = (a: readonly number[], b: ReadonlySet<number>) => a.some((x) => b.has(x));

/**
 * The TCF signals of a decision. A purpose has consent when a granted category stands for it;
 * its legitimate interest holds only then too (a refused category is also an objection to
 * legitimate interest for its purposes: a "no" stays a "no"). A vendor gets consent when it
 * declares a consented purpose, and legitimate interest when it declares one whose legitimate
 * interest holds. "Reject all" therefore leaves nothing set.
 *
 * @example fromCategories({ analytics: true, marketing: false }, tcf, vendors).purposeConsents // [1, 8, 9, 10]
 */
export function fromCategories(granted: Readonly<Record<string, boolean>>, tcf: ResolvedTcf, vendors: readonly GvlVendor[]): TcfChoices {
  const ids = (map: Record<string, number[]>) => sorted(Object.entries(map).filter(([c]) => granted[c] === true).flatMap(([, p]) => p));
  const consents = new Set(ids(tcf.purposes));
  const li = new Set(LI_PURPOSES.filter((p) => consents.has(p)));
  const listed = vendors.filter((v) => tcf.vendors.includes(v.id) && !v.deletedDate);
  return {
    purposeConsents: sorted(consents),
    purposeLegitimateInterests: sorted(li),
    specialFeatureOptins: ids(tcf.specialFeatures),
    vendorConsents: listed.filter((v) => meets(v.purposes, consents)).map((v) => v.id),
    vendorLegitimateInterests: listed.filter((v) => meets(v.legIntPurposes, li)).map((v) => v.id),
    publisherConsents: tcf.publisherPurposes.filter((p) => consents.has(p)),
    publisherLegitimateInterests: tcf.publisherPurposes.filter((p) => li.has(p)),
  };
}

/**
 * Google's Additional Consent (v2) string: `2~<consented ids>~dv.<disclosed, not consented ids>`.
 * A Google ad tech provider is consented when storage (purpose 1) and basic ads (purpose 2) are.
 *
 * @example addtlConsent([89, 1097], { purposeConsents: [1, 2] } as TcfChoices) // '2~89.1097~dv.'
 */
export function addtlConsent(googleVendors: readonly number[], choices: Pick<TcfChoices, 'purposeConsents'>): string {
  const yes = [1, 2].every((p) => choices.purposeConsents.includes(p));
  const ids = sorted(googleVendors).join('.');
  return `2~${yes ? ids : ''}~dv.${yes ? '' : ids}`;
}

/**
 * The config's categories for TCF choices: a category is granted only when every purpose and
 * special feature it stands for has consent (the site's own scripts of that category then run);
 * otherwise it is refused, so a partial yes never runs more than was agreed to.
 *
 * @example toCategories({ purposeConsents: [1, 8, 9, 10], specialFeatureOptins: [] }, tcf) // { analytics: true, marketing: false }
 */
export function toCategories(c: Pick<TcfChoices, 'purposeConsents' | 'specialFeatureOptins'>, tcf: Pick<ResolvedTcf, 'purposes' | 'specialFeatures'>): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const [id, ps] of Object.entries(tcf.purposes)) {
    const fs = tcf.specialFeatures[id] ?? [];
    out[id] = ps.length + fs.length > 0 && ps.every((p) => c.purposeConsents.includes(p)) && fs.every((f) => c.specialFeatureOptins.includes(f));
  }
  return out;
}
