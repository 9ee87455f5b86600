/**
 * GPP strings against IAB's own decoder: random regions, configs and decisions → the section
 * that applies, its fields from the decision, the GPP string → `@iabgpp/cmpapi`'s `GppModel`
 * decodes exactly those field values (the expectations below restate the rules, field by field).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { GppModel, UsNat, UsCa, UsVa, UsCo, UsUt, UsCt, UsFl, UsMt, UsOr, UsTx, UsDe, UsIa, UsNe, UsNh, UsNj, UsTn, UsMn, UsMd, UsIn, UsKy, UsRi, TcfEuV2 } from '@iabgpp/cmpapi';
import { TCString } from '@iabtechlabtcf/core';
import { checkGpp, OPT_OUTS, STATED_FIELDS } from '../../src/iab/gpp/config';
import { usFields } from '../../src/iab/gpp/fields';
import { encodeGpp, section, type SectionClass } from '../../src/iab/gpp/model';
import { applicableSection, sectionId, STATES, supportedApis } from '../../src/iab/gpp/sections';
import { checkTcf } from '../../src/iab/tcf/config';
import { fromCategories, type GvlVendor } from '../../src/iab/tcf/choices';
import { encodeTcString, gvlOf } from '../../src/iab/tcf/string';
import { runs, seed } from '../support/fuzz';

const CLASSES: Record<string, SectionClass> = Object.fromEntries(
  [UsNat, UsCa, UsVa, UsCo, UsUt, UsCt, UsFl, UsMt, UsOr, UsTx, UsDe, UsIa, UsNe, UsNh, UsNj, UsTn, UsMn, UsMd, UsIn, UsKy, UsRi].map((C) => [C.NAME, C as unknown as SectionClass]),
);
const CATEGORIES = ['analytics', 'marketing', 'personalization'];
const NOTICE: Record<string, string> = { sale: 'SaleOptOutNotice', sharing: 'SharingOptOutNotice', targetedAdvertising: 'TargetedAdvertisingOptOutNotice' };
const OPT_OUT: Record<string, string> = { sale: 'SaleOptOut', sharing: 'SharingOptOut', targetedAdvertising: 'TargetedAdvertisingOptOut' };

describe('GPP sections and strings', () => {
  test('every US state section the library has is one we can apply, with the id the library gives it', () => {
    expect(STATES.map((s) => 'us' + s)).toEqual(Object.keys(CLASSES).filter((n) => n != 'usnat'));
    for (const [name, C] of Object.entries(CLASSES)) expect(sectionId(name)).toBe((C as unknown as { ID: number }).ID);
    expect(sectionId('tcfeuv2')).toBe(TcfEuV2.ID);
    expect(supportedApis('state', true)).toEqual(['2:tcfeuv2', '7:usnat', ...Object.entries(CLASSES).filter(([n]) => n != 'usnat').map(([n, C]) => `${(C as unknown as { ID: number }).ID}:${n}`)]);
  });

  test('random regions, configs and choices: IAB\'s GppModel decodes exactly the fields written', () => {
    const arbitrary = fc.record({
      region: fc.oneof(fc.constantFrom(null, 'US', 'DE', 'FR', 'JP', 'US-PR', 'US-WA'), fc.constantFrom(...STATES).map((s) => `US-${s.toUpperCase()}`)),
      mode: fc.constantFrom('opt-in', 'opt-out', 'notice'),
      tcf: fc.boolean(),
      sections: fc.constantFrom('national' as const, 'state' as const),
      optOuts: fc.record({ sale: fc.subarray(CATEGORIES), sharing: fc.subarray(CATEGORIES), targetedAdvertising: fc.subarray(CATEGORIES) }).filter((o) => Object.values(o).some((x) => x.length)),
      granted: fc.record(Object.fromEntries(CATEGORIES.map((c) => [c, fc.boolean()]))),
      gpc: fc.boolean(),
      mspa: fc.constantFrom(undefined, { covered: false }, { covered: true }, { covered: true, mode: 'service-provider' }),
      fields: fc.dictionary(fc.constantFrom(...STATED_FIELDS), fc.oneof(fc.integer({ min: 0, max: 2 }), fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 18 })), { maxKeys: 4 }),
    });
    fc.assert(fc.property(arbitrary, (a) => {
      const { gpp, problems } = checkGpp({ sections: a.sections, optOuts: a.optOuts, mspa: a.mspa, fields: a.fields }, CATEGORIES);
      expect(problems).toEqual([]);
      const name = applicableSection({ region: a.region, mode: a.mode }, a.sections, a.tcf);
      // The section that applies, by the rules of interface.md's `gpp`.
      const state = a.region?.match(/^US-(\w\w)$/)?.[1]?.toLowerCase();
      const want = a.region?.startsWith('US') ? (a.sections == 'state' && state && STATES.includes(state) ? 'us' + state : 'usnat')
        : a.tcf && a.mode == 'opt-in' ? 'tcfeuv2' : a.region ? null : 'usnat';
      expect(name).toBe(want);
      if (!name || name == 'tcfeuv2') return;
      const C = CLASSES[name]!;
      const fresh = new C().toObj() as Record<string, unknown>;
      const string = encodeGpp([section(C, usFields(fresh, { categories: a.granted, gpc: a.gpc }, gpp!))]);

      const m = new GppModel(string);
      expect(m.getSectionIds()).toEqual([sectionId(name)]);
      const got = m.getSection(name) as Record<string, unknown>;
      for (const o of OPT_OUTS) {
        const cats = a.optOuts[o];
        if (Object.hasOwn(fresh, NOTICE[o]!)) expect(got[NOTICE[o]!]).toBe(cats.length ? 1 : 0);
        if (Object.hasOwn(fresh, OPT_OUT[o]!)) expect(got[OPT_OUT[o]!]).toBe(!cats.length ? 0 : cats.every((c) => a.granted[c]) ? 2 : 1);
      }
      for (const f of STATED_FIELDS) {
        if (!Object.hasOwn(fresh, f)) continue;
        const v = a.fields[f];
        const dflt = f == 'SharingNotice' || f == 'ProcessingNotice' ? 1 : fresh[f];
        const like = fresh[f];
        const expected = v === undefined ? dflt : Array.isArray(like) ? like.map((_, i) => (Array.isArray(v) ? v[i] ?? 0 : v)) : Array.isArray(v) ? v[0] ?? 0 : v;
        expect(got[f], f).toEqual(expected);
      }
      const covered = a.mspa?.covered === true;
      const sp = a.mspa?.mode == 'service-provider';
      expect(got.MspaCoveredTransaction).toBe(covered ? 1 : 2);
      if ('MspaOptOutOptionMode' in fresh) expect([got.MspaOptOutOptionMode, got.MspaServiceProviderMode]).toEqual(covered ? (sp ? [2, 1] : [1, 2]) : [0, 0]);
      if ('MspaMode' in fresh) expect(got.MspaMode).toBe(covered ? (sp ? 2 : 1) : 0);
      if ('Gpc' in fresh) expect(got.Gpc).toBe(a.gpc);
      // Only the section written: nothing else in the string.
      expect(Object.keys(m.toObject())).toEqual([name]);
    }), { numRuns: runs(300), seed: seed() });
  });

  test('tcfeuv2 carries the TC string unchanged: IAB\'s GppModel and TCString.decode read the same choices', () => {
    const LIST = { ...JSON.parse(readFileSync(new URL('../fixtures/iab-gvl/vendor-list.json', import.meta.url), 'utf8')), tcfPolicyVersion: 5 };
    const tcf = checkTcf({ cmpId: 123, cmpVersion: 2, vendors: [755, 21, 32] }, ['analytics', 'marketing']).tcf!;
    const list = gvlOf(LIST, 'en');
    for (const categories of [{ analytics: true, marketing: false }, { analytics: true, marketing: true }, { analytics: false, marketing: false }]) {
      const tc = encodeTcString(fromCategories(categories, tcf, Object.values(list.vendors) as GvlVendor[]), tcf, list, new Date('2026-12-06'));
      const string = encodeGpp([new (TcfEuV2 as unknown as SectionClass)(tc)]);
      const m = new GppModel(string);
      expect(m.getSectionIds()).toEqual([2]);
      expect(m.encodeSection('tcfeuv2')).toBe(tc);
      // Reject all: no vendor consent; accept all: 755 (which declares purposes 1–4, 7, …) has one.
      const consents = TCString.decode(m.encodeSection('tcfeuv2')!).vendorConsents;
      if (!categories.analytics) expect(consents.size).toBe(0);
      if (categories.marketing) expect(consents.has(755)).toBe(true);
    }
  });
});
