import { createServer } from 'node:http';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ConfigError } from '../../src/core/config';
import { parseConfig, validateConfig } from '../../src/consent/config';
import { createConsent } from '../../src/consent/store';
import { decodeRecord, encodeRecord } from '../../src/core/record';
import { memoryStorage } from '../../src/storage/memory';
import { EEA, EU } from '../../src/regions/index';
import type { ConsentConfig } from '../../src/core/types';

const config = (patch: Partial<ConsentConfig> = {}): ConsentConfig => ({
  mode: 'notice',
  policies: { privacy: { version: '1' } },
  categories: { necessary: { required: true }, analytics: {}, marketing: {} },
  regions: {
    'EU EEA GB CH': { mode: 'opt-in', ui: { layout: 'box' }, texts: { en: { title: 'Your choice' } } },
    'US-CA US-CO': { mode: 'opt-out', gpc: ['marketing', 'analytics'] },
    US: { mode: 'notice', expiry: { acceptDays: 30 } },
    '*': { mode: 'notice' },
  },
  ...patch,
});

const store = (patch: Partial<ConsentConfig> = {}, region?: string, storage = memoryStorage()) =>
  createConsent(config(patch), { storage, region });

afterEach(() => vi.unstubAllGlobals());

describe('config', () => {
  test('an unknown code is an error naming its key', () => {
    const { problems } = validateConfig(config({ regions: { 'DE XY': { mode: 'opt-in' } } }));
    expect(problems).toEqual(['regions.DE XY: expected ISO 3166 codes like "DE" or "US-CA", "EU", "EEA" or "*", separated by spaces, got "XY"']);
  });

  test('UK is not a code (GB is)', () => {
    expect(() => parseConfig(config({ regions: { UK: { mode: 'opt-in' } } }))).toThrow(ConfigError);
  });

  test('a subdivision of an unknown country is an error', () => {
    expect(validateConfig(config({ regions: { 'QQ-CA': {} } })).problems[0]).toMatch(/^regions\.QQ-CA: /);
  });

  test('a region\'s fields are checked like the top level\'s', () => {
    expect(validateConfig(config({ regions: { DE: { mode: 'opt-on' as 'opt-in' } } })).problems)
      .toEqual(['regions.DE.mode: expected "opt-in", "opt-out" or "notice", got "opt-on"']);
    expect(validateConfig(config({ regions: { DE: { gpc: ['ads'] } } })).problems[0]).toMatch(/^regions\.DE\.gpc\[0\]: /);
    expect(validateConfig(config({ regions: { DE: { colour: 'red' } as never } })).problems[0]).toMatch(/^regions\.DE\.colour: unknown key/);
  });

  test('a code in two keys is an error', () => {
    expect(validateConfig(config({ regions: { 'DE FR': {}, DE: {} } })).problems[0]).toMatch(/^regions\.DE: expected each region in one key only, got "DE"/);
  });

  test('the EU has 27 members today, the EEA adds Iceland, Liechtenstein and Norway', () => {
    expect(EU).toHaveLength(27);
    expect(EU).toContain('GR');
    expect(EU).not.toContain('GB');
    expect(EEA.filter((c) => !EU.includes(c)).sort()).toEqual(['IS', 'LI', 'NO']);
  });

  test('region and regionEndpoint are checked', () => {
    expect(validateConfig(config({ region: 'Germany' })).problems[0]).toMatch(/^region: /);
    expect(validateConfig(config({ regionEndpoint: 'javascript:alert(1)' })).problems[0]).toMatch(/^regionEndpoint: /);
    expect(validateConfig(config({ cookieEndpoint: 'javascript:alert(1)' })).problems[0]).toMatch(/^cookieEndpoint: /);
  });
});

