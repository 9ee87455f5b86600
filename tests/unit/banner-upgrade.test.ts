// @vitest-environment happy-dom
import { expect, test, vi } from 'vitest';
import { createConsent } from '../../src/consent/store';
import { memoryStorage } from '../../src/storage/memory';

test('a store set before the element is defined is picked up (frameworks, plain HTML)', async () => {
  // (Attributes present before the upgrade are covered in Chromium: happy-dom does not report them.)
  document.body.innerHTML = '<consent-banner></consent-banner>';
  const el = document.querySelector('consent-banner') as HTMLElement & { consent?: unknown; updateComplete?: Promise<boolean> };
  el.consent = createConsent({ categories: { analytics: {} }, gpc: false }, { storage: memoryStorage() });
  expect(customElements.get('consent-banner')).toBeUndefined();
  await import('../../src/banner');
  for (let i = 0; i < 3; i++) { await el.updateComplete; await new Promise((r) => setTimeout(r, 0)); }
  expect(el.shadowRoot!.querySelector('[part~=banner]')).not.toBeNull();
  expect(el.shadowRoot!.querySelector('[part~=reject]')?.textContent).toBe('Reject all');
});

test('defining twice is harmless', async () => {
  const first = customElements.get('consent-banner');
  vi.resetModules();
  await expect(import('../../src/banner/define')).resolves.toBeDefined();
  expect(customElements.get('consent-banner')).toBe(first);
});
