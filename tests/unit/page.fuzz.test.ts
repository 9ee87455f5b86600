// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://www.example.com/blog/post"}
// The store's model test, driven through the page around it (issue 21): random sequences of
// page views, each with the real `<consent-banner>`, Google Consent Mode and the receipts
// client on one store, over a browser-like cookie jar (tests/support/cookie-jar.ts) as
// `document.cookie`. Steps: the banner's own buttons in every mode (notice's "I agree"
// included) and the preferences dialog's switches, API decisions, cookies cleared, shadowed by
// a stale copy, unreadable (cookies switched off) and readable again, the cookie renamed (with
// `formerNames`), invalid configs, policy revisions and mode changes, GPC switched on and off
// mid-session, clock jumps, and listeners that throw.
// Invariants after every step:
//  - no category is granted without a later yes (a refusal holds; in opt-in nothing runs
//    without a yes; under GPC a GPC category runs only after a yes);
//  - a receipt only for a decision: a step that decides nothing sends none, a decision at most
//    one, carrying the store's decision;
//  - Consent Mode's `default` (every optional type denied) is the first thing in `dataLayer`,
//    and each later update matches what the store grants;
//  - a listener that throws is reported and stops nothing.
// `npm test`: a fixed seed and modest runs; `npm run fuzz`: FUZZ_RUNS runs, random seed.
import { afterEach, beforeAll, expect, test, vi } from 'vitest';
import fc from 'fast-check';
import '../../src/banner';
import type { ConsentBanner } from '../../src/banner';
import { loadPrefs } from '../../src/banner/consent-banner.component';
import { createConsent } from '../../src/consent/store';
import { ConfigError } from '../../src/core/config';
import { googleConsentMode } from '../../src/integrations/google-consent-mode';
import { receipts } from '../../src/receipts/client';
import { newest } from '../../src/core/record';
import Cookies from 'js-cookie';
import type { Consent, ConsentConfig, Mode } from '../../src/core/types';
import { CookieJar } from '../support/cookie-jar';
import { limit, runs, seed } from '../support/fuzz';

const DAY = 864e5;
const T0 = Date.UTC(2020, 0, 1, 12);
const IDS = ['analytics', 'marketing', 'social'] as const;
const TYPES: Record<string, string> = { analytics: 'analytics_storage', marketing: 'ad_storage', social: 'personalization_storage' };

interface Site { mode: Mode; version: number; name: 'consent' | 'cg'; invalid: boolean; gpc: boolean }
const toConfig = (s: Site): ConsentConfig => ({
  mode: s.mode,
  policies: { privacy: { version: String(s.version) } },
  categories: Object.fromEntries([['necessary', { required: true }], ...IDS.map((id) => [id, { cookies: [`_${id}`] }])]),
  cookie: { name: s.name, formerNames: [s.name === 'cg' ? 'consent' : 'cg'] },
  gpc: s.gpc ? ['marketing'] : false,
  googleConsentMode: TYPES_MAP,
  receipts: { endpoint: '/consent/receipts' },
  ...(s.invalid ? { mdoe: 'opt-out' } : {}),
});
const TYPES_MAP = Object.fromEntries(IDS.map((id) => [id, [TYPES[id]!]]));

const choices = fc.record({ analytics: fc.boolean(), marketing: fc.boolean(), social: fc.boolean() });
const step = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('first', 'second').map((which) => ({ kind: 'banner' as const, which })) },
  { weight: 3, arbitrary: fc.tuple(choices, fc.constantFrom('save', 'accept', 'reject')).map(([c, button]) => ({ kind: 'prefs' as const, choices: c, button })) },
  { weight: 2, arbitrary: fc.oneof(
    fc.constantFrom('acceptAll', 'rejectAll', 'reset').map((how) => ({ how })),
    fc.constantFrom(...IDS).map((cat) => ({ how: 'allow' as const, cat })),
  ).map((d) => ({ kind: 'api' as const, ...d })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'view' as const }) },
  { weight: 3, arbitrary: fc.oneof(
    fc.record({ mode: fc.constantFrom<Mode>('opt-in', 'opt-out', 'notice') }),
    fc.constant({ version: 1 }),
    fc.constant({ name: 'rename' }),
    fc.constant({ invalid: true }),
    fc.constant({ gpc: true }),
  ).map((change) => ({ kind: 'config' as const, change })) },
  { weight: 2, arbitrary: fc.boolean().map((on) => ({ kind: 'gpc' as const, on })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'shadow' as const }) },
  { weight: 1, arbitrary: fc.boolean().map((off) => ({ kind: 'cookies-off' as const, off })) },
  { weight: 1, arbitrary: fc.constantFrom(2, 100, 200, 366).map((d) => ({ kind: 'clock' as const, ms: d * DAY })) },
  { weight: 1, arbitrary: fc.boolean().map((on) => ({ kind: 'throwing' as const, on })) },
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