describe('rules by region', () => {
  test.each([
    ['DE', 'opt-in'], ['IS', 'opt-in'], ['GB', 'opt-in'], ['US-CA', 'opt-out'], ['US', 'notice'], ['US-TX', 'notice'], ['CN', 'notice'],
  ])('%s gets %s', (region, mode) => {
    expect(store({}, region).get().mode).toBe(mode);
  });

  test('a subdivision wins over its country', () => {
    expect(store({}, 'US-CO').get().mode).toBe('opt-out');
    expect(store({}, 'US-NY').config.expiry.acceptDays).toBe(30);
  });

  test('a country named directly wins over its group', () => {
    const c = store({ regions: { EU: { mode: 'opt-in' }, FR: { mode: 'opt-out' } } }, 'FR');
    expect(c.get().mode).toBe('opt-out');
  });

  test('a region outside every key, without "*", gets the top level\'s rules', () => {
    expect(store({ mode: 'opt-out', regions: { DE: { mode: 'opt-in' } } }, 'JP').get().mode).toBe('opt-out');
  });

  test('an unknown region gets the strictest rules, and nothing optional runs', () => {
    const c = store();
    expect(c.get()).toMatchObject({ region: null, mode: 'opt-in', categories: { analytics: false, marketing: false } });
    expect(store({}, 'XX').get().mode).toBe('opt-in');
    expect(store({}, '{{country}}').get().mode).toBe('opt-in');
  });

  test('notice and opt-out release optional categories before a decision', () => {
    expect(store({}, 'CN').get().categories).toEqual({ necessary: true, analytics: true, marketing: true });
    vi.stubGlobal('navigator', { globalPrivacyControl: true });
    expect(store({}, 'US-CA').get().categories).toEqual({ necessary: true, analytics: false, marketing: false });
  });

  test('per-region ui and texts are the config in force', () => {
    const c = store({}, 'DE');
    expect(c.config.ui.layout).toBe('box');
    expect(c.config.texts.en?.title).toBe('Your choice');
    expect(store({}, 'CN').config.ui.layout).toBe('bar');
  });

  test('the region given to createConsent in the config', () => {
    expect(createConsent(config({ region: 'US-CA' }), { storage: memoryStorage() }).get()).toMatchObject({ region: 'US-CA', mode: 'opt-out' });
  });
});

describe('how long a refusal lasts, by region', () => {
  /** Days the refusal recorded in `region` lasts before the banner asks again. */
  const refusalDays = (patch: Partial<ConsentConfig>, region: string) => {
    const storage = memoryStorage();
    store(patch, region, storage).rejectAll();
    const r = decodeRecord(storage.read(), Date.now())!;
    return Math.round((r.expiresAt - r.decidedAt) / 864e5);
  };
  const withRules = (rules: ConsentConfig['regions'], patch: Partial<ConsentConfig> = {}) => ({ ...patch, regions: rules });

  test('unset anywhere: 12 months in an opt-out region (the CCPA), 182 days elsewhere', () => {
    expect(refusalDays({}, 'US-CA')).toBe(365);
    expect(refusalDays({}, 'DE')).toBe(182);
    expect(refusalDays({}, 'CN')).toBe(182);
  });

  test('a region\'s own rejectDays wins, in opt-out too', () => {
    expect(refusalDays(withRules({ 'US-CA': { mode: 'opt-out', expiry: { rejectDays: 30 } }, '*': { mode: 'notice' } }), 'US-CA')).toBe(30);
    expect(refusalDays(withRules({ DE: { mode: 'opt-in', expiry: { rejectDays: 90 } } }), 'DE')).toBe(90);
  });

  test('the top level\'s rejectDays holds where a region sets none', () => {
    const rules = withRules({ 'US-CA': { mode: 'opt-out' }, DE: { mode: 'opt-in' } }, { expiry: { rejectDays: 60 } });
    expect(refusalDays(rules, 'US-CA')).toBe(60);
    expect(refusalDays(rules, 'DE')).toBe(60);
  });

  test('a region that sets one of acceptDays and rejectDays keeps the top level\'s other', () => {
    const rules = withRules({ DE: { expiry: { acceptDays: 2 } }, FR: { expiry: { rejectDays: 7 } } }, { mode: 'opt-in', expiry: { acceptDays: 30, rejectDays: 60 } });
    expect(refusalDays(rules, 'DE')).toBe(60);
    expect(store(rules, 'FR').config.expiry).toEqual({ acceptDays: 30, rejectDays: 7 });
  });

  test('a region that sets part of ui keeps the top level\'s rest', () => {
    const c = store({ ui: { layout: 'box', theme: 'dark' }, regions: { DE: { ui: { theme: 'light' } }, FR: { ui: { layout: null as never } } } }, 'DE');
    expect(c.config.ui).toEqual({ layout: 'box', theme: 'light', floatingButton: false });
    c.setRegion('FR');
    expect(c.config.ui).toEqual({ layout: 'box', theme: 'dark', floatingButton: false });
  });

  test('an opt-in region under an opt-out top level gets opt-in\'s default, not the CCPA\'s', () => {
    const rules = withRules({ DE: { mode: 'opt-in' } }, { mode: 'opt-out' });
    expect(refusalDays(rules, 'DE')).toBe(182);
    expect(refusalDays(rules, 'US-TX')).toBe(365);
  });

  test('an invalid expiry does not change the defaults of the next config', () => {
    expect(validateConfig({ mode: 'opt-out', expiry: 'x', categories: { a: {} } }).problems[0]).toMatch(/^expiry:/);
    expect(parseConfig({ categories: { a: {} } }).expiry).toEqual({ acceptDays: 365, rejectDays: 182 });
    expect(parseConfig({ mode: 'opt-out', categories: { a: {} } }).expiry).toEqual({ acceptDays: 365, rejectDays: 365 });
  });
});

