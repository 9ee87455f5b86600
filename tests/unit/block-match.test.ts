import { describe, expect, it } from 'vitest';
import { sourceMatcher } from '../../src/block/match.js';

const m = (entries: string[]) => {
  const match = sourceMatcher(entries.map((e) => [e, e] as const));
  return (url: string, base?: string) => match(url, base);
};

describe('sources matcher', () => {
  it('matches a host and its subdomains, whatever the port', () => {
    const match = m(['example.net']);
    for (const url of ['https://example.net/', 'http://a.b.example.net:8080/x.js', 'https://EXAMPLE.net./x', '//cdn.example.net/x']) {
      expect(match(url, 'https://site.test/'), url).toEqual(['example.net']);
    }
  });

  it('does not match look-alike hosts', () => {
    const match = m(['example.net']);
    for (const url of ['https://notexample.net/', 'https://example.net.evil.test/', 'https://example.network/', 'https://site.test/example.net/x', 'https://site.test/?u=https://example.net/']) {
      expect(match(url), url).toEqual([]);
    }
  });

  it('matches a path prefix against path and query', () => {
    const match = m(['example.net/gtag/js']);
    expect(match('https://www.example.net/gtag/js?id=G-1')).toEqual(['example.net/gtag/js']);
    expect(match('https://www.example.net/gtm.js')).toEqual([]);
    expect(match('https://www.example.net/GTAG/js')).toEqual([]);
  });

  it('tests a /regex/ against the absolute URL', () => {
    const match = m(['/^https:\\/\\/plausible\\.io\\//']);
    expect(match('https://plausible.io/js/script.js')).toHaveLength(1);
    expect(match('http://plausible.io/js/script.js')).toEqual([]);
    expect(match('/js/x.js', 'https://plausible.io/page')).toHaveLength(1);
  });

  it('resolves relative URLs against the base', () => {
    const match = m(['127.0.0.1/x']);
    expect(match('/x/a.js', 'http://127.0.0.1:1234/page')).toEqual(['127.0.0.1/x']);
    expect(match('/x/a.js', 'http://localhost:1234/page')).toEqual([]);
  });

  it('returns every matching entry, and nothing for what is not a URL', () => {
    const match = m(['example.net', 'cdn.example.net/a', '/example/']);
    expect(match('https://cdn.example.net/a.js').sort()).toEqual(['/example/', 'cdn.example.net/a', 'example.net']);
    expect(match('http://[::1')).toEqual([]);
    expect(match('data:text/javascript,1')).toEqual([]);
  });
});
