// Differential property test of the reader of decided visitors (issue 20): random histories of
// page views over one browser-like cookie jar (tests/support/cookie-jar.ts), each page view first
// read by `readDecided` (src/core/reader.ts) from the cookies as they are, then by a fresh full
// store (`createConsent`, the real cookie code). Between page views: decisions of every kind (here
// and in another tab), config changes (policy versions, categories added, removed and renamed,
// modes, expiry, GPC lists, regions, the cookie's name, texts, key order, invalid configs), the
// visitor's region, GPC on and off, clock jumps both ways, cookies garbled, duplicated, dropped,
// cut and forged. On every page view:
//  - whenever the reader gives a state, it is the full store's state, field for field (decided,
//    categories, policies, versions, expiry, …), and `has()` agrees on every category and on ids
//    the config does not have; and the full store writes nothing on that page view (the reader
//    never skips a write: a refusal written again to keep it, a record moved to this config);
//  - under an invalid config (the full store refuses it), the reader gives nothing, or, for a
//    cookie forged with that config's fingerprint, grants only categories the config names as
//    objects and the record says yes to;
//  - the reader answers a fair share of the decided page views (the test is not vacuous).
// `npm test`: a fixed seed and modest runs; `npm run fuzz`: FUZZ_RUNS runs, random seed.
import { afterAll, expect, test, vi } from 'vitest';
import fc from 'fast-check';
import { createConsent } from '../../src/consent/store';
import { ConfigError } from '../../src/core/config';
import { cookieValues, fingerprint, readDecided } from '../../src/core/reader';
import { decodeRecord, encodeRecord, newest } from '../../src/core/record';
import type { Consent, ConsentConfig, Mode } from '../../src/core/types';
import { install } from '../support/cookie-jar';
import { limit, runs, seed } from '../support/fuzz';

const DAY = 864e5;
const T0 = Date.UTC(2026, 11, 6, 12);
const POOL = ['analytics', 'stats', 'marketing', 'social'] as const;
const REGIONS: (Record<string, unknown> | undefined)[] = [
  undefined,
  { 'EU EEA GB CH': { mode: 'opt-in' }, 'US-CA': { mode: 'opt-out', expiry: { rejectDays: 30 } }, '*': { mode: 'notice' } },
  { DE: { mode: 'opt-out', gpc: false }, EU: { mode: 'opt-in', expiry: { acceptDays: 2 } }, US: { mode: 'notice', gpc: true } },
  { EEA: { expiry: { acceptDays: 3, rejectDays: null } }, 'US-CA US-NY': { mode: 'opt-out' } },
  { '*': { mode: 'opt-out', expiry: null } },
];
/** Ways a config is invalid; the first ones are shapes the reader reads (it refuses them itself). */
const BROKEN: ((c: Record<string, unknown>) => Record<string, unknown>)[] = [
  (c) => ({ ...c, mode: 'opt-inn' }),
  (c) => ({ ...c, categories: { ...(c.categories as object), analytics: 'yes' } }),
  (c) => ({ ...c, expiry: { acceptDays: 0 } }),
  (c) => ({ ...c, mdoe: 'opt-out' }),
  (c) => ({ ...c, cookie: { name: 'a b' } }),
];

interface Site {
  mode: Mode | null | undefined;
  version: string | number;
  terms: boolean;
  ids: string[];
  acceptDays: number | undefined;
  rejectDays: number | null | undefined;
  gpc: boolean | string[] | null;
  regions: number;
  region: string | undefined;
  endpoint: boolean;
  name: 'consent' | 'cg';
  title: string;
  reorder: boolean;
  broken: number | undefined;
}

