/**
 * TC strings (IAB TCF v2.3), written and read with IAB Tech Lab's own `@iabtechlabtcf/core`:
 * the core segment, the disclosed-vendors segment (mandatory for strings created since
 * 28 February 2026) and, when the site declares publisher purposes, the publisher segment.
 */
import { GVL, Segment, TCModel, TCString } from '@iabtechlabtcf/core';
import { POLICY_VERSION, type ResolvedTcf } from './config.js';
import type { TcfChoices } from './choices.js';

/** A Global Vendor List as served (the JSON of `vendor-list.json`). */
export type VendorListJson = ConstructorParameters<typeof GVL>[0];

/**
 * The list as a `GVL` for encoding, in `language` when IAB has a consent language of that name
 * (else English). A list for another TCF policy version is still used, but this CMP writes v2.3's.
 */
export function gvlOf(json: object, language = 'en'): GVL {
  let gvl: GVL;
  try { gvl = new GVL(json as VendorListJson, { language }); } catch { gvl = new GVL(json as VendorListJson); }
  gvl.tcfPolicyVersion = POLICY_VERSION;
  return gvl;
}

/** The configured vendors that the served list has (and has not deleted): those a string discloses. */
export const disclosedVendors = (tcf: Pick<ResolvedTcf, 'vendors'>, gvl: GVL): number[] =>
  tcf.vendors.filter((id) => gvl.vendors[id] && !gvl.vendors[id]!.deletedDate);

/**
 * Writes the TC string of `choices`: service-specific, policy version 5, the list's version, the
 * GVL's language as consent language, the site's CMP id, version and country; created and last
 * updated on the day of `now` (00:00 UTC, no time of day).
 *
 * @example encodeTcString(fromCategories(granted, tcf, vendors), tcf, gvlOf(json, 'de')) // 'CQ…' (core.disclosed[.publisher])
 */
export function encodeTcString(choices: TcfChoices, tcf: ResolvedTcf, gvl: GVL, now = new Date()): string {
  const m = new TCModel(gvl);
  m.cmpId = tcf.cmpId;
  m.cmpVersion = tcf.cmpVersion;
  m.isServiceSpecific = true;
  m.publisherCountryCode = tcf.publisherCountryCode;
  // The day only (00:00 UTC), as IAB's own TCModel.updated() does: the time of day would make the
  // string more identifying and tells a vendor nothing it needs; the decision's record keeps its exact time.
  m.created = m.lastUpdated = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  m.purposeConsents.set(choices.purposeConsents);
  m.purposeLegitimateInterests.set(choices.purposeLegitimateInterests);
  m.specialFeatureOptins.set(choices.specialFeatureOptins);
  m.vendorConsents.set(choices.vendorConsents);
  m.vendorLegitimateInterests.set(choices.vendorLegitimateInterests);
  m.publisherConsents.set(choices.publisherConsents);
  m.publisherLegitimateInterests.set(choices.publisherLegitimateInterests);
  m.vendorsDisclosed.set(disclosedVendors(tcf, gvl));
  const segments = [Segment.CORE, Segment.VENDORS_DISCLOSED];
  if (tcf.publisherPurposes.length) segments.push(Segment.PUBLISHER_TC);
  return TCString.encode(m, { segments });
}

// Reading a string needs none of IAB's code: decode.ts (what a return visit loads) does it.
export { describe, isStale } from './decode.js';
