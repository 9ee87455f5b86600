import { describe, expect, test } from 'vitest';
import { findChromium } from '../../src/scan/chromium';
import { isThirdParty, pageToVisit, siteOf } from '../../src/scan/site';

describe('sites', () => {
  test('groups hosts by registrable domain, public suffixes included', () => {
    expect(siteOf('news.example.co.uk')).toBe('example.co.uk');
    expect(isThirdParty('cdn.example.com', 'www.example.com')).toBe(false);
    expect(isThirdParty('a.github.io', 'b.github.io')).toBe(true);
  });

  test('counts 127.0.0.1 and localhost as two sites', () => {
    expect(isThirdParty('localhost', '127.0.0.1')).toBe(true);
    expect(isThirdParty('127.0.0.1', '127.0.0.1')).toBe(false);
  });

  test('reads a cookie domain with its leading dot', () => {
    expect(isThirdParty('.example.com', 'www.example.com')).toBe(false);
  });
});

describe('links a crawl follows', () => {
  const origin = 'https://example.com';
  test('follows same-origin pages without their fragment', () => {
    expect(pageToVisit('/a?x=1#top', origin)).toBe('https://example.com/a?x=1');
  });

  test.each([
    ['another origin', 'https://other.example/'],
    ['another port', 'https://example.com:8443/'],
    ['mailto:', 'mailto:someone@example.com'],
    ['javascript:', 'javascript:void 0'],
    ['a download by extension', '/files/report.PDF'],
    ['a logout link', '/account/logout'],
    ['a sign-out link', '/?action=sign-out'],
  ])('skips %s', (_, href) => {
    expect(pageToVisit(href, origin)).toBeUndefined();
  });

  test('skips a link with a download attribute', () => {
    expect(pageToVisit('/export', origin, true)).toBeUndefined();
  });

  test('keeps pages whose names merely contain "log"', () => {
    expect(pageToVisit('/blog/catalogue', origin)).toBe('https://example.com/blog/catalogue');
  });
});

describe('finding a browser', () => {
  const only = (...paths: string[]) => (p: string) => paths.includes(p);
  test('takes --chromium first, then CHROME_PATH, then a usual path', () => {
    expect(findChromium('/x/chrome', { CHROME_PATH: '/y/chrome' }, only('/x/chrome', '/y/chrome'))).toBe('/x/chrome');
    expect(findChromium(undefined, { CHROME_PATH: '/y/chrome' }, only('/y/chrome', '/usr/bin/chromium'))).toBe('/y/chrome');
    if (process.platform === 'linux') expect(findChromium(undefined, {}, only('/usr/bin/google-chrome'))).toBe('/usr/bin/google-chrome');
  });

  test('names --chromium when there is none', () => {
    expect(() => findChromium(undefined, {}, () => false)).toThrow(/--chromium/);
    expect(() => findChromium('/nope', {}, () => false)).toThrow(/--chromium: no browser at \/nope/);
  });
});
