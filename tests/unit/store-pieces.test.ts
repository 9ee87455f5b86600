// @vitest-environment happy-dom
// The pieces createStore is composed of (issue 20: "split it into the pieces the reader reuses"),
// each on its own: the decision's record, the read that keeps refusals, listeners, other tabs.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { adoptStored, decisionRecord, encodeAgain, refuses } from '../../src/core/decision';
import { listeners } from '../../src/core/listeners';
import { atLapse, watchTabs } from '../../src/core/watch';
import { parseConfig } from '../../src/consent/config';
import { decodeRecord, encodeRecord, MAX_RECORD, type DecisionRecord } from '../../src/core/record';
import { snapshot } from '../../src/core/state';

const T0 = Date.UTC(2026, 0, 1);
const DAY = 864e5;
const config = parseConfig({ categories: { necessary: { required: true }, analytics: {}, marketing: {} }, policies: { privacy: { version: '2' } }, language: 'de' });
const none = snapshot(config, undefined, { now: T0, gpc: false, storage: 'memory', region: undefined });
const context = (record?: DecisionRecord) => ({ config, rules: config, record, state: none, now: T0, gpc: false, region: undefined, print: 'abc' });
const rec = (categories: Record<string, boolean>, decidedAt = T0, writtenAt?: number): DecisionRecord => ({
  id: '00000000-0000-4000-8000-000000000000', decidedAt, expiresAt: decidedAt + 100 * DAY, source: 'banner', language: 'de', categories, policies: { privacy: '2' }, writtenAt,
});

afterEach(() => { vi.useRealTimers(); });

describe('decision.ts', () => {
  test('a decision refuses every optional category it does not name', () => {
    const { record, value, keep } = decisionRecord({ analytics: true }, 'banner', undefined, context());
    expect({ ...record.categories }).toEqual({ analytics: true, marketing: false });
    expect(record).toMatchObject({ decidedAt: T0, language: 'de', policies: { privacy: '2' }, fingerprint: 'abc', mode: 'opt-in' });
    expect(decodeRecord(value)?.categories).toEqual({ analytics: true, marketing: false });
    expect(keep).toBe(365);
  });

  test('a refusal of a category the config no longer has is carried', () => {
    const { record } = decisionRecord({ analytics: true, marketing: true }, 'banner', undefined, context(rec({ video: false })));
    expect(record.categories.video).toBe(false);
  });

  test('two decisions in one millisecond are two decisions', () => {
    const { record } = decisionRecord({}, 'banner', undefined, context(rec({}, T0)));
    expect(record.decidedAt).toBe(T0 + 1);
  });

  test('a withdrawal expires at once', () => {
    const { record } = decisionRecord({}, 'reset', undefined, context(rec({ analytics: true })));
    expect(record.expiresAt).toBe(record.decidedAt);
  });

  test('a read that finds nothing keeps the refusals held, to be written back', () => {
    const held = rec({ analytics: false, marketing: true });
    expect(adoptStored(held, [undefined], () => T0 + 5)).toEqual({ record: held, write: true });
    expect(adoptStored(rec({ analytics: true }), [undefined], () => T0 + 5)).toEqual({ record: undefined, write: false });
  });

  test('a stored refusal written a day ago or more is due to be written again', () => {
    const stored = encodeRecord(rec({ analytics: false }, T0, T0));
    expect(adoptStored(undefined, [stored], () => T0 + DAY - 1).write).toBe(false);
    expect(adoptStored(undefined, [stored], () => T0 + DAY).write).toBe(true);
  });

  test('a record written again carries the fingerprint, and is refused when it would not fit its cookie', () => {
    expect(decodeRecord(encodeAgain(rec({ analytics: true }), T0 + 1, 'opt-out', 'xyz'))).toMatchObject({ writtenAt: T0 + 1, fingerprint: 'xyz', mode: 'opt-out' });
    const big = rec(Object.fromEntries(Array.from({ length: MAX_RECORD / 4 }, (_, i) => [`c${i}`, false])));
    expect(encodeAgain(big, T0, undefined, 'xyz')).toBeUndefined();
    expect(refuses(big)).toBe(true);
  });
});

describe('listeners.ts', () => {
  test('a listener that throws is reported and the others still hear', () => {
    const reported = vi.fn();
    vi.stubGlobal('reportError', reported);
    const list = listeners<number>();
    const heard: number[] = [];
    list.add(() => { throw new Error('boom'); });
    const off = list.add((v) => heard.push(v));
    list.tell(1);
    expect(heard).toEqual([1]);
    expect(reported).toHaveBeenCalledOnce();
    off();
    list.tell(2);
    expect(heard).toEqual([1]);
    vi.unstubAllGlobals();
  });

  test('a listener added while others are told hears the next change only', () => {
    const list = listeners<number>();
    const heard: string[] = [];
    list.add((v) => { heard.push(`a${v}`); list.add((w) => heard.push(`b${w}`)); });
    list.tell(1);
    expect(heard).toEqual(['a1']);
    list.clear();
    list.tell(2);
    expect(heard).toEqual(['a1']);
  });
});

describe('watch.ts', () => {
  test('another tab\'s message reaches the watcher of the same cookie name only', async () => {
    const got: (string | undefined)[] = [];
    const a = watchTabs('consent', { message: (v) => got.push(v), back: () => got.push('back') });
    const other = watchTabs('other', { message: (v) => got.push(`other ${v}`), back: () => {} });
    const b = watchTabs('consent', { message: () => {}, back: () => {} });
    b.post('value');
    await vi.waitFor(() => expect(got).toEqual(['value']));
    document.dispatchEvent(new Event('visibilitychange'));
    expect(got).toEqual(['value', 'back']);
    a.stop();
    document.dispatchEvent(new Event('visibilitychange'));
    expect(got).toEqual(['value', 'back']);
    for (const t of [other, b]) t.stop();
  });

  test('the lapse is called when the decision expires, capped at setTimeout\'s limit', () => {
    vi.useFakeTimers({ now: T0 });
    const fn = vi.fn();
    atLapse(new Date(T0 + 1000).toISOString(), T0, fn);
    vi.advanceTimersByTime(1000);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledOnce();
    atLapse(new Date(T0 + 400 * DAY).toISOString(), Date.now(), fn);
    vi.advanceTimersByTime(2 ** 31 - 1);
    expect(fn).toHaveBeenCalledTimes(2);
  });
});
