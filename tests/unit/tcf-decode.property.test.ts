// @vitest-environment happy-dom
/**
 * The return visit's own TC string reader (src/iab/tcf/decode.ts) and CMP API (src/iab/tcf/api.ts)
 * against IAB Tech Lab's: for random TC strings written by IAB's encoder (random vendor sets of
 * the real list, bitfield and range encodings, publisher restrictions, publisher segments with
 * custom purposes), the fields read equal `TCString.decode`'s, and every answer of the API
 * (`getTCData` with and without vendor ids, `getInAppTCData`, `ping`, `addEventListener` events
 * through a random sequence of updates) equals what IAB's `CmpApi` answers for the same string.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { CmpApi, CmpApiModel } from '@iabtechlabtcf/cmpapi';
import { GVL, PurposeRestriction, Segment, TCModel, TCString } from '@iabtechlabtcf/core';
import { readTcString, TcStringError, tryTcString, MAX_TC_STRING } from '../../src/iab/tcf/decode';
import { serveTcfApi } from '../../src/iab/tcf/api';
import type { TcfApi } from '../../src/iab/tcf/stub';
import { limit, runs, seed } from '../support/fuzz';

const LIST = { ...JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/iab-gvl/vendor-list.json'), 'utf8')), tcfPolicyVersion: 5 };
const VENDOR_IDS = Object.keys(LIST.vendors).map(Number);
const ids = (v: { forEach(fn: (on: boolean, id: number) => void): void }) => {
  const out: number[] = [];
  v.forEach((on, id) => { if (on) out.push(id); });
  return out;
};

/** Vendor sets: any subset of the list (a bitfield, mostly), or a run of consecutive ids (a range). */
const vendorSet = fc.oneof(
  fc.subarray(VENDOR_IDS, { maxLength: 120 }),
  fc.tuple(fc.integer({ min: 1, max: 1200 }), fc.integer({ min: 0, max: 500 })).map(([a, n]) => VENDOR_IDS.filter((id) => id >= a && id <= a + n)),
);
const purposeSet = fc.subarray([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
const STRING = fc.record({
  cmpId: fc.integer({ min: 2, max: 4095 }),
  cmpVersion: fc.integer({ min: 0, max: 4095 }),
  consentScreen: fc.integer({ min: 0, max: 63 }),
  language: fc.constantFrom('EN', 'DE', 'FR', 'ES', 'IT', 'PL'),
  country: fc.constantFrom('DE', 'FR', 'AA', 'GB', 'IT'),
  purposeConsents: purposeSet,
  purposeLegitimateInterests: purposeSet,
  specialFeatureOptins: fc.subarray([1, 2]),
  vendorConsents: vendorSet,
  vendorLegitimateInterests: vendorSet,
  vendorsDisclosed: vendorSet,
  vendorsAllowed: fc.option(vendorSet, { nil: undefined }),
  restrictions: fc.array(fc.record({ purpose: fc.integer({ min: 1, max: 11 }), type: fc.integer({ min: 0, max: 2 }), vendors: vendorSet }), { maxLength: 3 }),
  publisher: fc.option(fc.record({ consents: purposeSet, legitimateInterests: purposeSet, custom: fc.integer({ min: 0, max: 6 }), pick: fc.infiniteStream(fc.boolean()) }), { nil: undefined }),
  purposeOneTreatment: fc.boolean(),
  useNonStandardTexts: fc.boolean(),
  created: fc.date({ min: new Date('2024-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }),
});

type Sample = typeof STRING extends fc.Arbitrary<infer T> ? T : never;

/** A TC string written by IAB's encoder. */
function write(a: Sample): string {
  const m = new TCModel(new GVL(LIST));
  m.cmpId = a.cmpId;
  m.cmpVersion = a.cmpVersion;
  m.consentScreen = a.consentScreen;
  m.consentLanguage = a.language;
  m.publisherCountryCode = a.country;
  m.created = m.lastUpdated = a.created;
  m.purposeOneTreatment = a.purposeOneTreatment;
  m.useNonStandardTexts = a.useNonStandardTexts;
  m.purposeConsents.set(a.purposeConsents);
  m.purposeLegitimateInterests.set(a.purposeLegitimateInterests);
  m.specialFeatureOptins.set(a.specialFeatureOptins);
  m.vendorConsents.set(a.vendorConsents);
  m.vendorLegitimateInterests.set(a.vendorLegitimateInterests);
  m.vendorsDisclosed.set(a.vendorsDisclosed);
  if (a.vendorsAllowed) m.vendorsAllowed.set(a.vendorsAllowed);
  for (const r of a.restrictions) for (const v of r.vendors) m.publisherRestrictions.add(v, new PurposeRestriction(r.purpose, r.type));
  const segments = [Segment.CORE, Segment.VENDORS_DISCLOSED];
  if (a.publisher) {
    m.publisherConsents.set(a.publisher.consents);
    m.publisherLegitimateInterests.set(a.publisher.legitimateInterests);
    const it = a.publisher.pick[Symbol.iterator]();
    const custom = Array.from({ length: a.publisher.custom }, (_, i) => i + 1);
    m.numCustomPurposes = a.publisher.custom;
    m.publisherCustomConsents.set(custom.filter(() => it.next().value));
    m.publisherCustomLegitimateInterests.set(custom.filter(() => it.next().value));
    segments.push(Segment.PUBLISHER_TC);
  }
  if (a.vendorsAllowed) segments.push(Segment.VENDORS_ALLOWED);
  return TCString.encode(m, { segments });
}

describe('readTcString', () => {
  test('reads every field of strings IAB\'s encoder wrote as IAB\'s TCString.decode does', () => {
    fc.assert(fc.property(STRING, (a) => {
      const tc = write(a);
      const iab = TCString.decode(tc);
      const mine = readTcString(tc);
      expect(mine).toMatchObject({
        version: 2, created: iab.created.getTime(), lastUpdated: iab.lastUpdated.getTime(), cmpId: iab.cmpId, cmpVersion: iab.cmpVersion,
        consentScreen: iab.consentScreen, consentLanguage: iab.consentLanguage, vendorListVersion: iab.vendorListVersion,
        policyVersion: iab.policyVersion, isServiceSpecific: iab.isServiceSpecific, useNonStandardTexts: iab.useNonStandardTexts,
        purposeOneTreatment: iab.purposeOneTreatment, publisherCountryCode: iab.publisherCountryCode,
        specialFeatureOptins: ids(iab.specialFeatureOptins), purposeConsents: ids(iab.purposeConsents),
        purposeLegitimateInterests: ids(iab.purposeLegitimateInterests), vendorConsents: ids(iab.vendorConsents),
        vendorLegitimateInterests: ids(iab.vendorLegitimateInterests), vendorsDisclosed: ids(iab.vendorsDisclosed),
        publisherConsents: ids(iab.publisherConsents), publisherLegitimateInterests: ids(iab.publisherLegitimateInterests),
        publisherCustomConsents: ids(iab.publisherCustomConsents), publisherCustomLegitimateInterests: ids(iab.publisherCustomLegitimateInterests),
      });
      expect(mine.vendorsAllowed).toEqual(a.vendorsAllowed ? ids(iab.vendorsAllowed) : undefined);
      // Restrictions: the same vendors under each purpose and type.
      const restrictions = new Map<string, number[]>();
      for (const [p, t, vs] of mine.restrictions) restrictions.set(`${p}-${t}`, [...(restrictions.get(`${p}-${t}`) ?? []), ...vs]);
      expect(Object.fromEntries(restrictions)).toEqual(Object.fromEntries(iab.publisherRestrictions.getRestrictions().map((r) => [r.hash, iab.publisherRestrictions.getVendors(r)])));
    }), { numRuns: runs(60), seed: seed() });
  }, limit(60_000));

  test('refuses what is not a v2 TC string, naming why, and never throws anything else', () => {
    const good = write(fc.sample(STRING, { numRuns: 1, seed: 7 })[0]!);
    for (const bad of ['', 'garbage!', 'BO' + good.slice(2), good.slice(0, 20), good + '.', good + '.IAAA', `${good}.${good.split('.')[1]}`, good.split('.')[1]!, 'C'.repeat(MAX_TC_STRING + 1)]) {
      expect(() => readTcString(bad), bad.slice(0, 40)).toThrow(TcStringError);
    }
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'ABCQwxyz019-_.'.split('')), maxLength: 200 }), fc.nat(good.length), (junk, at) => {
      for (const s of [junk, good.slice(0, at) + junk + good.slice(at)]) {
        try { readTcString(s); } catch (e) { expect(e).toBeInstanceOf(TcStringError); }
        expect(() => tryTcString(s)).not.toThrow();
      }
    }), { numRuns: runs(200), seed: seed() });
  }, limit(60_000));
});

