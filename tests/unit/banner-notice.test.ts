// @vitest-environment happy-dom
// Notice mode (issue 21, item 15): "I agree" records agreement to the notice, never a yes to
// what the visitor (or Global Privacy Control) refused.
import { afterEach, expect, test } from 'vitest';
import '../../src/banner';
import type { ConsentBanner } from '../../src/banner';
import { createConsent } from '../../src/consent/store';
import { memoryStorage } from '../../src/storage/memory';
import type { Consent, ConsentConfig } from '../../src/core/types';

const config = (version = '1'): ConsentConfig => ({
  mode: 'notice',
  policies: { privacy: { version, url: '/privacy', label: 'Privacy Policy' } },
  categories: { necessary: { required: true }, analytics: {}, marketing: {} },
  gpc: ['marketing'],
});

let el: ConsentBanner | undefined;
let consent: Consent | undefined;
afterEach(() => {
  el?.remove();
  consent?.destroy();
  delete (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl;
});

async function agree(c: ConsentConfig, storage: ReturnType<typeof memoryStorage>) {
  consent = createConsent(c, { storage });
  el = document.createElement('consent-banner');
  document.body.append(el);
  el.consent = consent;
  for (let i = 0; i < 3; i++) { await el.updateComplete; await new Promise((r) => setTimeout(r, 0)); }
  const button = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~=agree]');
  expect(button, 'the I agree button').not.toBeNull();
  button!.click();
  return consent;
}

test('I agree under Global Privacy Control leaves the GPC categories refused', async () => {
  Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true });
  const storage = memoryStorage();
  const c = await agree(config(), storage);
  expect(c.get()).toMatchObject({ decided: true, source: 'banner', policies: { privacy: '1' } });
  expect(c.has('marketing')).toBe(false);
  expect(c.has('analytics')).toBe(true);
  // Recorded as it stands: read back as opt-in, without the signal, marketing still does not run.
  delete (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl;
  expect(createConsent({ ...config(), mode: 'opt-in' }, { storage }).has('marketing')).toBe(false);
});

test('I agree after a policy revision keeps the refusal made before it', async () => {
  const storage = memoryStorage();
  createConsent(config('1'), { storage }).save({ marketing: true });
  const c = await agree(config('2'), storage);
  expect(c.get()).toMatchObject({ decided: true, policies: { privacy: '2' } });
  expect(c.has('analytics')).toBe(false);
  expect(c.has('marketing')).toBe(true);
});
