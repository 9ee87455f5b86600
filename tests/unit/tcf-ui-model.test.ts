/**
 * The TCF interface's logic on the real 376-vendor list: what the layers show, the stacks of the
 * first layer, vendor search, the switches' defaults, and what the switches mean as TCF choices
 * (decoded back with IAB's own TCString.decode) and as the config's categories.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { TCString } from '@iabtechlabtcf/core';
import { checkTcf } from '../../src/iab/tcf/config';
import { encodeTcString, gvlOf } from '../../src/iab/tcf/string';
import { offerChoices, takeChoices } from '../../src/iab/tcf/link';
import {
  fold, httpUrl, initialSwitches, pickStacks, retention, scopeOf, toCategories, toChoices, translate, vendorLinks, vendorSearch, type VendorList,
} from '../../src/iab/ui/model';

const ROOT = join(import.meta.dirname, '../..');
const LIST = { ...JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/iab-gvl/vendor-list.json'), 'utf8')), tcfPolicyVersion: 5 } as VendorList;
const DE = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/iab-gvl/purposes-de.json'), 'utf8'));
const ALL = Object.keys(LIST.vendors).map(Number);
const tcfOf = (extra: object = {}) => checkTcf({ cmpId: 123, cmpVersion: 1, vendors: [755, 21, 32, 793, 1], purposes: { analytics: [1, 8, 9, 10], marketing: [1, 2, 3, 4, 7] }, ...extra }, ['analytics', 'marketing']).tcf!;

describe('scopeOf', () => {
  test('asks about the configured purposes, with a right to object only where a listed vendor claims legitimate interest', () => {
    const s = scopeOf(tcfOf(), LIST);
    expect(s.purposes).toEqual([1, 2, 3, 4, 7, 8, 9, 10]);
    // TCF allows legitimate interest for 2 and 7–11 only; Google (755) claims 2, 7, 9, 10.
    expect(s.legInt.every((p) => [2, 7, 8, 9, 10, 11].includes(p))).toBe(true);
    expect(s.legInt).toEqual(expect.arrayContaining([2, 7, 9, 10]));
    expect(s.specialFeatures).toEqual([]);
  });

  test('lists the configured vendors the list has, by name; 793 is not on it', () => {
    const s = scopeOf(tcfOf(), LIST);
    expect(s.vendors.map((v) => v.id).sort((a, b) => a - b)).toEqual([1, 21, 32, 755]);
    const names = s.vendors.map((v) => v.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });

  test('offers the configured special features as opt-ins and discloses the vendors\' special purposes and features', () => {
    const s = scopeOf(tcfOf({ specialFeatures: { marketing: [1] } }), LIST);
    expect(s.specialFeatures).toEqual([1]);
    expect(s.specialPurposes).toEqual([1, 2]);
    expect(s.features.length).toBeGreaterThan(0);
  });
});

describe('pickStacks', () => {
  test('never puts purpose 1 in a stack, and covers each purpose once', () => {
    const s = scopeOf(tcfOf(), LIST);
    const sum = pickStacks(s.purposes, [], LIST.stacks);
    expect(sum.purposes).toContain(1);
    const covered = [...sum.stacks.flatMap((x) => x.purposes), ...sum.purposes].sort((a, b) => a - b);
    expect(covered).toEqual(s.purposes);
    expect(sum.stacks.every((x) => x.specialFeatures.length === 0)).toBe(true);
  });

  test('uses a stack only when all it stands for is asked about', () => {
    fc.assert(fc.property(fc.subarray([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), fc.subarray([1, 2]), (purposes, features) => {
      const sum = pickStacks(purposes, features, LIST.stacks);
      for (const st of sum.stacks) {
        expect(st.purposes.every((p) => purposes.includes(p))).toBe(true);
        expect(st.specialFeatures.every((f) => features.includes(f))).toBe(true);
      }
      const ps = [...sum.stacks.flatMap((x) => x.purposes), ...sum.purposes];
      expect(ps.sort((a, b) => a - b)).toEqual([...purposes].sort((a, b) => a - b));
      expect([...sum.stacks.flatMap((x) => x.specialFeatures), ...sum.specialFeatures].sort()).toEqual([...features].sort());
    }), { numRuns: 200 });
  });

  test('names purposes on their own when no stack fits', () => {
    expect(pickStacks([1, 2], [], {})).toEqual({ stacks: [], purposes: [1, 2], specialFeatures: [] });
  });
});

describe('vendorSearch', () => {
  const s = scopeOf(tcfOf({ vendors: ALL }), LIST);
  const search = vendorSearch(s.vendors);

  test('finds every vendor for an empty query', () => {
    expect(search('  ')).toHaveLength(s.vendors.length);
    expect(s.vendors.length).toBeGreaterThan(300);
  });

  test('matches every word of the query in the name, ignoring case and accents', () => {
    const hits = search('GOOGLE advertising');
    expect(hits.map((v) => v.id)).toContain(755);
    expect(hits.every((v) => fold(v.name).includes('google') && fold(v.name).includes('advertising'))).toBe(true);
    expect(fold('Société Générale')).toBe('societe generale');
  });

  test('finds a vendor by its id', () => {
    expect(search('755').map((v) => v.id)).toContain(755);
  });

  test('finds nothing for a name no vendor has', () => {
    expect(search('zzzz-no-such-vendor')).toEqual([]);
  });
});

describe('switches', () => {
  const tcf = tcfOf({ specialFeatures: { marketing: [1] } });
  const s = scopeOf(tcf, LIST);

  test('start with nothing consented and no objection for a first visitor', () => {
    const sw = initialSwitches(s);
    expect([sw.purposes.size, sw.specialFeatures.size, sw.vendors.size, sw.objections.size, sw.vendorObjections.size]).toEqual([0, 0, 0, 0, 0]);
    const c = toChoices(sw, tcf, s);
    expect([c.purposeConsents, c.specialFeatureOptins, c.vendorConsents]).toEqual([[], [], []]);
    // Legitimate interest stands until the visitor objects (TCF's default for it; never for consent).
    expect(c.purposeLegitimateInterests).toEqual(s.legInt);
  });

  test('start from the current TC string\'s choices for a visitor who decided', () => {
    const sw = initialSwitches(s, {
      purpose: { consents: { 1: true, 2: true, 5: true }, legitimateInterests: { 2: true } },
      vendor: { consents: { 755: true, 999: true }, legitimateInterests: {} },
      specialFeatureOptins: { 1: true },
    });
    expect([...sw.purposes]).toEqual([1, 2]);
    expect([...sw.vendors]).toEqual([755]);
    expect([...sw.specialFeatures]).toEqual([1]);
    expect([...sw.objections].sort((a, b) => a - b)).toEqual(s.legInt.filter((p) => p !== 2));
    expect(sw.vendorObjections.has(755)).toBe(true);
  });

  test('give a vendor consent only with its switch on and a consented purpose of its own', () => {
    const sw = initialSwitches(s);
    sw.vendors.add(755).add(21);
    sw.purposes.add(8);
    const c = toChoices(sw, tcf, s);
    expect(c.purposeConsents).toEqual([8]);
    // 755 declares consent for 1, 3, 4 only.
    expect(c.vendorConsents).not.toContain(755);
    sw.purposes.add(1);
    expect(toChoices(sw, tcf, s).vendorConsents).toContain(755);
  });

  test('an objection removes a purpose\'s or a vendor\'s legitimate interest', () => {
    const sw = initialSwitches(s);
    expect(toChoices(sw, tcf, s).vendorLegitimateInterests).toContain(755);
    sw.objections.add(2).add(7).add(9).add(10);
    const c = toChoices(sw, tcf, s);
    expect(c.purposeLegitimateInterests).not.toEqual(expect.arrayContaining([2]));
    sw.objections.clear();
    sw.vendorObjections.add(755);
    expect(toChoices(sw, tcf, s).vendorLegitimateInterests).not.toContain(755);
  });

  test('grant a category only when every purpose it stands for has consent', () => {
    expect(toCategories({ purposeConsents: [1, 8, 9, 10], specialFeatureOptins: [] }, tcf)).toEqual({ analytics: true, marketing: false });
    expect(toCategories({ purposeConsents: [1, 2, 3, 4, 7], specialFeatureOptins: [] }, tcf)).toEqual({ analytics: false, marketing: false });
    expect(toCategories({ purposeConsents: [1, 2, 3, 4, 7], specialFeatureOptins: [1] }, tcf)).toEqual({ analytics: false, marketing: true });
  });

  test('any switches → the TC string decodes to exactly their choices', () => {
    const all = tcfOf({ vendors: ALL, specialFeatures: { marketing: [1, 2] } });
    const scope = scopeOf(all, LIST);
    const gvl = gvlOf(LIST as object);
    const ids = scope.vendors.map((v) => v.id);
    fc.assert(fc.property(
      fc.subarray(scope.purposes), fc.subarray(scope.legInt), fc.subarray(scope.specialFeatures), fc.subarray(ids), fc.subarray(ids),
      (purposes, objections, features, vendors, vendorObjections) => {
        const sw = { purposes: new Set(purposes), objections: new Set(objections), specialFeatures: new Set(features), vendors: new Set(vendors), vendorObjections: new Set(vendorObjections) };
        const c = toChoices(sw, all, scope);
        const m = TCString.decode(encodeTcString(c, all, gvl));
        const on = (v: { forEach(f: (b: boolean, id: number) => void): void }) => { const o: number[] = []; v.forEach((b, id) => { if (b) o.push(id); }); return o; };
        expect(on(m.purposeConsents)).toEqual([...purposes].sort((a, b) => a - b));
        expect(on(m.purposeLegitimateInterests)).toEqual(scope.legInt.filter((p) => !objections.includes(p)));
        expect(on(m.specialFeatureOptins)).toEqual([...features].sort((a, b) => a - b));
        expect(on(m.vendorConsents)).toEqual(c.vendorConsents);
        expect(on(m.vendorLegitimateInterests)).toEqual(c.vendorLegitimateInterests);
        // Nothing switched off is in the string.
        expect(c.vendorConsents.every((id) => vendors.includes(id))).toBe(true);
        expect(c.vendorLegitimateInterests.some((id) => vendorObjections.includes(id))).toBe(false);
      }), { numRuns: 40 });
    // A limit, not a result: 40 encodings and decodings of strings over 376 vendors take a few seconds on a loaded machine.
  }, 60_000);
});

describe('the choices the interface leaves for the CMP', () => {
  test('are taken once, and only for the decision they were made for', () => {
    const store = {};
    const c = toChoices(initialSwitches(scopeOf(tcfOf(), LIST)), tcfOf(), scopeOf(tcfOf(), LIST));
    offerChoices(store, '2026-12-06T08:00:00.000Z', c);
    expect(takeChoices(store, '2026-12-06T08:00:00.001Z')).toBeUndefined();
    expect(takeChoices(store, null)).toBeUndefined();
    expect(takeChoices(store, '2026-12-06T08:00:00.000Z')).toBe(c);
    expect(takeChoices(store, '2026-12-06T08:00:00.000Z')).toBeUndefined();
  });
});

describe('vendor details', () => {
  test('links are http(s) only', () => {
    expect(httpUrl('https://vdx.tv/privacy/')).toBe('https://vdx.tv/privacy/');
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', '//evil.example', '/relative', 'https://a b', 'https://a"onmouseover=x', 42, undefined]) expect(httpUrl(bad)).toBeUndefined();
  });

  test('privacy policy in the visitor\'s language, else English; legitimate interest claim and storage disclosure', () => {
    const v = { ...LIST.vendors[755]!, urls: [{ langId: 'en', privacy: 'https://x.example/en' }, { langId: 'de', privacy: 'https://x.example/de', legIntClaim: 'javascript:alert(1)' }] };
    expect(vendorLinks(v, 'de')).toEqual({ privacy: 'https://x.example/de', legIntClaim: undefined, storage: 'https://www.gstatic.com/iabtcf/deviceStorageDisclosure.json' });
    expect(vendorLinks(v, 'fr').privacy).toBe('https://x.example/en');
  });

  test('retention per purpose, else the standard one', () => {
    const v = LIST.vendors[755]!;
    expect([retention(v, 3), retention(v, 1), retention(v, 1, true)]).toEqual([180, 548, 1096]);
  });
});

describe('translate', () => {
  test('takes the translation\'s names and descriptions, keeps English where it has none', () => {
    const de = translate(LIST, DE);
    expect(de.purposes[1]!.name).toBe(DE.purposes[1].name);
    expect(de.purposes[1]!.name).not.toBe(LIST.purposes[1]!.name);
    // The older translation has no illustrations: the English ones stay.
    expect(de.purposes[2]!.illustrations).toEqual(LIST.purposes[2]!.illustrations);
    expect(de.vendors).toBe(LIST.vendors);
    expect(translate(LIST, undefined)).toBe(LIST);
  });
});
