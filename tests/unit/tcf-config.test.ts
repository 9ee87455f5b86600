import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/core/config';
import { checkTcf } from '../../src/iab/tcf/config';
import { checkWith } from '../../src/iab/dropin/config';
import { createTcfConsent } from '../../src/iab';

const optional = ['analytics', 'marketing'];
const ok = { cmpId: 123, cmpVersion: 1 };

describe('checkTcf', () => {
  test('fills in the defaults', () => {
    expect(checkTcf(ok, optional)).toEqual({
      problems: [],
      tcf: {
        cmpId: 123, cmpVersion: 1, vendors: [], publisherCountryCode: 'AA', gvl: '/consent/gvl',
        purposes: { analytics: [1, 8, 9, 10], marketing: [1, 2, 3, 4, 5, 6, 7] },
        specialFeatures: {}, publisherPurposes: [], googleVendors: [],
      },
    });
  });

  test('keeps the example of the interface', () => {
    const { tcf } = checkTcf({
      cmpId: 123, cmpVersion: 1, vendors: [755, 793, 21, 32], publisherCountryCode: 'de', gvl: '/consent/gvl/',
      purposes: { analytics: [1, 8, 9, 10], marketing: [1, 2, 3, 4, 7] }, googleVendors: [89, 1097],
    }, optional);
    expect(tcf).toMatchObject({ vendors: [21, 32, 755, 793], publisherCountryCode: 'DE', gvl: '/consent/gvl', purposes: { marketing: [1, 2, 3, 4, 7] }, googleVendors: [89, 1097] });
  });

  test('requires cmpId and cmpVersion, naming them', () => {
    expect(checkTcf({}, optional).problems).toEqual([
      'tcf.cmpId: expected an integer from 2 to 4095 (the CMP id IAB Europe registered for your CMP), got undefined',
      'tcf.cmpVersion: expected an integer from 1 to 4095 (your CMP\'s version), got undefined',
    ]);
    expect(checkTcf(undefined, optional).problems).toEqual(['tcf: expected an object with cmpId and cmpVersion, got undefined']);
    expect(checkTcf({ ...ok, cmpId: 1 }, optional).problems).toEqual([expect.stringMatching(/^tcf\.cmpId: .*got 1$/)]);
    expect(checkTcf({ ...ok, cmpVersion: 1.5 }, optional).problems).toEqual([expect.stringMatching(/^tcf\.cmpVersion: .*got 1\.5$/)]);
  });

  test('names each bad field', () => {
    const { tcf, problems } = checkTcf({
      ...ok, vendors: [1, 'x'], publisherCountryCode: 'DEU', gvl: 'javascript:alert(1)', cmpid: 3,
      purposes: { analytics: [12], ads: [1] }, specialFeatures: { marketing: [3] }, publisherPurposes: {}, googleVendors: [0],
    }, optional);
    expect(tcf).toBeUndefined();
    expect(problems).toEqual([
      'tcf.cmpid: unknown key',
      'tcf.vendors[1]: expected an integer from 1 to 65535, got "x"',
      'tcf.googleVendors[0]: expected an integer from 1 to 65535, got 0',
      'tcf.publisherPurposes: expected an array of ids, got an object',
      'tcf.publisherCountryCode: expected a two-letter country code like "DE", got "DEU"',
      'tcf.gvl: expected an http(s) or relative URL, got "javascript:alert(1)"',
      'tcf.purposes.analytics[0]: expected an integer from 1 to 11, got 12',
      'tcf.purposes.ads: expected an optional category of this config ("analytics", "marketing"), got "ads"',
      'tcf.specialFeatures.marketing[0]: expected an integer from 1 to 2, got 3',
    ]);
  });

  test('refuses a mapping that gives vendors no purpose', () => {
    expect(checkTcf(ok, ['stats']).problems).toEqual(['tcf.purposes: expected at least one category mapped to TCF purposes, got undefined']);
    expect(checkTcf({ ...ok, purposes: { stats: [1] } }, ['stats']).tcf?.purposes).toEqual({ stats: [1] });
  });
});

describe('the iab drop-in\'s config check', () => {
  const categories = { necessary: { required: true }, analytics: {}, marketing: {} };

  test('accepts tcf beside the rest and keeps it in raw', () => {
    const input = { categories, tcf: ok };
    const { config, problems } = checkWith(input, undefined);
    expect(problems).toEqual([]);
    expect(config?.raw).toBe(input);
  });

  test('fails closed without tcf: no config', () => {
    expect(checkWith({ categories }, undefined).config).toBeUndefined();
    expect(checkWith({ categories, tcf: { cmpId: 5 } }, undefined).config).toBeUndefined();
  });

  test('still reports the core problems', () => {
    const { config, problems } = checkWith({ categories, mdoe: 1, tcf: ok }, undefined);
    expect(config).toBeUndefined();
    expect(problems.map((p) => p[0])).toEqual(['mdoe']);
  });
});

describe('createTcfConsent', () => {
  test('throws a ConfigError naming the tcf field', () => {
    expect(() => createTcfConsent({ categories: { ads: {} }, tcf: { cmpVersion: 1 } as never })).toThrow(ConfigError);
    expect(() => createTcfConsent({ categories: { ads: {} }, tcf: { cmpVersion: 1 } as never })).toThrow(/tcf\.cmpId/);
  });
});
