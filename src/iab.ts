/**
 * `consent-gate/iab`: IAB TCF v2.3, Google's Additional Consent and IAB's Global Privacy Platform
 * (GPP) for sites that bundle consent-gate themselves. Importing it touches no `window`;
 * `createTcfConsent` does (it defines `window.__tcfapi`), and `createGppConsent` (`window.__gpp`,
 * and `__tcfapi` with `tcf`). The script-tag build of the same is `dist/consent-gate.iab.js`.
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
import { checkGpp, type GppConfig } from './iab/gpp/config.js';
import { startGpp, type Gpp } from './iab/gpp/cmp.js';
import { installGppStub } from './iab/gpp/stub.js';
import { supportedApis } from './iab/gpp/sections.js';

export { checkTcf, DEFAULT_PURPOSES, POLICY_VERSION, type TcfConfig, type ResolvedTcf } from './iab/tcf/config.js';
export { installStub, LOCATOR, type TcfApi, type TcfCallback } from './iab/tcf/stub.js';
export { startCmp, type Cmp, type CmpOptions, type StoredTc } from './iab/tcf/cmp.js';
export { addtlConsent, fromCategories, LI_PURPOSES, type TcfChoices, type GvlVendor } from './iab/tcf/choices.js';
export { describe, disclosedVendors, encodeTcString, gvlOf, isStale } from './iab/tcf/string.js';
export { ConfigError } from './core/config.js';
// GPP (IAB's Global Privacy Platform): the check, the stub, the CMP, and the section helpers.
export { checkGpp, OPT_OUTS, STATED_FIELDS, type GppConfig, type ResolvedGpp, type OptOut } from './iab/gpp/config.js';
export { installGppStub, GPP_LOCATOR, type GppApi, type GppCallback } from './iab/gpp/stub.js';
export { startGpp, type Gpp, type GppOptions } from './iab/gpp/cmp.js';
export { applicableSection, sectionId, supportedApis, STATES, TCFEUV2, USNAT } from './iab/gpp/sections.js';
export { usFields, type UsSignal, type FieldValue } from './iab/gpp/fields.js';
export { encodeGpp, section, type SectionClass } from './iab/gpp/model.js';
export { addPrivacyChoicesIcons, privacyChoicesIcon, watchPrivacyChoicesIcons } from './iab/gpp/icon.js';

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

/** A consent-gate config with its `gpp` part, and `tcf` where the site also runs TCF. */
export type GppConsentConfig = ConsentConfig & { gpp: GppConfig | true; tcf?: TcfConfig };

/**
 * Creates the consent store and the GPP CMP for a config with `gpp` (and the TCF CMP too when it
 * has `tcf`, whose TC string `tcfeuv2` then mirrors): checks everything first (a `ConfigError`
 * naming each invalid field, nothing defined), then defines `window.__gpp` (and `__tcfapi`) and
 * feeds them every decision. The section that applies follows the store's region (`regions`).
 *
 * @example const { consent, gpp } = createGppConsent({ categories: { marketing: {} }, gpp: { sections: 'state' } }, { region: 'US-CA' })
 * @returns the store, the running GPP CMP (`gppString`, `applicableSections`, `settled()`) and, with `tcf`, the TCF CMP
 */
export function createGppConsent(input: GppConsentConfig, options: StoreOptions & CmpOptions = {}): { consent: Consent; gpp: Gpp; cmp?: Cmp } {
  const { tcf: rawTcf, gpp: rawGpp, ...rest } = input;
  const config = parseConfig(rest);
  const optional = config.categories.filter((c) => !c.required).map((c) => c.id);
  const checked = rawTcf === undefined ? { problems: [] } : checkTcf(rawTcf, optional);
  const checkedG = checkGpp(rawGpp, optional, checked.tcf);
  if (!checkedG.gpp || checked.problems.length) throw new ConfigError([...checked.problems, ...checkedG.problems]);
  const { tcf } = checked;
  if (tcf) installStub();
  installGppStub(supportedApis(checkedG.gpp.sections, !!tcf));
  const consent = createConsent(config, options);
  let cmp: Cmp | undefined;
  if (tcf) {
    attachTcf(consent, tcf);
    cmp = startCmp(consent, tcf, options);
  }
  return { consent, gpp: startGpp(consent, checkedG.gpp, { tcf: !!tcf }), ...(cmp && { cmp }) };
}
