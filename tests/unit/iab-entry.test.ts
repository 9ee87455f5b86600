// @vitest-environment happy-dom
/**
 * The npm entry `consent-gate/iab` gives a bundler user the GPP side too: the CMP's start
 * (`createGppConsent`, `startGpp`), the config check, the stub, and the section helpers the
 * interface names, typed. Imported here as a bundler would import the entry.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { GppModel } from '@iabgpp/cmpapi';
import {
  applicableSection, checkGpp, ConfigError, createGppConsent, encodeGpp, GPP_LOCATOR, installGppStub, section, sectionId, startGpp, STATES,
  supportedApis, usFields, type Gpp, type GppConfig, type GppConsentConfig, type ResolvedGpp,
} from '../../src/iab';
import UsNat from '../../src/iab/gpp/us-national';

const CATEGORIES = { necessary: { required: true }, marketing: { label: 'Marketing' } };
const ping = () => new Promise<{ cmpStatus: string; signalStatus: string; applicableSections: number[]; gppString: string }>((r) => window.__gpp!('ping', (d) => r(d as never)));

afterEach(() => {
  delete window.__gpp;
  delete window.__tcfapi;
  document.cookie.split(/;\s*/).forEach((c) => { document.cookie = `${c.split('=')[0]}=; max-age=0; path=/`; });
});

describe('consent-gate/iab for GPP', () => {
  test('the section helpers of the interface', () => {
    expect([sectionId('usnat'), sectionId('usca'), sectionId('tcfeuv2'), sectionId('usxx')]).toEqual([7, 8, 2, undefined]);
    expect(applicableSection({ region: 'US-CA', mode: 'opt-out' }, 'state', false)).toBe('usca');
    expect(applicableSection({ region: 'FR', mode: 'opt-in' }, 'national', true)).toBe('tcfeuv2');
    expect(supportedApis('state', false)).toHaveLength(1 + STATES.length);
    const gpp: ResolvedGpp = checkGpp({} satisfies GppConfig, ['marketing']).gpp!;
    const fields = usFields(new UsNat().toObj() as Record<string, unknown>, { categories: { marketing: false }, gpc: true }, gpp);
    const encoded = encodeGpp([section(UsNat, fields)]);
    expect(new GppModel(encoded).getSection('usnat')).toMatchObject({ SaleOptOut: 1, SharingOptOut: 1, TargetedAdvertisingOptOut: 1, Gpc: true });
  });

  test('createGppConsent checks gpp (a ConfigError naming the field) before it defines anything', () => {
    const bad = { categories: CATEGORIES, gpp: { sections: 'county' } } as unknown as GppConsentConfig;
    expect(() => createGppConsent(bad)).toThrow(ConfigError);
    expect(() => createGppConsent(bad)).toThrow(/gpp\.sections: expected "national" or "state"/);
    expect(window.__gpp).toBeUndefined();
  });

  test('createGppConsent starts the GPP CMP: __gpp answers with usnat for a US visitor, and a refusal opts out', async () => {
    const { consent, gpp } = createGppConsent({ categories: CATEGORIES, gpp: { cmpId: 300 } }, { region: 'US' });
    const cmp: Gpp = gpp;
    await cmp.settled();
    expect(await ping()).toMatchObject({ cmpStatus: 'loaded', signalStatus: 'ready', applicableSections: [7], gppString: cmp.gppString });
    consent.save({ marketing: false }, 'banner');
    await cmp.settled();
    expect(new GppModel(cmp.gppString).getSection('usnat')).toMatchObject({ SaleOptOut: 1, SharingOptOut: 1 });
    expect(document.querySelector(`iframe[name=${GPP_LOCATOR}]`)).not.toBeNull();
  });

  test('startGpp and installGppStub, for a store made elsewhere', async () => {
    expect(installGppStub(['7:usnat'])).toBe(true);
    expect(installGppStub()).toBe(false);
    expect(typeof startGpp).toBe('function');
  });
});
