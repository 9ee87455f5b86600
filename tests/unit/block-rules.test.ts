import { describe, expect, test } from 'vitest';
import { parseConfig } from '../../src/consent/config';
import { rules } from '../../src/block/rules';
import { SERVICES } from '../../src/services/index';

const categories = { necessary: { required: true }, analytics: {}, marketing: {}, functional: {} };
const GTM = 'https://www.googletagmanager.com/gtm.js?id=GTM-ABC';
const GA = 'https://region1.google-analytics.com/g/collect?v=2';
const ADS = 'https://www.googletagmanager.com/gtag/js?id=AW-123';
const YT = 'https://www.youtube.com/embed/dQw4w9WgXcQ';
const needs = (config: object, url: string) => rules(parseConfig({ categories, ...config }), SERVICES)(url);

describe('which categories a URL needs', () => {
  test('sources: every category that names the URL', () => {
    const c = { categories: { ...categories, analytics: { sources: ['example.net'] }, marketing: { sources: ['cdn.example.net/ads/'] } } };
    expect(needs(c, 'https://cdn.example.net/ads/x.js').sort()).toEqual(['analytics', 'marketing']);
    expect(needs(c, 'https://cdn.example.net/lib.js')).toEqual(['analytics']);
    expect(needs(c, 'https://example.org/lib.js')).toEqual([]);
  });

  test('autoBlock: the first matching service, in the mapped category', () => {
    expect(needs({ autoBlock: true }, GTM)).toEqual(['analytics']);
    expect(needs({ autoBlock: true }, ADS)).toEqual(['marketing']);
    expect(needs({ autoBlock: true }, YT)).toEqual(['functional']);
    const mapped = { categories: { necessary: { required: true }, stats: {}, ads: {} }, autoBlock: { analytics: 'stats', marketing: 'ads', functional: false } };
    expect(rules(parseConfig(mapped), SERVICES)(ADS)).toEqual(['ads']);
    expect(rules(parseConfig(mapped), SERVICES)(YT)).toEqual([]);
  });

  test('without autoBlock, or without the list, the services are not gated', () => {
    expect(needs({}, GTM)).toEqual([]);
    expect(rules(parseConfig({ categories, autoBlock: true }))(GTM)).toEqual([]);
  });

  test("the site's own sources win over the services list", () => {
    expect(needs({ autoBlock: true, categories: { ...categories, functional: { sources: ['googletagmanager.com'] } } }, GTM)).toEqual(['functional']);
  });

  test('Consent Mode (advanced) leaves Google tags to Google, other services stay held', () => {
    for (const url of [GTM, GA, ADS, 'https://googleads.g.doubleclick.net/pagead/id', 'https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js']) {
      expect(needs({ autoBlock: true, googleConsentMode: true }, url), url).toEqual([]);
    }
    expect(needs({ autoBlock: true, googleConsentMode: true }, YT)).toEqual(['functional']);
    expect(needs({ autoBlock: true, googleConsentMode: true }, 'https://connect.facebook.net/en_US/fbevents.js')).toEqual(['marketing']);
  });

  test('Consent Mode basic, or Google tags listed in sources, hold them', () => {
    expect(needs({ autoBlock: true, googleConsentMode: { mode: 'basic' } }, GTM)).toEqual(['analytics']);
    const listed = { autoBlock: true, googleConsentMode: true, categories: { ...categories, analytics: { sources: ['google-analytics.com'] } } };
    expect(needs(listed, GA)).toEqual(['analytics']);
    expect(needs(listed, GTM)).toEqual([]);
  });

  test('relative URLs: free on a host nothing names, matched on one named, never fooled by what the URL parser drops', () => {
    const config = parseConfig({ categories: { ...categories, analytics: { sources: ['tracker.test', 'site.test/track/'] } } });
    const r = rules(config);
    expect(r('/img/a.gif', 'https://www.example.org/page')).toEqual([]);
    expect(r('img/a.gif', 'https://www.example.org/page')).toEqual([]);
    expect(r('/track/a.gif', 'https://site.test/page')).toEqual(['analytics']);
    expect(r('/img/a.gif', 'https://site.test/page')).toEqual([]);
    for (const url of ['/\t/tracker.test/x.js', ' //tracker.test/x.js', '/\\tracker.test/x.js', '\t//tracker.test/x.js', '/\n/tracker.test/x.js']) {
      expect(r(url, 'https://www.example.org/page'), JSON.stringify(url)).toEqual(['analytics']);
    }
  });
});