beforeAll(() => loadPrefs());
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

const settle = async (el?: ConsentBanner) => {
  for (let i = 0; i < 3; i++) { await el?.updateComplete; await new Promise((r) => setTimeout(r, 0)); }
};

async function play(start: Site, steps: Step[]) {
  vi.useFakeTimers({ now: T0, toFake: ['Date'] });
  const jar = new CookieJar();
  jar.host = location.hostname;
  jar.path = location.pathname;
  let cookiesOff = false;
  Object.defineProperty(document, 'cookie', {
    configurable: true,
    get: () => (cookiesOff ? '' : jar.read()),
    set: (s: string) => { if (!cookiesOff) jar.write(s); },
  });
  let gpcOn = false;
  Object.defineProperty(navigator, 'globalPrivacyControl', { configurable: true, get: () => gpcOn });
  localStorage.clear();
  vi.stubGlobal('BroadcastChannel', undefined);
  // Each receipt once, by its receiptId (a queued one may be sent again; the server stores it once).
  const sent: { receiptId: string; consentId: string; decidedAt: string; source: string; categories: Record<string, boolean> }[] = [];
  // (Impressions, POSTed beside the endpoint by the banner's reporter, a module it imports when a layer is shown, are not receipts.)
  vi.stubGlobal('fetch', (u: string | URL, init: { body: string }) => {
    if (String(u).endsWith('/impressions')) return Promise.resolve(new Response(null, { status: 204 }));
    const r = JSON.parse(init.body);
    if (!sent.some((x) => x.receiptId === r.receiptId)) sent.push(r);
    return Promise.resolve(new Response(null, { status: 201 }));
  });
  const reported: unknown[] = [];
  vi.stubGlobal('reportError', (e: unknown) => reported.push(e));
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  const w = window as unknown as { dataLayer?: unknown[] };

  let site = start;
  /** The model: categories refused, and those with a yes in force (and whether GPC was on then). */
  let refused = new Set<string>();
  let yes = new Map<string, boolean>();
  let throwing = false;
  let store: Consent | undefined;
  let el: ConsentBanner | undefined;
  let stops: (() => void)[] = [];

  /** When the jar's record was last written (a decision, or a page view's daily rewrite of a refusal). */
  let written = T0;
  const say = (id: string, v: boolean) => { written = Date.now(); if (v) { refused.delete(id); yes.set(id, gpcOn && toConfig(site).gpc !== false); } else { refused.add(id); yes.delete(id); } };
  const reread = () => document.dispatchEvent(new Event('visibilitychange'));
  /**
   * The decision cookie has vanished (deleted, or replaced by a stale one that grants nothing): the model
   * keeps a refusal this page holds and forgets the rest (a store that fell back to memory, cookies having
   * been off, keeps what it holds, and writes it back once cookies work); the page re-reads and settles.
   */
  const vanished = async () => {
    if (store?.get().storage !== 'memory') {
      if (!store) refused = new Set();
      if (!refused.size) yes = new Map();
    }
    reread();
    await settle(el);
  };

  /**
   * After cookies were switched off, what this page decided lived in its memory only: the next
   * page view (cookies on again) reads what the jar kept, and the model starts from that.
   */
  const resync = () => {
    const r = newest([...jar.copies('consent'), ...jar.copies('cg')].map((c) => Cookies.converter.read(c.value, c.name)), Date.now());
    refused = new Set(IDS.filter((id) => r?.categories[id] === false));
    yes = new Map(IDS.filter((id) => r?.categories[id]).map((id) => [id, r!.gpc?.includes(id) ?? false]));
  };

  const view = async () => {
    if (cookiesOff) { cookiesOff = false; resync(); }
    for (const f of stops) f();
    stops = [];
    el?.remove();
    store?.destroy();
    store = el = undefined;
    w.dataLayer = [];
    const config = toConfig(site);
    if (site.invalid) {
      // A misspelt key: no store at all; nothing of this page view grants or records anything.
      expect(() => createConsent(config)).toThrow(ConfigError);
      return;
    }
    const s = (store = createConsent(config));
    // A site listener that throws, registered before everyone else's.
    if (throwing) stops.push(s.listen(() => { throw new Error('site listener'); }));
    stops.push(googleConsentMode(s), receipts(s));
    const [first] = w.dataLayer as IArguments[];
    expect(first && [...first].slice(0, 2), 'Consent Mode default first').toEqual(['consent', 'default']);
    for (const id of IDS) expect((first![2] as Record<string, string>)[TYPES[id]!], `default ${id}`).toBe('denied');
    el = document.createElement('consent-banner');
    document.body.append(el);
    el.consent = s;
    await settle(el);
  };

  /** Clicks a button in the banner's shadow root. */
  const click = async (selector: string) => {
    const b = el!.shadowRoot!.querySelector<HTMLButtonElement>(selector);
    expect(b, selector).not.toBeNull();
    b!.click();
    await settle(el);
  };

  const check = (label: string, receiptsBefore: number, decided: boolean, reportedBefore: number, changed: boolean) => {
    const fresh = sent.slice(receiptsBefore);
    // A receipt only for a decision (a decision that repeats the one in force may send none).
    expect(fresh.length, `${label}: receipts`).toBeLessThanOrEqual(decided ? 1 : 0);
    if (!store) return;
    const s = store.get();
    for (const r of fresh) {
      if (r.source !== 'reset') expect(r.decidedAt, `${label}: receipt of this decision`).toBe(s.decidedAt);
      for (const id of refused) expect(r.categories[id], `${label}: receipt grants refused ${id}`).not.toBe(true);
    }
    const gpcList = store.config.gpc;
    for (const id of IDS) {
      if (refused.has(id)) expect(s.categories[id], `${label}: refused ${id} granted`).toBe(false);
      if (s.categories[id] && site.mode === 'opt-in') expect(yes.has(id), `${label}: ${id} granted in opt-in without a yes`).toBe(true);
      if (s.categories[id] && gpcOn && gpcList.includes(id)) {
        expect(yes.has(id), `${label}: ${id} runs under GPC without a yes`).toBe(true);
        if (site.mode !== 'opt-in') expect(yes.get(id), `${label}: ${id} runs under GPC on a yes from before the signal`).toBe(true);
      }
    }
    // Consent Mode: the default first, and the last word matches what the store grants.
    const layer = w.dataLayer as IArguments[];
    expect([...layer[0]!].slice(0, 2)).toEqual(['consent', 'default']);
    const last = [...layer].reverse().find((a) => a[1] === 'update') ?? layer[0]!;
    for (const id of IDS) expect((last[2] as Record<string, string>)[TYPES[id]!], `${label}: Consent Mode ${id}`).toBe(s.categories[id] ? 'granted' : 'denied');
    // A listener that throws is reported, and stopped nothing above.
    if (throwing && changed) expect(reported.length, `${label}: the throwing listener reported`).toBeGreaterThan(reportedBefore);
  };

  await view();
  for (const st of steps) {
    const receiptsBefore = sent.length;
    const reportedBefore = reported.length;
    const storeBefore = store;
    const stateBefore = store && JSON.stringify(store.get());
    let decided = false;
    switch (st.kind) {
      case 'banner': {
        if (!store) break;
        if (store.view !== 'banner') { store.showBanner(); await settle(el); }
        const buttons = [...el!.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~=banner] button:not([part~=customize])')];
        const b = buttons[st.which === 'first' ? 0 : buttons.length - 1]!;
        const part = b.getAttribute('part')!;
        const before = store.get().categories;
        decided = true;
        b.click();
        await settle(el);
        if (/accept/.test(part)) IDS.forEach((id) => say(id, true));
        else if (/reject/.test(part)) IDS.forEach((id) => say(id, false));
        else {
          // "I agree": what ran before runs; nothing else.
          expect(part).toMatch(/agree/);
          for (const id of IDS) {
            expect(store.get().categories[id], `I agree changed ${id}`).toBe(before[id]);
            say(id, before[id] === true);
          }
        }
        expect(store.view).toBe(null);
        break;
      }
      case 'prefs': {
        if (!store) break;
        store.showPreferences();
        await settle(el);
        const switches = [...el!.shadowRoot!.querySelectorAll<HTMLInputElement>('dialog [part~=switch]:not([disabled])')];
        expect(switches).toHaveLength(IDS.length);
        switches.forEach((sw, i) => {
          if (sw.checked !== st.choices[IDS[i]!]) sw.click();
        });
        decided = true;
        await click(`dialog [part~=${st.button}]`);
        IDS.forEach((id) => say(id, st.button === 'accept' || (st.button === 'save' && st.choices[id])));
        break;
      }
      case 'api': {
        if (!store) break;
        decided = true;
        if (st.how === 'allow') {
          const before = store.get();
          store.allow(st.cat);
          say(st.cat, true);
          for (const id of IDS) if (id !== st.cat && !(before.decided && before.categories[id])) say(id, false);
        } else {
          store[st.how]();
          IDS.forEach((id) => say(id, st.how === 'acceptAll'));
        }
        await settle(el);
        break;
      }
      case 'view': await view(); break;
      case 'config': {
        const c = st.change;
        site = {
          ...site,
          invalid: 'invalid' in c ? !site.invalid : false,
          ...('mode' in c ? { mode: c.mode } : {}),
          ...('version' in c ? { version: site.version + 1 } : {}),
          ...('name' in c ? { name: site.name === 'cg' ? 'consent' : 'cg' } : {}),
          ...('gpc' in c ? { gpc: !site.gpc } : {}),
        };
        await view();
        break;
      }
      case 'gpc': gpcOn = st.on; reread(); await settle(el); break;
      case 'clear':
        // Another script (or the visitor) deletes the decision cookie mid-session: a refusal held is kept.
        jar.cookies = [];
        await vanished();
        break;
      case 'shadow': {
        // A stale Accept all appears under the parent domain, the decision itself deleted.
        // Older than any decision of the run, its decision long lapsed (it grants nothing), its record still readable.
        const stale = `1|0b5e7a4c-9f2d-4c1e-8a3b-5d6e7f8a9b0c|${(T0 - 500 * DAY).toString(36)}|${(Date.now() + 300 * DAY).toString(36)}|banner||analytics:1+marketing:1+social:1|privacy:${site.version}`;
        jar.cookies = [];
        if (!cookiesOff) document.cookie = `${site.name}=${stale}; domain=example.com; path=/`;
        await vanished();
        break;
      }
      case 'cookies-off':
        cookiesOff = st.off;
        reread();
        await settle(el);
        break;
      case 'clock':
        vi.setSystemTime(Date.now() + st.ms);
        await view();
        break;
      case 'throwing': throwing = st.on; await view(); break;
    }
    // Not written for 400 days (no valid page view to write it again): the browser dropped it, refusals and all.
    if (Date.now() >= written + 400 * DAY) { refused = new Set(); yes = new Map(); }
    else if (store && !cookiesOff && refused.size && Date.now() - written >= DAY) written = Date.now();
    const changed = !!store && store === storeBefore && JSON.stringify(store.get()) !== stateBefore;
    check(st.kind, receiptsBefore, decided, reportedBefore, changed);
  }
  for (const f of stops) f();
  el?.remove();
  store?.destroy();
}

test('a no stays a no through the banner\'s buttons, cookie oddities, invalid configs, GPC and throwing listeners', async () => {
  const start = fc.record<Site>({
    mode: fc.constantFrom<Mode>('opt-in', 'opt-out', 'notice'),
    version: fc.constant(1),
    name: fc.constantFrom<'consent' | 'cg'>('consent', 'cg'),
    invalid: fc.constant(false),
    gpc: fc.boolean(),
  });
  await fc.assert(fc.asyncProperty(start, fc.array(step, { minLength: 1, maxLength: 16 }), async (site, steps) => { await play(site, steps); }), { numRuns: runs(25), seed: seed() });
}, limit(300_000));
