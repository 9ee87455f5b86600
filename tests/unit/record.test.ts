import { describe, expect, test } from 'vitest';
import Cookies from 'js-cookie';
import { decodeRecord, encodeRecord, KEEP_DAYS, MAX_RECORD, type DecisionRecord } from '../../src/core/record';

const NOW = Date.UTC(2026, 10, 27, 10);
const DAY = 864e5;
const sample = (): DecisionRecord => ({
  id: '0b5e7a4c-9f2d-4c1e-8a3b-5d6e7f8a9b0c',
  decidedAt: NOW - DAY,
  expiresAt: NOW + 100 * DAY,
  source: 'banner',
  language: 'pt-br',
  categories: { analytics: true, marketing: false },
  policies: { privacy: '2024-05-01', terms: '3' },
});

/** A small deterministic PRNG (mulberry32), so a failing fuzz case can be replayed. */
function rng(seed: number) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('record', () => {
  test('round-trips every field', () => {
    const r = sample();
    expect(decodeRecord(encodeRecord(r), NOW)).toEqual({ ...r, categories: { ...r.categories }, policies: { ...r.policies }, gpc: [] });
  });

  test('carries its schema version first', () => {
    expect(encodeRecord(sample()).startsWith('1|')).toBe(true);
    expect(decodeRecord(encodeRecord(sample()).replace(/^1\|/, '2|'), NOW)).toBeUndefined();
  });

  test('keeps policy versions with special characters', () => {
    const r = { ...sample(), policies: { privacy: 'v1.2/é%' } };
    expect(decodeRecord(encodeRecord(r), NOW)?.policies.privacy).toBe('v1.2/é%');
  });

  test('with 50 categories and 10 policies it still fits a cookie', () => {
    const r = sample();
    r.categories = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`category_name_${i}`, i % 2 === 0]));
    r.policies = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`policy_document_${i}`, `2026-11-${10 + i}`]));
    const value = encodeRecord(r);
    // What js-cookie actually writes, plus the cookie's name and attributes.
    const written = Cookies.converter.write(value, 'consent');
    const cookie = `consent=${written}; path=/; expires=Sat, 27 Nov 2027 10:00:00 GMT; domain=example.com; samesite=Lax; secure`;
    expect(cookie.length).toBeLessThan(4096);
    expect(value.length).toBeLessThan(MAX_RECORD);
    expect(decodeRecord(Cookies.converter.read(written, 'consent'), NOW)?.categories.category_name_48).toBe(true);
  });

  test('outlives its expiry: its refusals hold for as long as it is there, past KEEP_DAYS too', () => {
    const r = sample();
    expect(decodeRecord(encodeRecord(r), r.expiresAt + DAY)?.categories.marketing).toBe(false);
    expect(decodeRecord(encodeRecord(r), r.decidedAt + KEEP_DAYS * DAY)?.categories.marketing).toBe(false);
    expect(decodeRecord(encodeRecord(r), r.decidedAt + 3 * KEEP_DAYS * DAY)?.categories.marketing).toBe(false);
  });

  test('keeps when it was last written, apart from when it was decided', () => {
    const r = { ...sample(), region: 'DE', mode: 'opt-in' as const, writtenAt: NOW + 30 * DAY };
    expect(decodeRecord(encodeRecord(r), NOW)).toMatchObject({ decidedAt: r.decidedAt, writtenAt: NOW + 30 * DAY });
    expect(decodeRecord(encodeRecord({ ...r, writtenAt: undefined }), NOW)?.writtenAt).toBeUndefined();
  });

  test('marks a yes given while Global Privacy Control was on', () => {
    const r = { ...sample(), gpc: ['analytics'] };
    expect(encodeRecord(r)).toContain('analytics:2');
    expect(decodeRecord(encodeRecord(r), NOW)).toMatchObject({ categories: { analytics: true, marketing: false }, gpc: ['analytics'] });
  });

  test('a record from the future (a clock set back) is read: the store keeps its refusals, grants nothing', () => {
    const r = { ...sample(), decidedAt: NOW + 2 * DAY, expiresAt: NOW + 300 * DAY };
    expect(decodeRecord(encodeRecord(r), NOW)?.categories.marketing).toBe(false);
  });

  test('prototype keys stay plain data', () => {
    const v = encodeRecord(sample()).replace('analytics:1', '__proto__:1+constructor:1');
    const r = decodeRecord(v, NOW);
    expect(r).toBeUndefined(); // __proto__ is not a valid id (starts with "_")
    const r2 = decodeRecord(encodeRecord(sample()).replace('analytics:1', 'constructor:1+toString:0'), NOW);
    expect(r2?.categories.constructor).toBe(true);
    expect(Object.getPrototypeOf(r2!.categories)).toBeNull();
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
  });

  const bad: [string, unknown][] = [
    ['undefined', undefined], ['a number', 42], ['an object', { v: 1 }], ['empty', ''],
    ['JSON', JSON.stringify(sample())], ['too few fields', '1|a|b'],
    ['oversized', encodeRecord(sample()) + '+'.repeat(MAX_RECORD)],
    ['bad uuid', encodeRecord(sample()).replace('0b5e7a4c', 'zzzz')],
    ['bad time', encodeRecord(sample()).replace(/\|([0-9a-z]+)\|/, '|-5|')],
    ['unknown source', encodeRecord(sample()).replace('|banner|', '|gpc|')],
    ['category value 3', encodeRecord(sample()).replace('analytics:1', 'analytics:3')],
    ['category value true', encodeRecord(sample()).replace('analytics:1', 'analytics:true')],
    ['duplicate category', encodeRecord(sample()).replace('analytics:1', 'marketing:1')],
    ['category without value', encodeRecord(sample()).replace('analytics:1', 'analytics')],
    ['bad percent escape in version', encodeRecord(sample()).replace('privacy:2024-05-01', 'privacy:%E0%A4%A')],
    ['empty version', encodeRecord(sample()).replace('privacy:2024-05-01', 'privacy:')],
    ['expiry before decision', encodeRecord({ ...sample(), expiresAt: NOW + 1, decidedAt: NOW + 5 })],
  ];
  test.each(bad)('reads %s as no decision', (_name, value) => {
    expect(decodeRecord(value, NOW)).toBeUndefined();
  });
});

