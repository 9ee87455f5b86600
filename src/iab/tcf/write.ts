/**
 * Writing a decision's TC string, with IAB Tech Lab's `@iabtechlabtcf/core` (string.ts) and the
 * served vendor list: loaded by the CMP (cmp.ts) only when a string must be written (a first
 * decision, a change, a re-ask), never on a return visit whose stored string still holds.
 */
import type { ConsentState, ResolvedConfig } from '../../core/types.js';
import { pickLanguage } from '../../i18n/index.js';
import type { ResolvedTcf } from './config.js';
import { addtlConsent, fromCategories, type GvlVendor, type TcfChoices } from './choices.js';
import { disclosedVendors, encodeTcString, gvlOf } from './string.js';

/** A decision's strings: the TC string, Google's Additional Consent, the configured vendors the list lacked. */
export interface Written { tc: string; ac: string; missing: number[] }

/**
 * Writes the TC string (and Additional Consent) of decision `s` from the vendor list `json`, in the
 * decision's language (else the config's), from `choices` (the TCF interface's own) or else from
 * the decision's categories.
 *
 * @example const { tc, ac } = writeTc(await (await fetch('/consent/gvl/vendor-list.json')).json(), consent.get(), tcf, consent.config)
 * @returns the strings and the configured vendors the list did not have (not disclosed)
 */
export function writeTc(json: object, s: ConsentState, tcf: ResolvedTcf, config: ResolvedConfig, choices?: TcfChoices): Written {
  const list = gvlOf(json, s.language ?? pickLanguage(config));
  choices ??= fromCategories(s.categories, tcf, Object.values(list.vendors) as GvlVendor[]);
  const disclosed = disclosedVendors(tcf, list);
  return {
    tc: encodeTcString(choices, tcf, list, s.decidedAt ? new Date(s.decidedAt) : new Date()),
    ac: tcf.googleVendors.length ? addtlConsent(tcf.googleVendors, choices) : '',
    missing: tcf.vendors.filter((v) => !disclosed.includes(v)),
  };
}
