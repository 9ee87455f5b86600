/**
 * `createConsent`: the consent store (src/core/store.ts) for a config as a site writes it, checked
 * first (src/consent/config.ts), asking `regionEndpoint` through src/regions/ when the config has
 * `regions`.
 */
import { createStore, type StoreOptions } from '../core/store.js';
import type { Consent, ConsentConfig, ConsentConfigJson, ResolvedConfig } from '../core/types.js';
import { askRegion } from '../regions/index.js';
import { resolved } from './config.js';

export type { StoreOptions };

/**
 * Creates the consent store for a site's configuration: an object, or a JSON import of one
 * (`import config from './consent.config.json'`). Every config is checked at run time.
 * Throws a `ConfigError` naming each invalid field when the config is not valid.
 *
 * @example
 * const consent = createConsent({ categories: { analytics: { label: 'Analytics' } } })
 * if (consent.has('analytics')) loadAnalytics()
 * @returns the store: `decided`, `has`, `get`, `acceptAll`, `rejectAll`, `save`, `reset`, `subscribe`, …
 */
export function createConsent(input: ConsentConfig | ConsentConfigJson | ResolvedConfig, options: StoreOptions = {}): Consent {
  const config = resolved(input);
  return createStore(config, config.regions ? { askRegion, ...options } : options);
}
