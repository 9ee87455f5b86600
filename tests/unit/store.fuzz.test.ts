// Model-based property test of the store (issue 10): random sequences of page views over one
// browser-like cookie jar (tests/support/cookie-jar.ts), each page view a fresh store running
// the real cookie code, with config changes between them (policy version, categories added and
// removed, mode, cookie domain and path, expiry, GPC list), decisions of every kind, clock
// jumps both ways, GPC on and off, decisions in another tab, cookies cleared or tampered with.
// Invariants after every step:
//  - nothing throws;
//  - a category the visitor refused is never granted without a later explicit yes for it;
//  - with Global Privacy Control on, a GPC category runs only after an explicit yes (outside
//    opt-in mode, one given while the signal was on);
//  - what has() says is what the next page view reads, and a write is never "blocked";
//  - nothing is recorded as granted without a yes (read back as opt-in, it does not run);
//  - every receipt the store causes passes the server's validator.
// `npm test`: a fixed seed and modest runs; `npm run fuzz`: FUZZ_RUNS runs, random seed.
import { afterEach, expect, test, vi } from 'vitest';
import fc from 'fast-check';
import { createConsent } from '../../src/consent/store';
import { receipts } from '../../src/receipts/client';
import { validateReceipt } from '../../src/server/receipt';
import type { Consent, ConsentConfig, Mode } from '../../src/core/types';
import { install } from '../support/cookie-jar';
import { limit, runs, seed } from '../support/fuzz';

const DAY = 864e5;
const T0 = Date.UTC(2026, 10, 28, 12);
const IDS = ['analytics', 'marketing', 'social'] as const;

interface Site {
  mode: Mode;
  version: string;
  ids: string[];
  domain: string | undefined;
  path: '/' | '/blog';
  acceptDays: number;
  rejectDays: number | undefined;
  gpc: boolean | string[];
}

const toConfig = (s: Site): ConsentConfig => ({
  mode: s.mode,
  policies: { privacy: { version: s.version } },
  categories: Object.fromEntries([['necessary', { required: true }], ...s.ids.map((id) => [id, { cookies: [`_${id}`] }])]),
  cookie: { name: 'consent', ...(s.domain ? { domain: s.domain } : {}), path: s.path },
  expiry: { acceptDays: s.acceptDays, ...(s.rejectDays ? { rejectDays: s.rejectDays } : {}) },
  gpc: Array.isArray(s.gpc) ? (s.gpc.some((id) => s.ids.includes(id)) ? s.gpc.filter((id) => s.ids.includes(id)) : false) : s.gpc,
  receipts: { endpoint: '/consent/receipts' },
});

