import { describe, expect, test } from 'vitest';
import { checkConfig } from '../../src/consent/config';
import { suggestConfig } from '../../src/scan/suggest';
import type { CookieItem, ScanReport } from '../../src/scan/types';

// consent.config.json: what a scan suggests as a config to start from.
const cookie = (name: string, more: Partial<CookieItem>): CookieItem => ({
  name, domain: 'example.com', path: '/', expires: 'session', httpOnly: false, secure: false, sameSite: '', thirdParty: false,
  setBy: null, setVia: null, passes: ['accepted'], category: 'unclassified', ...more,
});
const report = (over: Partial<ScanReport> = {}): ScanReport => ({
  url: 'https://example.com/', scannedAt: '2026-11-28T00:00:00.000Z', pages: ['https://example.com/'], leaks: [], failures: [], consentGate: null, durationMs: 1,
  cookies: [
    cookie('_ga', { category: 'analytics', platform: 'Google Analytics', description: 'ID', retention: '2 years' }),
    cookie('_ga_ABC', { category: 'analytics', platform: 'Google Analytics', retention: '2 years', wildcard: '_ga_' }),
    cookie('_ga_DEF', { category: 'analytics', platform: 'Google Analytics', retention: '2 years', wildcard: '_ga_' }),
    cookie('consent', { category: 'necessary', platform: 'consent-gate', description: 'Decision' }),
    cookie('mystery', {}),
    cookie('_own', { category: 'analytics', description: 'Declared in the site\'s "analytics" category', source: 'site-config' }),
  ],
  storage: [
    { name: '_sp_id.1', area: 'localStorage', category: 'analytics', wildcard: '_sp_id.', setBy: null, passes: ['accepted'] },
    { name: 'tab', area: 'sessionStorage', category: 'analytics', setBy: null, passes: ['accepted'] },
  ],
  requests: [
    { url: 'https://connect.facebook.net/en_US/fbevents.js', host: 'connect.facebook.net', type: 'script', initiator: null, category: 'marketing', passes: ['accepted'] },
    { url: 'https://cdn.example.org/lib.js', host: 'cdn.example.org', type: 'script', initiator: null, category: 'unclassified', passes: ['before'] },
  ],
  ...over,
});

describe('suggested config', () => {
  const config = suggestConfig(report()) as { mode: string; categories: Record<string, Record<string, unknown>> };

  test('passes the config check as it is', () => {
    expect(checkConfig(config).problems).toEqual([]);
  });

  test('lists names, and one /regex/ for the cookies a wildcard entry matched', () => {
    expect(config.categories.analytics!.cookies).toEqual(['_ga', '/^_ga_/', '_own']);
    expect(config.categories.analytics!.storage).toEqual(['/^_sp_id\\./']);
  });

  test('writes a cookie table row per entry with purpose, duration and provider', () => {
    expect(config.categories.analytics!.cookieTable).toEqual([
      { name: '_ga', purpose: 'ID', duration: '2 years', provider: 'Google Analytics' },
      { name: '_ga_*', duration: '2 years', provider: 'Google Analytics' },
      { name: '_own' },
    ]);
  });

  test('puts request hosts in the sources of their category', () => {
    expect(config.categories.marketing!.sources).toEqual(['connect.facebook.net']);
  });

  test('keeps the decision cookie necessary and leaves unclassified findings out', () => {
    expect(config.categories.necessary).toMatchObject({ required: true, cookies: ['consent'] });
    expect(JSON.stringify(config)).not.toMatch(/mystery|example\.org/);
  });

  test('keeps the mode and decision cookie name of the config it found', () => {
    const found = suggestConfig(report({ consentGate: { mode: 'opt-out', cookieName: 'cg', categories: [] } }));
    expect(found).toMatchObject({ mode: 'opt-out', cookie: { name: 'cg' } });
  });

  test('still offers an optional category when the scan found none', () => {
    const bare = suggestConfig(report({ cookies: [], storage: [], requests: [] }));
    expect(checkConfig(bare).problems).toEqual([]);
  });
});
