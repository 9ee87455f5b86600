/**
 * Page views over a browser-like cookie jar (cookie-jar.ts), for the store's leak tests: every test
 * starts at T0 (only Date faked) with a fresh jar, and `page()` is one page view: a fresh store, as
 * the drop-in creates on every page.
 */
import { afterEach, beforeEach, vi } from 'vitest';
import { createConsent } from '../../src/consent/store';
import type { ConsentConfig } from '../../src/core/types';
import { install } from './cookie-jar';

export const DAY = 864e5;
export const T0 = Date.UTC(2026, 10, 28, 12);

/**
 * Registers the set-up and clean-up of each test; `categories` is the config's (with a privacy policy at version 1).
 * @returns `config(extra)`, `page(config)` and `env()`, the current test's jar, bus and event dispatch
 */
export function pageViews(categories: ConsentConfig['categories']) {
  let env: ReturnType<typeof install>;
  beforeEach(() => {
    vi.useFakeTimers({ now: T0, toFake: ['Date'] });
    env = install();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });
  const config = (extra: Partial<ConsentConfig> = {}): ConsentConfig => ({ policies: { privacy: { version: '1' } }, categories, ...extra });
  return { config, page: (c: ConsentConfig = config()) => createConsent(c), env: () => env };
}