const id = fc.constantFrom(...IDS);
const choices = fc.dictionary(id, fc.boolean(), { maxKeys: 3 });
const decision = fc.oneof(
  fc.constant({ how: 'acceptAll' as const }),
  fc.constant({ how: 'rejectAll' as const }),
  fc.constant({ how: 'reset' as const }),
  choices.map((c) => ({ how: 'save' as const, choices: c })),
  fc.constantFrom(...IDS, 'video', 'toString').map((cat) => ({ how: 'allow' as const, cat })),
);
const step = fc.oneof(
  { weight: 5, arbitrary: decision.map((d) => ({ kind: 'decide' as const, ...d })) },
  { weight: 2, arbitrary: decision.map((d) => ({ kind: 'other-tab' as const, ...d })) },
  { weight: 1, arbitrary: fc.tuple(decision, decision).map(([theirs, mine]) => ({ kind: 'late-tab' as const, theirs, mine })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'view' as const }) },
  { weight: 4, arbitrary: fc.oneof(
    fc.record({ mode: fc.constantFrom<Mode>('opt-in', 'opt-out', 'notice') }),
    fc.record({ version: fc.constantFrom('1', '2', '3') }),
    fc.record({ ids: fc.subarray([...IDS], { minLength: 1 }) }),
    fc.record({ domain: fc.constantFrom(undefined, 'example.com') }),
    fc.record({ path: fc.constantFrom<'/' | '/blog'>('/', '/blog') }),
    fc.record({ acceptDays: fc.constantFrom(1, 30, 365, 3650), rejectDays: fc.constantFrom(undefined, 1, 182, 500) }),
    fc.record({ gpc: fc.constantFrom<boolean | string[]>(true, false, ['marketing', 'analytics']) }),
  ).map((change) => ({ kind: 'config' as const, change: change as Partial<Site> })) },
  { weight: 2, arbitrary: fc.oneof(
    fc.integer({ min: 0, max: 3 }).map((d) => d * DAY + 1000),
    fc.constantFrom(30, 181, 183, 364, 366, 399, 401).map((d) => d * DAY),
    fc.integer({ min: -3, max: -2 }).map((d) => d * DAY),
  ).map((ms) => ({ kind: 'clock' as const, ms })) },
  { weight: 1, arbitrary: fc.boolean().map((on) => ({ kind: 'gpc' as const, on })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
  { weight: 1, arbitrary: fc.constantFrom('garble', 'old-copy', 'junk-copy').map((how) => ({ kind: 'tamper' as const, how })) },
  { weight: 1, arbitrary: fc.constantFrom('/blog/post', '/blog/').map((path) => ({ kind: 'navigate' as const, path })) },
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;
type Decision = typeof decision extends fc.Arbitrary<infer D> ? D : never;

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** Runs one sequence of steps against the store and the model; throws on a broken invariant. */
function play(start: Site, steps: Step[]) {
  vi.useFakeTimers({ now: T0, toFake: ['Date'] });
  const env = install();
  env.jar.path = '/blog/post';
  // Each receipt is checked as the server would check it when it arrives (same clock).
  vi.stubGlobal('fetch', (_u: string, init: { body: string }) => { validateReceipt(JSON.parse(init.body), Date.now()); return new Promise(() => {}); });
  vi.stubGlobal('console', { ...console, warn: (m: string) => { throw new Error(`warned: ${m}`); } });
  let site = start;

  // The model: what the visitor said and when the record holding it was last written.
  let refused = new Set<string>();
  /** Categories with an explicit yes in force, and whether GPC was on when it was given. */
  let yes = new Map<string, boolean>();
  let written = T0;
  const open: Consent[] = [];
  const newStore = () => {
    const c = createConsent(toConfig(site));
    open.push(c);
    return c;
  };
  let store = newStore();
  let stop = receipts(store);

  const pageView = () => {
    stop();
    store.destroy();
    store = newStore();
    stop = receipts(store);
  };
  const optional = () => site.ids;
  const apply = (c: Consent, d: Decision) => {
    const gpcOn = env.gpc && c.config.gpc.length > 0;
    const say = (id: string, v: boolean) => {
      if (v) { refused.delete(id); yes.set(id, gpcOn); } else { refused.add(id); yes.delete(id); }
    };
    if (d.how === 'acceptAll') { c.acceptAll(); optional().forEach((id) => say(id, true)); }
    else if (d.how === 'rejectAll' || d.how === 'reset') { c[d.how](); optional().forEach((id) => say(id, false)); }
    else if (d.how === 'save') { c.save(d.choices); optional().forEach((id) => say(id, d.choices[id] === true)); }
    else {
      const jar = () => env.jar.copies('consent').map((x) => x.value).join();
      // What allow() builds on: the decision in force as stored now (another tab's included).
      // (Opening that page view may write the record again under this config's fingerprint: the
      // probes below open stores under other configs. That write is the page view's, not allow()'s.)
      const fresh = createConsent(toConfig(site));
      const before = fresh.get();
      fresh.destroy();
      const kept = jar();
      c.allow(d.cat);
      if (!optional().includes(d.cat)) {
        expect(jar()).toBe(kept); // nothing recorded
        return;
      }
      say(d.cat, true);
      // The others: what a decision in force granted stays; the rest is recorded refused.
      for (const id of optional()) if (id !== d.cat && !(before.decided && before.categories[id])) { refused.add(id); yes.delete(id); }
    }
    written = Date.now();
  };

  const check = (c: Consent, label: string) => {
    const s = c.get();
    const gpcList = c.config.gpc;
    for (const id of optional()) {
      if (refused.has(id)) expect(s.categories[id], `${label}: refused ${id} granted`).toBe(false);
      if (s.categories[id] && env.gpc && gpcList.includes(id)) {
        expect(yes.has(id), `${label}: ${id} runs under GPC without a yes`).toBe(true);
        if (site.mode !== 'opt-in') expect(yes.get(id), `${label}: ${id} runs under GPC on a yes from before the signal`).toBe(true);
      }
      if (s.categories[id] && site.mode === 'opt-in') expect(yes.has(id), `${label}: ${id} granted in opt-in without a yes`).toBe(true);
    }
  };

  // Every store this sequence opened is closed even when an invariant breaks: a store left open would
  // answer the next sequence's cookie changes (fast-check replays while it shrinks) and fail it for nothing.
  try {
  for (const st of steps) {
    switch (st.kind) {
      case 'decide': apply(store, st); break;
      case 'other-tab': {
        const other = newStore();
        apply(other, st);
        other.destroy();
        break;
      }
      case 'late-tab': {
        // Another tab decides; its message reaches this tab only after this tab decided too.
        env.bus.hold = true;
        vi.setSystemTime(Date.now() + 1);
        const other = newStore();
        apply(other, st.theirs);
        other.destroy();
        env.bus.hold = false;
        vi.setSystemTime(Date.now() + 1);
        apply(store, st.mine);
        env.bus.deliver();
        break;
      }
      case 'view': pageView(); break;
      case 'config': site = { ...site, ...st.change }; pageView(); break;
      case 'clock': vi.setSystemTime(Date.now() + st.ms); pageView(); break;
      case 'gpc': env.gpc = st.on; pageView(); break;
      case 'navigate': env.jar.path = st.path; pageView(); break;
      // A re-read that finds nothing keeps the refusals this page holds (and writes them back); a decision without one is forgotten.
      // (Written back now: with the clock set back, that write is the one the browser's 400 days count from.)
      case 'clear': env.jar.cookies = []; if (!refused.size) yes = new Map(); else written = Date.now(); env.fire('visibilitychange'); break;
      case 'tamper':
        if (st.how === 'garble') {
          for (const c of env.jar.copies('consent')) c.value = c.value.replace(/\|/g, '!');
          if (env.jar.copies('consent').length) { if (!refused.size) yes = new Map(); else written = Date.now(); }
        } else {
          // A stale copy elsewhere (an old grant under the parent domain / another path), or junk.
          const value = st.how === 'junk-copy' ? '1|zz' : `1|0b5e7a4c-9f2d-4c1e-8a3b-5d6e7f8a9b0c|${(T0 - 500 * DAY).toString(36)}|${(T0 + 9 * DAY).toString(36)}|banner||analytics:1+marketing:1+social:1|privacy:1`;
          document.cookie = `consent=${value}; domain=example.com; path=/blog/`; // a scope the config never uses
        }
        env.fire('visibilitychange');
        break;
    }
    // A record not written for 400 days is gone, with its refusals: the browser dropped the cookie.
    // A record holding a refusal is written again by a page view (or re-read) a day or more after its last write.
    if (Date.now() >= written + 400 * DAY) { refused = new Set(); yes = new Map(); }
    else if (refused.size && Date.now() - written >= DAY) written = Date.now();
    check(store, st.kind);
    // What this page says is what the next page view reads.
    const probe = createConsent(toConfig(site));
    open.push(probe);
    expect(probe.get().categories, `${st.kind}: next page view differs`).toEqual(store.get().categories);
    expect(probe.decided).toBe(store.decided);
    expect(probe.get().storage).toBe('cookie');
    probe.destroy();
    // What is recorded as granted was said yes to: read as opt-in, without GPC, nothing else runs.
    const strict = createConsent({ ...toConfig(site), mode: 'opt-in', gpc: false });
    open.push(strict);
    for (const id of optional()) if (strict.has(id)) expect(yes.has(id), `${st.kind}: ${id} recorded as granted without a yes`).toBe(true);
    strict.destroy();
  }
  } finally {
    stop();
    for (const c of open) c.destroy();
    vi.unstubAllGlobals();
    vi.useRealTimers();
  }
}

test('a no stays a no through random page views, configs, clocks, tabs and cookie oddities', () => {
  const start = fc.record<Site>({
    mode: fc.constantFrom<Mode>('opt-in', 'opt-out', 'notice'),
    version: fc.constant('1'),
    ids: fc.subarray([...IDS], { minLength: 1 }),
    domain: fc.constantFrom(undefined, 'example.com'),
    path: fc.constantFrom<'/' | '/blog'>('/', '/blog'),
    acceptDays: fc.constantFrom(30, 365),
    rejectDays: fc.constantFrom(undefined, 182),
    gpc: fc.constantFrom<boolean | string[]>(true, false, ['marketing', 'analytics']),
  });
  fc.assert(fc.property(start, fc.array(step, { minLength: 1, maxLength: 30 }), (site, steps) => { play(site, steps); }), { numRuns: runs(100), seed: seed() });
}, limit(120_000));
