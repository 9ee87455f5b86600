// Keys named like built-ins (issue 21, "make the class impossible"): every name of
// Object.prototype as a category id, a policy id, a region or a language, through random
// decisions and page views over the real cookie code. Whatever the name, nothing is granted
// (has, get, whenGranted, Google Consent Mode) without an explicit yes for that category.
import { afterEach, expect, test, vi } from 'vitest';
import fc from 'fast-check';
import { createConsent } from '../../src/consent/store';
import { readConsent } from '../../src/consent/read';
import { validateConfig } from '../../src/consent/config';
import { googleConsentMode } from '../../src/integrations/google-consent-mode';
import type { Consent, ConsentConfig, Mode } from '../../src/core/types';
import { install } from '../support/cookie-jar';
import { limit, runs, seed } from '../support/fuzz';

const NAMES = Object.getOwnPropertyNames(Object.prototype);

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

test('every Object.prototype name: valid ids are plain ids, the rest are refused naming the field', () => {
  for (const name of NAMES) {
    const { config, problems } = validateConfig({ categories: { [name]: {} }, policies: { [name]: { version: '1' } }, region: name, language: name });
    // An id of letters (constructor, toString, valueOf, hasOwnProperty…) is valid; `__proto__` & co. are not. No region or language is.
    expect(config, name).toBeUndefined();
    expect(problems.some((p) => p.startsWith('region:')), name).toBe(true);
    if (/^[a-z]/i.test(name)) {
      const ok = validateConfig({ categories: { [name]: {} }, policies: { [name]: { version: '1' } } }).config!;
      expect(ok.categories.map((c) => c.id)).toEqual([name]);
      expect(ok.policies.map((p) => p.id)).toEqual([name]);
    } else {
      expect(problems.some((p) => p.startsWith(`categories.${name}`)), name).toBe(true);
    }
  }
});

const VALID = NAMES.filter((n) => /^[a-z][\w-]{0,31}$/i.test(n));

test('a category or policy named like a built-in is granted only after a yes, in every mode and on every page view', async () => {
  const action = fc.oneof(
    fc.constant({ do: 'reject' as const }),
    fc.constant({ do: 'accept' as const }),
    fc.constant({ do: 'view' as const }),
    fc.constant({ do: 'revise' as const }),
    fc.constantFrom(...VALID, 'analytics').map((id) => ({ do: 'allow' as const, id })),
    fc.dictionary(fc.constantFrom(...VALID, 'analytics'), fc.boolean(), { maxKeys: 3 }).map((choices) => ({ do: 'save' as const, choices })),
    fc.constantFrom(...NAMES).map((id) => ({ do: 'region' as const, id })),
  );
  await fc.assert(fc.asyncProperty(
    fc.constantFrom<Mode>('opt-in', 'opt-out', 'notice'),
    fc.subarray(VALID, { minLength: 1, maxLength: 3 }),
    fc.constantFrom(...VALID),
    fc.array(action, { minLength: 1, maxLength: 12 }),
    async (mode, ids, policy, steps) => {
      vi.useFakeTimers({ now: Date.UTC(2026, 11, 6), toFake: ['Date'] });
      const env = install();
      const dataLayer: unknown[] = [];
      vi.stubGlobal('window', { dataLayer });
      let version = 1;
      const config = (): ConsentConfig => ({
        mode,
        policies: { [policy]: { version: String(version) } },
        categories: Object.fromEntries([['analytics', {}], ...ids.map((id) => [id, {}])]),
        googleConsentMode: { analytics: ['analytics_storage'], ...Object.fromEntries(ids.map((id) => [id, ['ad_storage']])) },
        gpc: false,
      });
      /** The model: categories refused, and those with a yes in force. */
      const refused = new Set<string>();
      const yes = new Set<string>();
      const all = ['analytics', ...ids];
      /** A decision made on today's policy version is in force (a revision asks again). */
      let current = false;
      const say = (id: string, v: boolean) => { current = true; if (v) { yes.add(id); refused.delete(id); } else { refused.add(id); yes.delete(id); } };
      const open: Consent[] = [];
      const page = () => { const c = createConsent(config()); open.push(c); return c; };
      let c = page();
      let resolved = new Set<string>();
      const watch = (store: Consent) => {
        resolved = new Set();
        // What is not granted now: resolving later means a grant came.
        for (const n of NAMES) if (!store.has(n)) void store.whenGranted(n).then(() => resolved.add(n));
      };
      watch(c);
      for (const s of steps) {
        if (s.do === 'reject') { c.rejectAll(); all.forEach((id) => say(id, false)); }
        else if (s.do === 'accept') { c.acceptAll(); all.forEach((id) => say(id, true)); }
        else if (s.do === 'save') { c.save(s.choices); all.forEach((id) => say(id, s.choices[id] === true)); }
        else if (s.do === 'allow') {
          const before = c.get();
          c.allow(s.id);
          if (all.includes(s.id)) {
            say(s.id, true);
            for (const id of all) if (id !== s.id && !(before.decided && before.categories[id])) say(id, false);
          }
        } else if (s.do === 'region') { c.setRegion(s.id); }
        else {
          if (s.do === 'revise') { version++; current = false; }
          c.destroy();
          c = page();
          watch(c);
        }
        await Promise.resolve();
        const state = c.get();
        const server = readConsent(document.cookie, config());
        for (const n of NAMES) {
          // Opt-in: a yes in force; otherwise whatever was not refused (the mode's default).
          const granted = all.includes(n) && (mode === 'opt-in' ? yes.has(n) && current : !refused.has(n));
          expect(c.has(n), `has(${n})`).toBe(granted);
          expect(state.categories[n] === true, `get().categories.${n}`).toBe(granted);
          expect(server.categories[n] === true, `readConsent: ${n}`).toBe(granted);
          if (!all.includes(n)) expect(n in state.categories, `${n} in categories`).toBe(false);
          // Resolved in this step: granted by it.
          if (resolved.delete(n)) expect(granted, `whenGranted(${n}) resolved`).toBe(true);
        }
        if (mode === 'opt-in') for (const n of all) if (!yes.has(n)) expect(c.has(n), `${n} granted without a yes`).toBe(false);
        // Google Consent Mode: ad_storage granted only when every built-in-named category is.
        const gcm: unknown[] = [];
        vi.stubGlobal('window', { dataLayer: gcm });
        googleConsentMode(c)();
        const last = gcm.at(-1) as unknown as [string, string, Record<string, string>];
        const ads = ids.every((id) => c.has(id));
        expect(last[2].ad_storage).toBe(ads ? 'granted' : 'denied');
      }
      for (const o of open) o.destroy();
      expect(env.jar.copies('consent').length).toBeLessThanOrEqual(1);
      vi.unstubAllGlobals();
      vi.useRealTimers();
    },
  ), { numRuns: runs(40), seed: seed() });
}, limit(120_000));
