import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { TCString, type TCModel } from '@iabtechlabtcf/core';
import { checkTcf, type ResolvedTcf } from '../../src/iab/tcf/config';
import { addtlConsent, fromCategories, LI_PURPOSES, type GvlVendor, type TcfChoices } from '../../src/iab/tcf/choices';
import { encodeTcString, gvlOf, isStale } from '../../src/iab/tcf/string';
import { runs } from '../support/fuzz';

/** The real Global Vendor List (IAB's test copy, 376 vendors), as a v2.3 list (tcfPolicyVersion 5). */
const LIST = { ...JSON.parse(readFileSync(new URL('../fixtures/iab-gvl/vendor-list.json', import.meta.url), 'utf8')), tcfPolicyVersion: 5 };
const VENDORS = Object.values(LIST.vendors as Record<string, GvlVendor>);
const ids = (v: { forEach(fn: (on: boolean, id: number) => void): void }) => {
  const out: number[] = [];
  v.forEach((on, id) => { if (on) out.push(id); });
  return out;
};
const choicesOf = (m: TCModel): TcfChoices => ({
  purposeConsents: ids(m.purposeConsents),
  purposeLegitimateInterests: ids(m.purposeLegitimateInterests),
  specialFeatureOptins: ids(m.specialFeatureOptins),
  vendorConsents: ids(m.vendorConsents),
  vendorLegitimateInterests: ids(m.vendorLegitimateInterests),
  publisherConsents: ids(m.publisherConsents),
  publisherLegitimateInterests: ids(m.publisherLegitimateInterests),
});
const tcfOf = (over: Record<string, unknown>): ResolvedTcf => checkTcf({ cmpId: 123, cmpVersion: 7, ...over }, ['analytics', 'marketing']).tcf!;
const subset = <T>(xs: readonly T[]) => fc.subarray([...xs]).map((s) => s);
const sorted = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);

