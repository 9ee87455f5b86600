/**
 * consent-gate: the consent store, the gate and the integrations.
 * Importing this module touches no `window` or `document` (safe under SSR and in Node).
 *
 * @module consent-gate
 */
export { createConsent, type StoreOptions } from './consent/store.js';
export { readConsent, type ReadOptions } from './consent/read.js';
export { parseConfig, validateConfig, checkConfig } from './consent/config.js';
export { defineConfig, ConfigError, type Problem } from './core/config.js';
export { isSafeUrl } from './core/url.js';
export { cookieStorage } from './storage/cookie.js';
export { memoryStorage } from './storage/memory.js';
export { gate, type GateOptions } from './gate/index.js';
export { block } from './block/index.js';
export { SERVICES, matchService, type Service, type ServiceCategory } from './services/index.js';
export { googleConsentMode } from './integrations/google-consent-mode.js';
export { receipts, refusedReceipts, configHash, type ConsentReceipt, type ReceiptsHistory, type RefusedReceipt } from './receipts/client.js';
export type { CookieSettings, DecisionStorage } from './storage/types.js';
export type * from './core/types.js';
