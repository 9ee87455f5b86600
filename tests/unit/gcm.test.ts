// @vitest-environment happy-dom
// Google Consent Mode: what reaches dataLayer, in which shape and order.
// The order against released scripts is proven in Chromium (tests/browser/gcm.test.ts).
import { afterEach, expect, test } from 'vitest';
import { createConsent } from '../../src/consent/store';
import { memoryStorage } from '../../src/storage/memory';
import { googleConsentMode } from '../../src/integrations/google-consent-mode';
import type { ConsentConfig } from '../../src/core/types';

type W = { dataLayer?: unknown[] };
const w = window as unknown as W;
const store = (patch: Partial<ConsentConfig> = {}) => createConsent({
  categories: { necessary: { required: true }, functional: {}, analytics: {}, marketing: {} },
  googleConsentMode: true,
  ...patch,
}, { storage: memoryStorage() });
const entries = () => (w.dataLayer ?? []).map((e) => Array.from(e as ArrayLike<unknown>));
const denied = { ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'denied', functionality_storage: 'denied', personalization_storage: 'denied' };

afterEach(() => { delete w.dataLayer; });

test('does nothing without googleConsentMode in the config', () => {
  googleConsentMode(store({ googleConsentMode: false }))();
  expect(w.dataLayer).toBeUndefined();
});

test('pushes the default at once, as an arguments object', () => {
  googleConsentMode(store());
  expect(w.dataLayer).toHaveLength(1);
  expect(Object.prototype.toString.call(w.dataLayer![0])).toBe('[object Arguments]');
  expect(entries()[0]).toEqual(['consent', 'default', { ...denied, security_storage: 'granted', wait_for_update: 500 }]);
});

test('keeps what is already in dataLayer', () => {
  w.dataLayer = [{ event: 'gtm.js' }];
  googleConsentMode(store());
  expect(w.dataLayer[0]).toEqual({ event: 'gtm.js' });
  expect(entries()[1]![1]).toBe('default');
});

test('pushes no update for an undecided opt-in visitor', () => {
  googleConsentMode(store());
  expect(entries().map((e) => e[1])).toEqual(['default']);
});

test('pushes an update after every change', () => {
  const c = store();
  googleConsentMode(c);
  c.save({ analytics: true });
  c.acceptAll();
  c.reset();
  const upd = entries().slice(1);
  expect(upd.map((e) => e.slice(0, 2))).toEqual([['consent', 'update'], ['consent', 'update'], ['consent', 'update']]);
  expect(upd[0]![2]).toEqual({ ...denied, analytics_storage: 'granted', security_storage: 'granted' });
  expect(upd[1]![2]).toEqual({
    ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted', analytics_storage: 'granted',
    functionality_storage: 'granted', personalization_storage: 'granted', security_storage: 'granted',
  });
  expect(upd[2]![2]).toEqual({ ...denied, security_storage: 'granted' });
});

test('pushes an update from the stored decision at start', () => {
  const storage = memoryStorage();
  const cfg = { categories: { analytics: {}, marketing: {} }, googleConsentMode: true };
  createConsent(cfg, { storage }).save({ marketing: true });
  googleConsentMode(createConsent(cfg, { storage }));
  expect(entries().map((e) => e[1])).toEqual(['default', 'update']);
  expect(entries()[1]![2]).toMatchObject({ ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted', analytics_storage: 'denied' });
});

test('grants before a decision in opt-out mode, through an update', () => {
  googleConsentMode(store({ mode: 'opt-out' }));
  expect(entries()[0]![2]).toMatchObject({ analytics_storage: 'denied' });
  expect(entries()[1]!.slice(0, 2)).toEqual(['consent', 'update']);
  expect(entries()[1]![2]).toMatchObject({ analytics_storage: 'granted', ad_storage: 'granted' });
});

test('follows a custom map, granting a type only when all its categories are granted', () => {
  const c = createConsent({
    categories: { stats: {}, ads: {}, video: {} },
    googleConsentMode: { stats: ['analytics_storage'], ads: ['ad_storage'], video: ['ad_storage'] },
  }, { storage: memoryStorage() });
  googleConsentMode(c);
  c.save({ stats: true, ads: true });
  expect(entries()[1]![2]).toMatchObject({ analytics_storage: 'granted', ad_storage: 'denied', ad_user_data: 'denied', security_storage: 'granted' });
});

test('sends region, wait_for_update, ads_data_redaction and url_passthrough', () => {
  googleConsentMode(store({ googleConsentMode: { region: ['DE', 'US-CA'], wait_for_update: 800, ads_data_redaction: true, url_passthrough: false } }));
  expect(entries()[0]![2]).toMatchObject({ region: ['DE', 'US-CA'], wait_for_update: 800 });
  expect(entries().slice(1)).toEqual([['set', 'ads_data_redaction', true], ['set', 'url_passthrough', false]]);
});

test('stops updating when stopped', () => {
  const c = store();
  googleConsentMode(c)();
  c.acceptAll();
  expect(w.dataLayer).toHaveLength(1);
});
