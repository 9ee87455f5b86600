// The reader of decided visitors (src/core/reader.ts), by example; the differential property
// test (reader.fuzz.test.ts) drives it against the full store through random histories.
import { describe, expect, test } from 'vitest';
import { cookieValues, fingerprint, readDecided, readWith } from '../../src/core/reader';
import { inRegion } from '../../src/regions/index';
import { decodeRecord, encodeRecord } from '../../src/core/record';
import { createConsent } from '../../src/consent/store';
import { memoryStorage } from '../../src/storage/memory';
import type { ConsentConfig } from '../../src/core/types';

const DAY = 864e5;
const T0 = Date.UTC(2026, 11, 6, 12);
const config = (patch: Partial<ConsentConfig> = {}): ConsentConfig => ({
  policies: { privacy: { version: '2' } },
  categories: { necessary: { required: true }, analytics: {}, marketing: {} },
  ...patch,
});
const env = (patch: Partial<{ now: number; region: string; gpc: boolean }> = {}) => ({ now: T0, gpc: false, ...patch });

/** The record a full store writes for `decide` under config `c`, at T0. */
function recorded(c: ConsentConfig, decide: (s: ReturnType<typeof createConsent>) => void, options: { region?: string } = {}): string {
  const storage = memoryStorage();
  const s = createConsent(c, { storage, now: () => T0, ...options });
  decide(s);
  s.destroy();
  return storage.read()!;
}

/** A stored value the store sees as a cookie, as the reader reads one. */
const cookie = (value?: string) => ({ ...memoryStorage(value), kind: 'cookie' as const });

describe('fingerprint', () => {
  test('is a few base-36 digits, the same for the same config', () => {
    const a = fingerprint({ mode: 'opt-in', categories: { analytics: {}, marketing: {} } });
    expect(a).toMatch(/^[\da-z]{1,7}$/);
    expect(fingerprint({ mode: 'opt-in', categories: { analytics: {}, marketing: {} } })).toBe(a);
  });

  test('changes with any change of the config', () => {
    const a = fingerprint(config());
    expect(fingerprint(config({ policies: { privacy: { version: '3' } } }))).not.toBe(a);
    expect(fingerprint(config({ texts: { en: { title: 'Cookies!' } } }))).not.toBe(a);
  });

  test('is empty, not an exception, for an input that is no JSON', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(fingerprint(cyclic)).toBe('');
  });
});

describe('the store writes the fingerprint', () => {
  test('into every decision it records', () => {
    const value = recorded(config(), (s) => s.acceptAll());
    expect(decodeRecord(value)?.fingerprint).toBe(fingerprint(config()));
  });

  test('a decision in force made under another config is written again under this one, with the same decision', () => {
    const old = recorded(config({ texts: { en: { title: 'Old' } } }), (s) => s.save({ analytics: true }));
    const storage = memoryStorage(old);
    const s = createConsent(config(), { storage, now: () => T0 + DAY });
    const r = decodeRecord(storage.read())!;
    expect(r.fingerprint).toBe(fingerprint(config()));
    expect(r).toMatchObject({ id: decodeRecord(old)!.id, decidedAt: T0, categories: { analytics: true, marketing: false } });
    expect(s.has('analytics')).toBe(true);
  });

  test('a record from before fingerprints is read as it was (no re-ask) and gets one', () => {
    const old = { ...decodeRecord(recorded(config(), (s) => s.acceptAll()))!, fingerprint: undefined };
    const storage = cookie(encodeRecord(old));
    expect(readDecided(config(), [storage.read()], env())).toBeUndefined();
    const s = createConsent(config(), { storage, now: () => T0 });
    expect(s.decided).toBe(true);
    expect(readDecided(config(), [storage.read()], env())).toEqual(s.get());
  });
});

