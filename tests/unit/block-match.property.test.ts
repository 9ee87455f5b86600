// Invariants of URL matching, on generated input: a host entry matches exactly its host and
// subdomains; the fast path for relative URLs never disagrees with parsing the URL (a
// disagreement would let a gated URL through).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseConfig } from '../../src/consent/config';
import { rules } from '../../src/block/rules';
import { sourceMatcher } from '../../src/block/match';

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?$/);
// The last label has a letter: the URL parser reads a host ending in a number as IPv4.
const host = fc.tuple(fc.array(label, { maxLength: 3 }), fc.stringMatching(/^[a-z]{1,6}$/)).map(([l, tld]) => [...l, tld].join('.'));

describe('sources matching, generated', () => {
  it('a host entry matches its host and subdomains, on any port, and nothing else', () => {
    fc.assert(fc.property(host, host, fc.option(fc.integer({ min: 1, max: 65535 })), (entry, other, port) => {
      const url = `https://${other}${port === null ? '' : ':' + port}/x`;
      const expected = other === entry || other.endsWith('.' + entry);
      expect(sourceMatcher([[entry, 1]])(url)).toEqual(expected ? [1] : []);
    }), { numRuns: 2000, seed: 12 });
  });

  it('the fast path for relative URLs agrees with parsing them', () => {
    const config = parseConfig({ categories: { necessary: { required: true }, analytics: { sources: ['tracker.test', 'site.test/track/'] } } });
    const fast = rules(config);
    const parsed = sourceMatcher([['tracker.test', 'analytics'], ['site.test/track/', 'analytics']]);
    const piece = fc.constantFrom('/', '//', '\\', '\t', '\n', '\r', ' ', ':', '.', '?', '#', 'tracker.test', 'site.test', 'track', 'x', 'http', '%2F', '@');
    const input = fc.array(piece, { maxLength: 8 }).map((p) => p.join(''));
    const base = fc.constantFrom('https://www.example.org/a/b', 'https://site.test/page', 'http://127.0.0.1:8080/');
    fc.assert(fc.property(input, base, (url, b) => {
      expect(fast(url, b), JSON.stringify(url)).toEqual([...new Set(parsed(url, b))]);
    }), { numRuns: 5000, seed: 34 });
  });
});
