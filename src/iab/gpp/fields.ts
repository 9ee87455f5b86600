/**
 * The fields of a US section (`usnat` or a state's) from the visitor's decision, without IAB
 * code: pure, so a property test can check them against IAB's own decoder.
 *
 * - Each opt-out the config maps (`optOuts`): its notice 1 (given: the banner and the preferences
 *   are the notice and the means), the opt-out 1 (opted out) when any category it names may not
 *   run, 2 when all may. An opt-out the config does not map: 0 and 0 (not applicable).
 * - `SharingNotice` / `ProcessingNotice` 1; the other stated fields (sensitive data, known
 *   children, …) 0, not applicable, unless `gpp.fields` says otherwise.
 * - MSPA: `MspaCoveredTransaction` 1 / 2; in a covered transaction the mode fields 1 / 2 by
 *   `mspa.mode`, else 0. The newer sections' `MspaMode`: 1 opt-out option mode, 2 service provider mode.
 * - `Gpc`: the Global Privacy Control signal.
 */
import type { OptOut, ResolvedGpp } from './config.js';

/** What a US section's fields come from. */
export interface UsSignal {
  /** May each category run now (the store's snapshot). */
  categories: Readonly<Record<string, boolean>>;
  /** Global Privacy Control is on. */
  gpc: boolean;
}

export type FieldValue = number | number[] | boolean;

const OPT_OUT_FIELDS: Record<OptOut, [notice: string, optOut: string]> = {
  sale: ['SaleOptOutNotice', 'SaleOptOut'],
  sharing: ['SharingOptOutNotice', 'SharingOptOut'],
  targetedAdvertising: ['TargetedAdvertisingOptOutNotice', 'TargetedAdvertisingOptOut'],
};

/** A stated value in the shape of the section's field: a list cut or padded with 0, a number as is (a list's first for a number field). */
const fit = (value: number | number[], like: unknown): number | number[] =>
  Array.isArray(like)
    ? like.map((_, i) => (Array.isArray(value) ? value[i] ?? 0 : value))
    : Array.isArray(value) ? value[0] ?? 0 : value;

/**
 * The values to set on a section whose fresh `toObj()` is `fresh` (its field names and shapes).
 *
 * @example usFields({ SaleOptOut: 0, SaleOptOutNotice: 0 }, { categories: { marketing: false }, gpc: false }, gpp) // { SaleOptOutNotice: 1, SaleOptOut: 1 }
 * @returns field name → value, for the fields the section has
 */
export function usFields(fresh: Readonly<Record<string, unknown>>, s: UsSignal, gpp: ResolvedGpp): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  const has = (f: string) => Object.hasOwn(fresh, f);
  for (const [o, [notice, optOut]] of Object.entries(OPT_OUT_FIELDS) as [OptOut, [string, string]][]) {
    const cats = gpp.optOuts[o];
    if (has(notice)) out[notice] = cats.length ? 1 : 0;
    if (has(optOut)) out[optOut] = cats.length ? (cats.some((c) => !s.categories[c]) ? 1 : 2) : 0;
  }
  for (const f of ['SharingNotice', 'ProcessingNotice']) if (has(f)) out[f] = 1;
  for (const [f, v] of Object.entries(gpp.fields)) if (has(f)) out[f] = fit(v, fresh[f]);
  const { covered, mode } = gpp.mspa;
  if (has('MspaCoveredTransaction')) out.MspaCoveredTransaction = covered ? 1 : 2;
  if (has('MspaOptOutOptionMode')) out.MspaOptOutOptionMode = covered ? (mode == 'opt-out' ? 1 : 2) : 0;
  if (has('MspaServiceProviderMode')) out.MspaServiceProviderMode = covered ? (mode == 'service-provider' ? 1 : 2) : 0;
  if (has('MspaMode')) out.MspaMode = covered ? (mode == 'opt-out' ? 1 : 2) : 0;
  if (has('Gpc')) out.Gpc = s.gpc;
  return out;
}