const toConfig = (s: Site): Record<string, unknown> => {
  const gpc = Array.isArray(s.gpc) ? (s.gpc.some((id) => s.ids.includes(id)) ? s.gpc.filter((id) => s.ids.includes(id)) : false) : s.gpc;
  const c: Record<string, unknown> = {
    ...(s.mode !== undefined && { mode: s.mode }),
    policies: { privacy: { version: s.version }, ...(s.terms && { terms: { version: 'v1' } }) },
    categories: Object.fromEntries([['necessary', { required: true }], ...s.ids.map((id) => [id, { cookies: [`_${id}`] }])]),
    cookie: s.name === 'cg' ? { name: 'cg', formerNames: ['consent'] } : { name: 'consent' },
    expiry: { ...(s.acceptDays && { acceptDays: s.acceptDays }), ...(s.rejectDays !== undefined && { rejectDays: s.rejectDays }) },
    gpc,
    texts: { en: { title: s.title } },
    ...(s.regions && { regions: REGIONS[s.regions] }),
    ...(s.region && { region: s.region }),
    ...(s.endpoint && { regionEndpoint: '/region' }),
  };
  const out = s.reorder ? Object.fromEntries(Object.entries(c).reverse()) : c;
  return s.broken === undefined ? out : BROKEN[s.broken]!(out);
};

const site = fc.record<Site>({
  mode: fc.constantFrom<Mode | null | undefined>('opt-in', 'opt-out', 'notice', null, undefined),
  version: fc.constantFrom<string | number>('1', 2, '2024-05-01'),
  terms: fc.boolean(),
  ids: fc.subarray([...POOL], { minLength: 1 }),
  acceptDays: fc.constantFrom(undefined, 1, 30, 365, 3650),
  rejectDays: fc.constantFrom(undefined, null, 1, 182, 500),
  gpc: fc.constantFrom<boolean | string[] | null>(true, false, null, ['marketing', 'stats']),
  regions: fc.integer({ min: 0, max: REGIONS.length - 1 }),
  region: fc.constantFrom(undefined, undefined, 'FR', 'US-CA'),
  endpoint: fc.boolean(),
  name: fc.constantFrom<'consent' | 'cg'>('consent', 'consent', 'cg'),
  title: fc.constantFrom('Cookies', 'Privacy'),
  reorder: fc.boolean(),
  broken: fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: BROKEN.length - 1 }) }),
});