describe('fuzz', () => {
  const valid = encodeRecord(sample());
  const alphabet = '01|:+-_%abcdefz9 ,.;=&"\\\u0000\u00e9\ud800{}[]';

  test('10,000 random strings: never throws, never consent', () => {
    const rand = rng(1);
    let decoded = 0;
    for (let i = 0; i < 10_000; i++) {
      const len = Math.floor(rand() * 200);
      let s = '';
      for (let j = 0; j < len; j++) s += alphabet[Math.floor(rand() * alphabet.length)];
      const r = decodeRecord(s, NOW);
      if (r) decoded++;
    }
    expect(decoded).toBe(0);
  });

  test('10,000 mutations of a valid record: never throws; what decodes is well-formed', () => {
    const rand = rng(2);
    let decoded = 0;
    for (let i = 0; i < 10_000; i++) {
      const chars = valid.split('');
      const edits = 1 + Math.floor(rand() * 4);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rand() * chars.length);
        const op = rand();
        const ch = alphabet[Math.floor(rand() * alphabet.length)]!;
        if (op < 0.4) chars[at] = ch;
        else if (op < 0.7) chars.splice(at, 1);
        else chars.splice(at, 0, ch);
      }
      const r = decodeRecord(chars.join(''), NOW);
      if (!r) continue;
      decoded++;
      // Whatever survives a mutation is still a well-formed record: booleans only, a uuid, times in order.
      expect(Object.values(r.categories).every((v) => typeof v === 'boolean')).toBe(true);
      expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.expiresAt).toBeGreaterThanOrEqual(r.decidedAt);
      expect(r.decidedAt).toBeLessThanOrEqual(NOW + 864e5);
      expect(Object.getPrototypeOf(r.categories)).toBeNull();
    }
    // Most mutations break the record; a few (e.g. in the language) leave a valid one.
    expect(decoded).toBeLessThan(10_000);
  });
});
