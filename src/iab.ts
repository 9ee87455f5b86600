/**
 * `consent-gate/iab`: IAB TCF v2.3 and Google's Additional Consent for sites that bundle
 * consent-gate themselves. Importing it touches no `window`; `createTcfConsent` does (it defines
 * `window.__tcfapi`). The script-tag build of the same is `dist/consent-gate.iab.js`.
 */
import { ConfigError } from './core/config.js';
import { parseConfig } from './consent/config.js';
import { type StoreOptions } from './core/store.js';
import { createConsent } from './consent/store.js';
import type { Consent, ConsentConfig } from './core/types.js';
import { checkTcf, type TcfConfig } from './iab/tcf/config.js';
import { startCmp, type Cmp, type CmpOptions } from './iab/tcf/cmp.js';
import { installStub } from './iab/tcf/stub.js';
import { attachTcf } from './iab/tcf/link.js';

export { checkTcf, DEFAULT_PURPOSES, POLICY_VERSION, type TcfConfig, type ResolvedTcf } from './iab/tcf/config.js';
export { installStub, LOCATOR, type TcfApi, type TcfCallback } from './iab/tcf/stub.js';
export { startCmp, type Cmp, type CmpOptions, type StoredTc } from './iab/tcf/cmp.js';
export { addtlConsent, fromCategories, LI_PURPOSES, type TcfChoices, type GvlVendor } from './iab/tcf/choices.js';
export { describe, disclosedVendors, encodeTcString, gvlOf, isStale } from './iab/tcf/string.js';

/** A consent-gate config with its `tcf` part. */
export type TcfConsentConfig = ConsentConfig & { tcf: TcfConfig };

/**
 * Creates the consent store and the CMP for a config with `tcf`: checks both (a `ConfigError`
 * naming each invalid field), defines `window.__tcfapi` and feeds it every decision.
 *
 * @example const { consent, cmp } = createTcfConsent({ categories: { marketing: {} }, tcf: { cmpId: 123, cmpVersion: 1, vendors: [755] } })
 * @returns the store (`createConsent`'s) and the running CMP
 */
export function createTcfConsent(input: TcfConsentConfig, options: StoreOptions & CmpOptions = {}): { consent: Consent; cmp: Cmp } {
  const { tcf: raw, ...rest } = input;
  const config = parseConfig(rest);
  const { tcf, problems } = checkTcf(raw, config.categories.filter((c) => !c.required).map((c) => c.id));
  if (!tcf) throw new ConfigError(problems);
  installStub();
  const consent = createConsent(config, options);
  attachTcf(consent, tcf);
  return { consent, cmp: startCmp(consent, tcf, options) };
}
