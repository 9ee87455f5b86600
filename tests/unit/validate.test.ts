/**
 * The one receipt check (src/receipts/validate.ts) against the config's own checks:
 * whatever a valid config lets the client put in a receipt, the server accepts;
 * and the CSV cell writer against OWASP's list of formula starters.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { LANG_CODE } from '../../src/core/config';
import { checkConfig } from '../../src/consent/config';
import { MAX_LANGUAGE, isIsoTime, validateReceipt } from '../../src/receipts/validate';
import { csvCell } from '../../src/server/handler';
import { runs, seed } from '../support/fuzz';

const receipt = (over: Record<string, unknown>) => ({
  receiptId: '0b5e7a4c-9f2d-4c1e-8a3b-5d6e7f8a9b0c', consentId: '1b5e7a4c-9f2d-4c1e-8a3b-5d6e7f8a9b0c', decidedAt: '2026-11-28T10:00:00.000Z',
  source: 'banner', policies: {}, categories: { necessary: true }, language: 'en', configHash: 'abc', page: '/', ...over,
});
const accepts = (over: Record<string, unknown>) => { try { validateReceipt(receipt(over)); return true; } catch { return false; } };
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 70 }), fc.string({ unit: 'grapheme-ascii', maxLength: 70 }), fc.stringMatching(/^[\w.-]{1,70}$/));

describe('validateReceipt and the config agree', () => {
  test('a policy version the config accepts is one a receipt may carry, and no other', () => {
    fc.assert(fc.property(text, (version) => {
      const config = !checkConfig({ categories: { a: {} }, policies: { privacy: { version } } }).problems.length;
      expect(accepts({ policies: { privacy: version } })).toBe(config);
    }), { numRuns: runs(500), seed: seed() });
  });

  test('a category or policy id the config accepts is one a receipt may carry, and no other', () => {
    fc.assert(fc.property(text, (id) => {
      const config = !checkConfig({ categories: { [id]: {} }, policies: { [id]: { version: '1' } } }).problems.length;
      expect(accepts({ categories: { [id]: true }, policies: { [id]: '1' } })).toBe(config);
    }), { numRuns: runs(500), seed: seed() });
  });

  test('every language the store records (LANG_CODE, lower case, cut to 255 at a subtag) is accepted', () => {
    const tag = fc.stringMatching(/^[a-zA-Z]{2,3}(-[a-zA-Z\d]{1,8}){0,60}$/);
    fc.assert(fc.property(tag, (raw) => {
      expect(LANG_CODE.test(raw)).toBe(true);
      let language = raw.toLowerCase();
      while (language.length > MAX_LANGUAGE) language = language.replace(/-?[^-]*$/, '');
      expect(accepts({ language })).toBe(true);
    }), { numRuns: runs(300), seed: seed() });
  });

  test('accepts a decidedAt from any clock, refuses what is not a real UTC time', () => {
    for (const t of ['1970-01-01T00:00:00.000Z', '2000-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '+010000-01-01T00:00:00.000Z', new Date(Date.now() + 3 * 864e5).toISOString()]) {
      expect([t, isIsoTime(t)]).toEqual([t, true]);
    }
    for (const t of ['2026-02-30T10:00:00.000Z', '2026-11-27T24:00:00Z', '2026-11-27T10:00:00+02:00', '2026-11-27', '-000000-01-01T00:00:00.000Z', 'yesterday']) {
      expect([t, isIsoTime(t)]).toEqual([t, false]);
    }
  });
});

describe('csvCell', () => {
  test.each(['=1+2', '+1', '-2-3', '@SUM(A1)', '\tx', '\rx'])('neutralises %j with a leading quote, quoted', (v) => {
    expect(csvCell(v)).toBe(`"'${v.replace(/"/g, '""')}"`);
  });

  test('leaves other cells as RFC 4180 wants them', () => {
    expect(csvCell('/news/article')).toBe('/news/article');
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell({ a: true })).toBe('"{""a"":true}"');
    expect(csvCell(undefined)).toBe('');
  });

  test('no cell, once its quotes are read, starts with a formula character', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (v) => {
      const cell = csvCell(v);
      const shown = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
      expect(/^[=+\-@\t\r]/.test(shown)).toBe(false);
    }), { numRuns: runs(500), seed: seed() });
  });
});
