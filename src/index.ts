/**
 * consent-gate: the consent store, the gate and the integrations.
 * Importing this module touches no `window` or `document` (safe under SSR and in Node).
 */
export { createConsent, type StoreOptions } from './core/store';
export { parseConfig, validateConfig, ConfigError } from './core/config';
export { isSafeUrl } from './core/url';
export { cookieStorage } from './storage/cookie';
export { memoryStorage } from './storage/memory';
export { gate, type GateOptions } from './gate/index';
export { googleConsentMode } from './integrations/google-consent-mode';
export { receipts, configHash, type ConsentReceipt } from './receipts/client';
export type { DecisionStorage } from './storage/types';
export type * from './core/types';
