import { expect, test } from 'vitest';
import { checkWith } from '../../src/core/config';
import { CATEGORY_KEYS, rawConsentMode, TOP_KEYS } from '../../src/dropin/raw';

/** The names the check lists for an unknown key at `path`. */
const known = (input: unknown, path: string) => checkWith(input, undefined).problems.find((p) => p[0] === path && p[1] === 'key')?.[3];

test("the tag's keys are the config check's", () => {
  expect(TOP_KEYS).toEqual(known({ zzz: 1, categories: { a: {} } }, 'zzz'));
  expect(CATEGORY_KEYS).toEqual(known({ categories: { a: { zzz: 1 } } }, 'categories.a.zzz'));
});

test('a misspelt key at the top or in a category is odd: everything denied', () => {
  expect(rawConsentMode({ categories: { a: {} }, googleConsentMode: true, mdoe: 'opt-in' })).toBeNull();
  expect(rawConsentMode({ categories: { a: { labl: 'x' } }, googleConsentMode: true })).toBeNull();
  expect(rawConsentMode({ categories: { a: {} }, googleConsentMod: true })).toBeNull();
});

test('the options the check resolves: the default mapping of the categories there, required ones granted', () => {
  const [g, required] = rawConsentMode({ categories: { necessary: { required: true }, analytics: {} }, googleConsentMode: true })!;
  expect(g).toMatchObject({ map: { necessary: ['security_storage'], analytics: ['analytics_storage'] }, wait_for_update: 500 });
  expect({ ...required }).toEqual({ necessary: true, analytics: false });
  expect(rawConsentMode({ categories: { a: {} } })).toBeUndefined();
  expect(rawConsentMode({ categories: { a: {} }, googleConsentMode: { a: ['nope'] } })).toBeNull();
});
