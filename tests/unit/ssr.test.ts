import { expect, test } from 'vitest';

test('importing the package and using the store in Node touches no window or document', async () => {
  const touched: string[] = [];
  for (const name of ['window', 'document', 'navigator', 'location', 'localStorage']) {
    const had = Object.getOwnPropertyDescriptor(globalThis, name);
    if (had && name === 'navigator') continue; // Node 21+ has a navigator; touching it is allowed
    Object.defineProperty(globalThis, name, { configurable: true, get() { touched.push(name); return undefined; } });
  }
  try {
    const mod = await import('../../src/index');
    expect(touched).toEqual([]); // importing touches nothing
    const consent = mod.createConsent({ categories: { analytics: {} } });
    consent.acceptAll();
    expect(consent.has('analytics')).toBe(true);
    expect(consent.get().storage).toBe('memory');
    expect(touched.filter((n) => n === 'window')).toEqual([]);
  } finally {
    for (const name of ['window', 'document', 'location', 'localStorage']) delete (globalThis as Record<string, unknown>)[name];
  }
});

test('every entry imports in Node without throwing; the banner defines nothing there', async () => {
  expect(typeof (globalThis as { customElements?: unknown }).customElements).toBe('undefined');
  const banner = await import('../../src/banner');
  expect(typeof banner.ConsentBanner).toBe('function');
  await import('../../src/server');
  const { readConsent } = await import('../../src/index');
  expect(readConsent('consent=1|x', { categories: { analytics: {} } }).decided).toBe(false);
});