describe('TC strings', () => {
  test('decode with IAB\'s TCString.decode to exactly the choices written, for random vendor sets of the real list', () => {
    const purposes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    const arbitrary = fc.record({
      configured: fc.subarray(VENDORS.map((v) => v.id), { minLength: 1, maxLength: 60 }),
      purposeConsents: subset(purposes),
      purposeLegitimateInterests: subset(LI_PURPOSES),
      specialFeatureOptins: subset([1, 2]),
      publisherPurposes: subset(purposes),
      pick: fc.infiniteStream(fc.boolean()),
      country: fc.constantFrom('DE', 'FR', 'AA', 'IT'),
      language: fc.constantFrom('en', 'de', 'fr', 'es'),
      created: fc.date({ min: new Date('2026-03-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
    });
    fc.assert(fc.property(arbitrary, (a) => {
      const tcf = tcfOf({ vendors: a.configured, publisherCountryCode: a.country, publisherPurposes: a.publisherPurposes });
      const listed = VENDORS.filter((v) => a.configured.includes(v.id));
      const it = a.pick[Symbol.iterator]();
      // Only signals a vendor can have: consent when it declares consent purposes, legitimate interest when it declares LI purposes.
      const choices: TcfChoices = {
        purposeConsents: sorted(a.purposeConsents),
        purposeLegitimateInterests: sorted(a.purposeLegitimateInterests),
        specialFeatureOptins: sorted(a.specialFeatureOptins),
        vendorConsents: listed.filter((v) => v.purposes.length && it.next().value).map((v) => v.id),
        vendorLegitimateInterests: listed.filter((v) => v.legIntPurposes.length && it.next().value).map((v) => v.id),
        publisherConsents: tcf.publisherPurposes.filter(() => it.next().value),
        publisherLegitimateInterests: tcf.publisherPurposes.filter((p) => LI_PURPOSES.includes(p) && it.next().value),
      };
      const string = encodeTcString(choices, tcf, gvlOf(LIST, a.language), a.created);
      const m = TCString.decode(string);
      expect(choicesOf(m)).toEqual(choices);
      expect(m.cmpId).toBe(123);
      expect(m.cmpVersion).toBe(7);
      expect(m.policyVersion).toBe(5);
      expect(m.isServiceSpecific).toBe(true);
      expect(m.vendorListVersion).toBe(LIST.vendorListVersion);
      expect(m.consentLanguage).toBe(a.language.toUpperCase());
      expect(m.publisherCountryCode).toBe(a.country);
      // Created and last updated: the day of the decision at 00:00 UTC, no time of day.
      const day = a.created.toISOString().slice(0, 10) + 'T00:00:00.000Z';
      expect([m.created.toISOString(), m.lastUpdated.toISOString()]).toEqual([day, day]);
      expect(ids(m.vendorsDisclosed)).toEqual(sorted(a.configured));
      // The publisher segment only when the site declares publisher purposes.
      expect(string.split('.').length).toBe(a.publisherPurposes.length ? 3 : 2);
      expect(isStale(string, a.configured)).toBe(false);
    }), { numRuns: runs(40) });
  });

  test('"Reject all" leaves no consent and no legitimate interest of any kind', () => {
    fc.assert(fc.property(fc.subarray(VENDORS.map((v) => v.id), { minLength: 1, maxLength: 80 }), (configured) => {
      const tcf = tcfOf({ vendors: configured, publisherPurposes: [1, 2, 7], specialFeatures: { marketing: [1, 2] } });
      const choices = fromCategories({ necessary: true, analytics: false, marketing: false }, tcf, VENDORS);
      const m = TCString.decode(encodeTcString(choices, tcf, gvlOf(LIST)));
      expect(choicesOf(m)).toEqual({ purposeConsents: [], purposeLegitimateInterests: [], specialFeatureOptins: [], vendorConsents: [], vendorLegitimateInterests: [], publisherConsents: [], publisherLegitimateInterests: [] });
      expect(ids(m.vendorsDisclosed)).toEqual(sorted(configured));
    }), { numRuns: runs(20) });
  });

  test('a granted category gives its purposes, and the vendors declaring them', () => {
    const tcf = tcfOf({ vendors: [1, 2, 8], specialFeatures: { marketing: [1] } });
    const c = fromCategories({ analytics: true, marketing: false }, tcf, VENDORS);
    expect(c.purposeConsents).toEqual([1, 8, 9, 10]);
    expect(c.purposeLegitimateInterests).toEqual([8, 9, 10]);
    expect(c.specialFeatureOptins).toEqual([]);
    const declares = (id: number, ps: number[]) => VENDORS.find((v) => v.id === id)!.purposes.some((p) => ps.includes(p));
    expect(c.vendorConsents).toEqual([1, 2, 8].filter((id) => declares(id, [1, 8, 9, 10])));
    expect(fromCategories({ analytics: true, marketing: true }, tcf, VENDORS).specialFeatureOptins).toEqual([1]);
  });

  test('asks again for a string of another policy version, or one that did not disclose a configured vendor', () => {
    const tcf = tcfOf({ vendors: [1, 2] });
    const v5 = encodeTcString(fromCategories({ analytics: true, marketing: true }, tcf, VENDORS), tcf, gvlOf(LIST));
    expect(isStale(v5, [1, 2])).toBe(false);
    expect(isStale(v5, [1, 2, 8])).toBe(true);
    // A v2.2 string (policy version 4), as written before TCF v2.3.
    const old = gvlOf(LIST);
    old.tcfPolicyVersion = 4;
    const v4 = encodeTcString(fromCategories({ analytics: true, marketing: true }, tcf, VENDORS), tcf, old);
    expect(TCString.decode(v4).policyVersion).toBe(4);
    expect(isStale(v4, [1, 2])).toBe(true);
    expect(isStale('garbage', [1])).toBe(true);
  });

  test('Additional Consent v2 lists consented providers, then disclosed ones', () => {
    expect(addtlConsent([1097, 89], { purposeConsents: [1, 2, 3] })).toBe('2~89.1097~dv.');
    expect(addtlConsent([1097, 89], { purposeConsents: [1] })).toBe('2~~dv.89.1097');
  });
});