const id = fc.constantFrom(...POOL);
const decision = fc.oneof(
  fc.constant({ how: 'acceptAll' as const }),
  fc.constant({ how: 'rejectAll' as const }),
  fc.constant({ how: 'reset' as const }),
  fc.dictionary(id, fc.boolean(), { maxKeys: 4 }).map((choices) => ({ how: 'save' as const, choices })),
  fc.constantFrom(...POOL, 'toString').map((cat) => ({ how: 'allow' as const, cat })),
);
const change = fc.oneof(
  fc.record({ mode: fc.constantFrom<Mode | null | undefined>('opt-in', 'opt-out', 'notice', undefined) }),
  fc.record({ version: fc.constantFrom<string | number>('1', 2, '3') }),
  fc.record({ terms: fc.boolean() }),
  fc.record({ ids: fc.subarray([...POOL], { minLength: 1 }) }),
  fc.record({ acceptDays: fc.constantFrom(undefined, 1, 30, 365), rejectDays: fc.constantFrom(undefined, null, 1, 182, 500) }),
  fc.record({ gpc: fc.constantFrom<boolean | string[] | null>(true, false, ['marketing', 'analytics']) }),
  fc.record({ regions: fc.integer({ min: 0, max: REGIONS.length - 1 }), endpoint: fc.boolean() }),
  fc.record({ region: fc.constantFrom(undefined, 'DE', 'US') }),
  fc.record({ name: fc.constantFrom<'consent' | 'cg'>('consent', 'cg') }),
  fc.record({ title: fc.constantFrom('Cookies', 'Privacy', 'Hello') }),
  fc.record({ reorder: fc.boolean() }),
  fc.record({ broken: fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: BROKEN.length - 1 })) }),
);
const step = fc.oneof(
  { weight: 5, arbitrary: decision.map((d) => ({ kind: 'decide' as const, ...d })) },
  { weight: 2, arbitrary: decision.map((d) => ({ kind: 'other-tab' as const, ...d })) },
  { weight: 4, arbitrary: fc.constant({ kind: 'view' as const }) },
  { weight: 4, arbitrary: change.map((c) => ({ kind: 'config' as const, change: c as Partial<Site> })) },
  { weight: 2, arbitrary: fc.constantFrom(undefined, 'DE', 'FR', 'NO', 'GB', 'US', 'US-CA', 'US-TX', 'EU', 'XX', 'de', 'JP')
    .map((region) => ({ kind: 'travel' as const, region })) },
  { weight: 3, arbitrary: fc.oneof(
    fc.constantFrom(1000, 3600e3, DAY - 1, DAY, 2 * DAY, 29 * DAY, 31 * DAY, 181 * DAY, 183 * DAY, 364 * DAY, 366 * DAY, 401 * DAY),
    fc.constantFrom(-3600e3, -2 * DAY, -30 * DAY),
  ).map((ms) => ({ kind: 'clock' as const, ms })) },
  { weight: 1, arbitrary: fc.boolean().map((on) => ({ kind: 'gpc' as const, on })) },
  { weight: 2, arbitrary: fc.constantFrom('garble', 'stale-copy', 'drop', 'forge', 'cut', 'huge', 'old-format')
    .map((how) => ({ kind: 'tamper' as const, how })) },
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;
type Decision = typeof decision extends fc.Arbitrary<infer D> ? D : never;

const tally = { views: 0, decided: 0, read: 0, regions: 0, invalid: 0, forged: 0 };
const never = () => new Promise<unknown>(() => {});

/** Plays one history; throws when the reader and the full store disagree. */
function play(start: Site, steps: Step[]) {
  vi.useFakeTimers({ now: T0, toFake: ['Date'] });
  const env = install();
  env.jar.path = '/blog/post';
  vi.stubGlobal('console', { ...console, warn: () => {} });
  let s = start;
  let region: string | undefined;
  let store: Consent | undefined;
  const open: Consent[] = [];
  const newStore = () => {
    try {
      const c = createConsent(toConfig(s) as unknown as ConsentConfig, { region, askRegion: never });
      open.push(c);
      return c;
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return undefined;
    }
  };
  const apply = (c: Consent | undefined, d: Decision) => {
    if (!c) return;
    if (d.how === 'save') c.save(d.choices);
    else if (d.how === 'allow') c.allow(d.cat);
    else c[d.how]();
  };
  const names = () => (s.name === 'cg' ? ['cg', 'consent'] : ['consent']);
  const values = () => cookieValues(document.cookie, names());

  /** A page view: the reader on the cookies as they are, then the full store. */
  const pageView = (label: string) => {
    store?.destroy();
    const input = toConfig(s);
    const before = values();
    const read = readDecided(input, before, { now: Date.now(), region, gpc: env.gpc });
    // The drop-in's reader hands over the fingerprint it computed already: the same answer.
    expect(readDecided(input, before, { now: Date.now(), region, gpc: env.gpc, fingerprint: fingerprint(input) }), `${label}: given the fingerprint`).toEqual(read);
    const jar = JSON.stringify(names().flatMap((n) => env.jar.copies(n)));
    store = newStore();
    tally.views++;
    if (!store) {
      tally.invalid++;
      if (read) {
        tally.forged++;
        // Only a cookie forged with the fingerprint of this invalid config gets here: it grants no more than the record says yes to, of categories named as objects.
        const record = newest(before, Date.now())!;
        const cats = input.categories as Record<string, unknown>;
        for (const [k, v] of Object.entries(read.categories)) {
          if (v) expect(typeof cats[k] == 'object' && ((cats[k] as { required?: boolean }).required === true || record.categories[k] === true), `${label}: invalid config, ${k} granted`).toBe(true);
        }
      }
      return;
    }
    const full = store.get();
    if (full.decided) tally.decided++;
    if (!read) return;
    tally.read++;
    if (input.regions) tally.regions++;
    expect(read, `${label}: the reader's state is not the full store's`).toEqual(full);
    // Nor does it skip a write: where the reader answers, the full store writes nothing (a refusal kept alive, a record moved to this config).
    expect(JSON.stringify(names().flatMap((n) => env.jar.copies(n))), `${label}: the full store wrote where the reader answered`).toBe(jar);
    for (const k of [...POOL, 'necessary', 'toString', '__proto__', 'ads']) expect(read.categories[k] === true, `${label}: has(${k})`).toBe(store.has(k));
  };

  pageView('start');
  for (const st of steps) {
    switch (st.kind) {
      case 'decide': apply(store, st); break;
      case 'other-tab': {
        const other = newStore();
        apply(other, st);
        other?.destroy();
        break;
      }
      case 'view': break;
      case 'config': s = { ...s, ...st.change }; break;
      case 'travel': region = st.region; break;
      case 'clock': vi.setSystemTime(Date.now() + st.ms); break;
      case 'gpc': env.gpc = st.on; break;
      case 'tamper': {
        const copies = env.jar.copies(names()[0]!);
        const newestValue = newest(values(), Date.now());
        if (st.how === 'garble') for (const c of copies) c.value = c.value.replace(/\|/g, '!');
        else if (st.how === 'drop') env.jar.cookies = [];
        else if (st.how === 'cut') for (const c of copies) c.value = c.value.slice(0, -1);
        else if (st.how === 'huge') document.cookie = `${names()[0]}=${'1|'.padEnd(3900, 'x')}; path=/blog/`;
        else if (newestValue) {
          // A copy elsewhere (another path): an old one, the same without a fingerprint, or one forged with every category granted and this config's fingerprint.
          const r = st.how === 'stale-copy' ? { ...newestValue, decidedAt: newestValue.decidedAt - DAY, fingerprint: fingerprint({ old: true }) }
            : st.how === 'old-format' ? { ...newestValue, fingerprint: undefined }
              : { ...newestValue, decidedAt: Date.now(), expiresAt: Date.now() + 30 * DAY, source: 'banner' as const, categories: Object.assign(Object.create(null), { ...newestValue.categories, ...Object.fromEntries(POOL.map((k) => [k, true])) }), fingerprint: fingerprint(toConfig(s)) };
          document.cookie = `${names()[0]}=${encodeRecord(r)}; path=${st.how === 'stale-copy' ? '/blog/' : '/'}`;
          expect(decodeRecord(encodeRecord(r))).toBeDefined();
        }
        break;
      }
    }
    pageView(st.kind);
  }
  for (const c of open) c.destroy();
  vi.unstubAllGlobals();
  vi.useRealTimers();
}

test('the reader gives the full store\'s state or nothing, through random histories of decisions, configs, regions, clocks, GPC, tabs and cookie oddities', () => {
  fc.assert(fc.property(site, fc.array(step, { minLength: 1, maxLength: 40, size: 'medium' }), (start, steps) => { play(start, steps); }), { numRuns: runs(60), seed: seed() });
}, limit(300_000));

afterAll(() => {
  // Not vacuous: the reader answered for a fair share of the page views with a decision in force.
  expect(tally.read).toBeGreaterThan(tally.decided / 5);
  expect(tally.regions).toBeGreaterThan(0);
  expect(tally.invalid).toBeGreaterThan(0);
  console.log(`reader differential: ${tally.views} page views, ${tally.decided} decided, ${tally.read} read by the reader (${tally.regions} with regions), ${tally.invalid} under an invalid config (${tally.forged} read from a forged cookie)`);
});