describe('readDecided', () => {
  test('gives the state the full store gives, for a current decision under the same config', () => {
    const value = recorded(config(), (s) => s.save({ analytics: true }));
    const state = readDecided(config(), [value], env());
    expect(state).toEqual(createConsent(config(), { storage: cookie(value), now: () => T0 }).get());
    expect(state).toMatchObject({ decided: true, categories: { necessary: true, analytics: true, marketing: false } });
    expect(Object.isFrozen(state)).toBe(true);
  });

  test('leaves everything else to the full store', () => {
    const value = recorded(config(), (s) => s.acceptAll());
    // No record, none readable, another config, a revised policy, a new category, a lapse, a withdrawal.
    expect(readDecided(config(), [], env())).toBeUndefined();
    expect(readDecided(config(), ['1|garbage', value.slice(0, -1) + '|'], env())).toBeUndefined();
    expect(readDecided(config({ texts: { en: { title: 'New' } } }), [value], env())).toBeUndefined();
    expect(readDecided(config({ policies: { privacy: { version: '3' } } }), [value], env())).toBeUndefined();
    expect(readDecided(config(), [value], env({ now: T0 + 366 * DAY }))).toBeUndefined();
    expect(readDecided(config(), [recorded(config(), (s) => s.reset())], env())).toBeUndefined();
    expect(readDecided(config(), ['x'.repeat(5000)], env())).toBeUndefined();
  });

  test('leaves two different copies decided at the same time to the full store (which one wins depends on the order of reading)', () => {
    const yes = recorded(config(), (s) => s.acceptAll());
    const no = recorded(config(), (s) => s.rejectAll());
    expect(decodeRecord(yes)!.decidedAt).toBe(decodeRecord(no)!.decidedAt);
    expect(readDecided(config(), [yes, no], env())).toBeUndefined();
    expect(readDecided(config(), [yes, yes], env())?.categories.analytics).toBe(true);
  });

  test('takes the newest copy, as the full store does', () => {
    const yes = recorded(config(), (s) => s.acceptAll());
    const later = encodeRecord({ ...decodeRecord(recorded(config(), (s) => s.rejectAll()))!, decidedAt: T0 + 1 });
    expect(readDecided(config(), [yes, later], env())?.categories.analytics).toBe(false);
    expect(readDecided(config(), [later, yes], env())?.categories.analytics).toBe(false);
  });

  test('leaves a refusal that is due to be written again (once a day) to the full store', () => {
    const no = recorded(config(), (s) => s.rejectAll());
    expect(readDecided(config(), [no], env({ now: T0 + DAY - 1 }))?.categories.marketing).toBe(false);
    expect(readDecided(config(), [no], env({ now: T0 + DAY }))).toBeUndefined();
  });

  test('honours Global Privacy Control as the full store does', () => {
    const value = recorded(config({ mode: 'opt-out' }), (s) => s.acceptAll());
    const state = readDecided(config({ mode: 'opt-out' }), [value], env({ gpc: true }));
    expect(state).toMatchObject({ decided: true, gpc: true, categories: { analytics: true, marketing: false } });
  });

  test('applies the rules of the region, and leaves a region still to be asked for to the full store', () => {
    const c = config({ mode: 'notice', regions: { 'EU': { mode: 'opt-in' }, '*': { mode: 'notice' } } });
    const inUS = recorded(c, (s) => s.acceptAll(), { region: 'US' });
    // Made under `notice` in the US: not in force in Germany (opt-in) nor while the region is unknown (the strictest).
    expect(readDecided(c, [inUS], env({ region: 'US' }))?.mode).toBe('notice');
    expect(readDecided(c, [inUS], env({ region: 'DE' }))).toBeUndefined();
    expect(readDecided(c, [inUS], env())).toBeUndefined();
    const asks = { ...c, regionEndpoint: '/region' };
    const inDE = recorded(asks, (s) => s.acceptAll(), { region: 'DE' });
    expect(readDecided(asks, [inDE], env({ region: 'DE' }))?.mode).toBe('opt-in');
    expect(readDecided(asks, [inDE], env())).toBeUndefined();
  });

  test('the drop-in\'s reader finds the rules of regions with the regions chunk\'s inRegion, and without it has no answer for a config with regions', () => {
    const c = config({ mode: 'notice', regions: { 'EU': { mode: 'opt-in' }, '*': { mode: 'notice' } } });
    const inUS = recorded(c, (s) => s.acceptAll(), { region: 'US' });
    const inDE = recorded(c, (s) => s.acceptAll(), { region: 'DE' });
    for (const [v, e] of [[inUS, env({ region: 'US' })], [inUS, env({ region: 'DE' })], [inDE, env({ region: 'FR' })], [inDE, env()]] as const) {
      expect(readWith(inRegion, c, [v], e)).toEqual(readDecided(c, [v], e));
      // (Without the regions chunk's code: no answer, so the full store, which checks and resolves everything, decides.)
      expect(readWith(undefined, c, [v], e)).toBeUndefined();
    }
    expect(readWith(inRegion, c, [inDE], env({ region: 'FR' }))?.mode).toBe('opt-in');
    // A config without regions needs no such code.
    const plain = config();
    const v = recorded(plain, (s) => s.acceptAll());
    expect(readWith(undefined, plain, [v], env())).toEqual(readDecided(plain, [v], env()));
    expect(readWith(undefined, plain, [v], env())?.decided).toBe(true);
  });

  test('fails closed for a cookie carrying the fingerprint of an invalid config', () => {
    const value = recorded(config(), (s) => s.acceptAll());
    const forged = (c: unknown) => encodeRecord({ ...decodeRecord(value)!, categories: { analytics: true, marketing: true, toString: true }, fingerprint: fingerprint(c) });
    for (const bad of [
      { categories: { analytics: 'yes', marketing: {} } },
      { categories: { analytics: { required: 'no' }, marketing: {} } },
      { categories: { 'not an id': {}, marketing: {} } },
      { categories: { analytics: {} }, mode: 'maybe' },
      { categories: { analytics: {} }, expiry: { acceptDays: 'forever' } },
      { categories: { analytics: {} }, gpc: ['nope'] },
      { categories: { analytics: {} }, policies: { privacy: {} } },
      { categories: { analytics: {} }, regions: { DE: 'opt-in' } },
      { categories: [] },
      'categories',
    ]) expect(readDecided(bad, [forged(bad)], env()), JSON.stringify(bad)).toBeUndefined();
    // A valid config grants only what it names: `toString` in the record is no category.
    const ok = { categories: { analytics: {} } };
    expect(readDecided(ok, [forged(ok)], env())?.categories).toEqual({ analytics: true });
  });

  test('never throws', () => {
    const value = recorded(config(), (s) => s.acceptAll());
    const hostile = new Proxy({}, { get() { throw new Error('boom'); }, ownKeys() { throw new Error('boom'); } });
    expect(readDecided(hostile, [value], env())).toBeUndefined();
    expect(readDecided(null, [value], env())).toBeUndefined();
    expect(readDecided(config(), [undefined, 5 as unknown as string], env())).toBeUndefined();
  });
});

describe('cookieValues', () => {
  test('reads every copy of the cookie as js-cookie reads it, and skips malformed ones', () => {
    expect(cookieValues('a=1; consent=1%7Cx; consent="q%25"; consent=%E0%A4%A; b=2', 'consent')).toEqual(['1|x', 'q%']);
    expect(cookieValues(undefined, 'consent')).toEqual([]);
    expect(cookieValues('consent=a; cg=b; con=c; consent=d', ['cg', 'consent'])).toEqual(['a', 'b', 'd']);
  });
});