describe('the CMP API answers as IAB\'s CmpApi', () => {
  let iab: { api: TcfApi; update(tc: string | null, visible: boolean): void };
  let mine: { api: TcfApi; update(tc: string | null, visible: boolean): void };
  /** Both APIs, new, for the same CMP, each with a call queued before its first update. */
  const start = (cmpId: number, cmpVersion: number) => {
    const events: [unknown[], unknown[]] = [[], []];
    const make = (i: 0 | 1) => {
      const queue: unknown[][] = [];
      window.__tcfapi = (...args: unknown[]) => (args.length ? void queue.push(args) : queue);
      window.__tcfapi('addEventListener', 2, (d, ok) => events[i].push([d, ok]));
      window.__tcfapi('getTCData', 2, (d, ok) => events[i].push(['queued', d, ok]), [21, 755, 99999]);
      if (i === 0) {
        CmpApiModel.reset();
        const cmp = new CmpApi(cmpId, cmpVersion, true);
        return { api: window.__tcfapi, update: (tc: string | null, v: boolean) => cmp.update(tc, v) };
      }
      const cmp = serveTcfApi(cmpId, cmpVersion);
      return { api: window.__tcfapi, update: cmp.update };
    };
    iab = make(0);
    mine = make(1);
    return events;
  };
  const ask = (api: TcfApi, command: string, param?: unknown) => {
    let out: unknown[] = [];
    api(command, 2, (d, ok) => (out = [d, ok]), param);
    return out;
  };
  const same = (command: string, param?: unknown) => {
    const [a, b] = [ask(iab.api, command, param), ask(mine.api, command, param)];
    if (command === 'ping') for (const x of [a, b]) delete (x[0] as { apiVersion?: string }).apiVersion;
    expect(b, `${command} ${JSON.stringify(param)}`).toEqual(a);
  };
  beforeEach(() => { delete window.__tcfapi; });

  test('getTCData, getInAppTCData, ping and events are IAB\'s, for random strings and update sequences', () => {
    const step = fc.tuple(fc.oneof(STRING.map(write), fc.constant(''), fc.constant(null)), fc.boolean());
    fc.assert(fc.property(fc.integer({ min: 2, max: 4095 }), fc.integer({ min: 0, max: 4095 }), fc.array(step, { minLength: 1, maxLength: 4 }), fc.subarray(VENDOR_IDS, { maxLength: 10 }), (cmpId, cmpVersion, steps, asked) => {
      const events = start(cmpId, cmpVersion);
      same('ping');
      for (const [tc, visible] of steps) {
        // IAB's CmpApi answers its queue through window.__tcfapi: each update with its own API there.
        for (const x of [iab, mine]) {
          window.__tcfapi = x.api;
          x.update(tc, visible);
        }
        same('ping');
        same('getTCData');
        same('getTCData', asked);
        same('getInAppTCData');
        same('getTCData', 'not a list');
      }
      expect(events[1]).toEqual(events[0]);
      const listener = (events[0].find((e) => (e as [{ listenerId?: number }])[0]?.listenerId !== undefined) as [{ listenerId: number }])[0].listenerId;
      same('removeEventListener', listener);
      same('removeEventListener', listener);
      same('unknownCommand');
    }), { numRuns: runs(40), seed: seed() });
  }, limit(60_000));
});
