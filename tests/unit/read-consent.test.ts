import Cookies from 'js-cookie';
import fc from 'fast-check';
import { afterEach, expect, test, vi } from 'vitest';
import { readConsent } from '../../src/consent/read';
import { createConsent } from '../../src/consent/store';
import type { ConsentConfig } from '../../src/core/types';
import type { DecisionStorage } from '../../src/storage/types';

const DAY = 864e5;
const REGIONS = [undefined, 'DE', 'FR', 'US', 'US-CA', 'US-TX', 'CN', 'XX'];

const config = (version: string, extra: boolean, mode: ConsentConfig['mode']): ConsentConfig => ({
  mode,
  policies: { privacy: { version } },
  categories: { necessary: { required: true }, analytics: {}, marketing: {}, ...(extra ? { media: {} } : {}) },
  cookie: { name: 'cg' },
  expiry: { acceptDays: 30, rejectDays: 10 },
  regions: {
    'EU GB': { mode: 'opt-in' },
    'US-CA': { mode: 'opt-out', gpc: ['marketing', 'analytics'], expiry: { rejectDays: 5 } },
    US: { mode: 'notice' },
  },
});

/** A cookie jar of one cookie, as a browser keeps it: the store writes it, the header carries it. */
function jar(): DecisionStorage & { header(): string } {
  let value: string | undefined;
  return {
    kind: 'cookie',
    read: () => value,
    write(v) { value = v; },
    clear() { value = undefined; },
    header: () => ['a=1', value !== undefined && `cg=${Cookies.converter.write(value, 'cg')}`, 'z=%E2%9C%93'].filter(Boolean).join('; '),
  };
}

const op = fc.oneof(
  fc.constant({ kind: 'acceptAll' as const }),
  fc.constant({ kind: 'rejectAll' as const }),
  fc.record({ kind: fc.constant('save' as const), choices: fc.dictionary(fc.constantFrom('analytics', 'marketing', 'media'), fc.boolean()) }),
  fc.constant({ kind: 'reset' as const }),
  fc.record({ kind: fc.constant('move' as const), region: fc.constantFrom(...REGIONS) }),
  fc.record({ kind: fc.constant('wait' as const), days: fc.integer({ min: 0, max: 40 }) }),
  // The site changes its config: a revised policy, a new category, another top-level mode.
  fc.record({ kind: fc.constant('reconfigure' as const), version: fc.constantFrom('1', '2'), extra: fc.boolean(), mode: fc.constantFrom('opt-in', 'opt-out', 'notice') as fc.Arbitrary<ConsentConfig['mode']> }),
);

afterEach(() => { vi.unstubAllGlobals(); });

test('readConsent gives the snapshot get() gives, for every stored decision (sequences of decisions, moves, clocks and config changes)', () => {
  fc.assert(fc.property(fc.array(op, { maxLength: 25 }), fc.boolean(), (ops, gpc) => {
    vi.stubGlobal('navigator', { globalPrivacyControl: gpc });
    const storage = jar();
    let t = Date.UTC(2026, 10, 1);
    let cfg = config('1', false, 'opt-in');
    let region: string | undefined;
    const open = () => createConsent(cfg, { storage, now: () => t, region });
    let c = open();
    for (const o of ops) {
      if (o.kind === 'acceptAll') c.acceptAll('banner');
      else if (o.kind === 'rejectAll') c.rejectAll('banner');
      else if (o.kind === 'save') c.save(o.choices, 'preferences');
      else if (o.kind === 'reset') c.reset();
      else if (o.kind === 'move') { region = o.region; c.destroy(); c = open(); }
      else if (o.kind === 'wait') t += o.days * DAY;
      else { cfg = config(o.version, o.extra, o.mode); c.destroy(); c = open(); }
      // A browser loading a page with that cookie at that time (the page still open keeps its
      // state current by a timer, which this fake clock does not run).
      const fresh = open();
      expect(readConsent(storage.header(), cfg, { region, now: t, gpc })).toEqual(fresh.get());
      fresh.destroy();
    }
    c.destroy();
  }), { numRuns: 200 });
}, 60_000);

test('anything in the header that is not a decision reads as undecided, never as consent, never an exception', () => {
  const cfg = config('1', false, 'opt-in');
  fc.assert(fc.property(fc.oneof(fc.string(), fc.string().map((s) => `cg=${s}`), fc.string().map((s) => `cg=1|${s}`)), (header) => {
    const s = readConsent(header, cfg, { region: 'DE' });
    expect(s.decided).toBe(false);
    expect(s.categories).toEqual({ necessary: true, analytics: false, marketing: false });
  }), { numRuns: 500 });
  expect(readConsent(null, cfg).decided).toBe(false);
  expect(readConsent(undefined, cfg).mode).toBe('opt-in');
}, 30_000);

test('of several copies of the cookie the newest decision wins, as in the browser; garbage is skipped', () => {
  const cfg = config('1', false, 'opt-in');
  const older = jar();
  const newer = jar();
  let t = Date.UTC(2026, 10, 1);
  createConsent(cfg, { storage: older, region: 'DE', now: () => t }).rejectAll();
  t += 1000;
  createConsent(cfg, { storage: newer, region: 'DE', now: () => t }).acceptAll();
  const [a, b] = [older.header().split('; ')[1]!, newer.header().split('; ')[1]!];
  for (const header of [`${a}; ${b}; cg=garbage`, `cg=garbage; ${b}; ${a}`]) {
    expect(readConsent(header, cfg, { region: 'DE', now: t }).categories.analytics).toBe(true);
  }
});