describe('decisions and moving', () => {
  test('the record keeps the region and mode of the decision', () => {
    const storage = memoryStorage();
    store({}, 'US-CA', storage).rejectAll();
    expect(decodeRecord(storage.read(), Date.now())).toMatchObject({ region: 'US-CA', mode: 'opt-out' });
  });

  test('a record without region and mode (written before) stays valid', () => {
    const now = Date.now();
    const old = encodeRecord({ id: crypto.randomUUID(), decidedAt: now, expiresAt: now + 864e5, source: 'banner', language: 'en', categories: { a: true }, policies: {} });
    expect(old.split('|')).toHaveLength(8);
    expect(decodeRecord(old, now)).toMatchObject({ region: undefined, mode: undefined });
  });

  test('a decision under the notice is asked again under opt-in, and releases nothing meanwhile', () => {
    const storage = memoryStorage();
    store({}, 'CN', storage).acceptAll('banner');
    const c = store({}, 'DE', storage);
    expect(c.get()).toMatchObject({ decided: false, reason: 'stricter', categories: { analytics: false, marketing: false } });
  });

  test('moving to laxer rules keeps the decision', () => {
    const storage = memoryStorage();
    store({}, 'DE', storage).save({ analytics: true });
    expect(store({}, 'CN', storage).get()).toMatchObject({ decided: true, categories: { analytics: true, marketing: false } });
  });

  test('an opt-out refusal survives a move to an opt-in region and back', () => {
    const storage = memoryStorage();
    store({}, 'US-CA', storage).rejectAll();
    expect(store({}, 'DE', storage).get().categories).toMatchObject({ analytics: false, marketing: false });
    expect(store({}, 'US-CA', storage).get()).toMatchObject({ decided: true, categories: { analytics: false, marketing: false } });
  });

  test('setRegion switches the rules in force and tells listeners', () => {
    const c = store();
    const seen: string[] = [];
    c.listen((s) => seen.push(`${s.region}:${s.mode}`));
    c.setRegion('US-CA');
    c.setRegion('DE');
    expect(seen).toEqual(['US-CA:opt-out', 'DE:opt-in']);
  });
});

describe('regionEndpoint', () => {
  async function endpoint(answer: (res: import('node:http').ServerResponse) => void) {
    const server = createServer((_req, res) => answer(res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    return { url: `http://127.0.0.1:${port}/consent/region`, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
  }

  test('the endpoint\'s region applies once it answers', async () => {
    const e = await endpoint((res) => res.end(JSON.stringify({ region: 'US-CA' })));
    try {
      const c = store({ regionEndpoint: e.url });
      expect(c.get().mode).toBe('opt-in');
      expect((await c.ready).mode).toBe('opt-out');
      expect(c.get().region).toBe('US-CA');
    } finally { await e.close(); }
  });

  test('a failing endpoint leaves the strictest rules', async () => {
    const e = await endpoint((res) => { res.writeHead(500).end('oops'); });
    try {
      expect(await store({ regionEndpoint: e.url }).ready).toMatchObject({ region: null, mode: 'opt-in' });
    } finally { await e.close(); }
  });

  test('a slow endpoint is given up on, and its late answer ignored', async () => {
    const e = await endpoint((res) => { setTimeout(() => res.end(JSON.stringify({ region: 'CN' })), 2600); });
    try {
      const c = store({ regionEndpoint: e.url });
      const t = Date.now();
      expect(await c.ready).toMatchObject({ region: null, mode: 'opt-in' });
      expect(Date.now() - t).toBeLessThan(2500);
      await new Promise((r) => setTimeout(r, 700));
      expect(c.get().mode).toBe('opt-in');
    } finally { await e.close(); }
  });
});
