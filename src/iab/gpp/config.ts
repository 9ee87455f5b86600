/**
 * The `gpp` part of a config (IAB's Global Privacy Platform), checked like every other field:
 * each problem names its field (`gpp.optOuts.sale[0]: expected an optional category of this
 * config ("analytics", "marketing"), got "ads"`). No DOM; ships only in the iab build and the
 * `consent-gate/iab` entry. Problems are compact data; their words are src/iab/words.ts's.
 */
import { inWords, type IabProblem } from '../words.js';

/** The opt-outs of the US privacy laws that GPP's US sections carry. */
export const OPT_OUTS = ['sale', 'sharing', 'targetedAdvertising'] as const;
export type OptOut = (typeof OPT_OUTS)[number];

/**
 * Fields of the US sections a site may state itself (what the decision does not say): notices
 * beyond the opt-outs', sensitive data, known children, MSPA-independent consents. Each is 0
 * (not applicable), 1 or 2 as IAB's section specifications define it; lists are cut or padded
 * with 0 to each section's length.
 */
export const STATED_FIELDS = [
  'SharingNotice', 'ProcessingNotice', 'SensitiveDataProcessingOptOutNotice', 'SensitiveDataOptOutNotice',
  'SensitiveDataLimitUseNotice', 'SensitiveDataProcessing', 'KnownChildSensitiveDataConsents',
  'PersonalDataConsents', 'AdditionalDataProcessingConsent',
] as const;

/** What a site writes under `gpp`. */
export interface GppConfig {
  /** `"national"` (default): `usnat` in every US region; `"state"`: the state's own section where IAB defines one, `usnat` elsewhere in the US. */
  sections?: 'national' | 'state';
  /** Opt-out → the categories it stands for: refusing any of them opts out. Default: `["marketing"]` for each, when the config has `marketing`. */
  optOuts?: Partial<Record<OptOut, string[]>>;
  /** The IAB Multi-State Privacy Agreement: `covered` (default false) and, when covered, `mode` (default `"opt-out"`). */
  mspa?: { covered?: boolean; mode?: 'opt-out' | 'service-provider' };
  /** Field → value (0, 1, 2, or a list of them), for the fields in STATED_FIELDS. */
  fields?: Partial<Record<(typeof STATED_FIELDS)[number], number | number[]>>;
  /** The CMP id in `ping` (default: `tcf.cmpId`, else 0) and the CMP's version (default: `tcf.cmpVersion`, else 1). */
  cmpId?: number;
  cmpVersion?: number;
}

/** A checked `gpp`: every field filled in. */
export interface ResolvedGpp {
  sections: 'national' | 'state';
  optOuts: Record<OptOut, string[]>;
  mspa: { covered: boolean; mode: 'opt-out' | 'service-provider' | null };
  fields: Record<string, number | number[]>;
  cmpId: number;
  cmpVersion: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const int = (v: unknown, lo: number, hi: number) => Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;
const FIELDS = ['sections', 'optOuts', 'mspa', 'fields', 'cmpId', 'cmpVersion'];

/**
 * Checks `gpp` against the config's optional category ids, reporting problems as compact data
 * (words.ts has their words); `tcf` (when the config has one) gives the CMP id.
 *
 * @example validateGpp({ sections: 'county' }, ['marketing']).problems // [['gpp.sections', ['national', 'state'], 'county']]
 * @returns the resolved `gpp`, or the problems (one per field), never both
 */
export function validateGpp(input: unknown, optional: readonly string[], tcf?: { cmpId: number; cmpVersion: number }): { gpp?: ResolvedGpp; problems: IabProblem[] } {
  const problems: IabProblem[] = [];
  const fail = (path: string, want: IabProblem[1], got: unknown, known?: readonly string[]) => void problems.push([`gpp${path}`, want, got, ...(known ? [known] : [])] as IabProblem);
  if (input === true) input = {};
  if (!isObj(input)) {
    fail('', 'gpp', input);
    return { problems };
  }
  for (const k of Object.keys(input)) if (!FIELDS.includes(k)) fail('.' + k, 'key', k);
  const sections = input.sections ?? 'national';
  if (sections !== 'national' && sections !== 'state') fail('.sections', ['national', 'state'], sections);

  const optOuts = Object.fromEntries(OPT_OUTS.map((o) => [o, optional.includes('marketing') ? ['marketing'] : []])) as Record<OptOut, string[]>;
  if (input.optOuts !== undefined) {
    if (!isObj(input.optOuts)) fail('.optOuts', 'optOuts', input.optOuts);
    else {
      for (const [k, v] of Object.entries(input.optOuts)) {
        const path = `.optOuts.${k}`;
        if (!(OPT_OUTS as readonly string[]).includes(k)) fail(path, 'key', k, OPT_OUTS);
        else if (!Array.isArray(v)) fail(path, 'categories', v);
        else {
          v.forEach((c, i) => { if (typeof c !== 'string' || !optional.includes(c)) fail(`${path}[${i}]`, 'category', c, optional); });
          optOuts[k as OptOut] = [...new Set(v as string[])];
        }
      }
    }
  }
  if (!problems.length && !OPT_OUTS.some((o) => optOuts[o].length)) fail('.optOuts', 'optOut', input.optOuts);

  const mspa: ResolvedGpp['mspa'] = { covered: false, mode: null };
  if (input.mspa !== undefined) {
    const m = input.mspa;
    if (!isObj(m)) fail('.mspa', 'mspa', m);
    else {
      for (const k of Object.keys(m)) if (k !== 'covered' && k !== 'mode') fail('.mspa.' + k, 'key', k);
      if (m.covered !== undefined && typeof m.covered !== 'boolean') fail('.mspa.covered', 'boolean', m.covered);
      if (m.mode !== undefined && m.mode !== 'opt-out' && m.mode !== 'service-provider') fail('.mspa.mode', ['opt-out', 'service-provider'], m.mode);
      if (m.mode !== undefined && m.covered !== true) fail('.mspa.mode', 'mode', m.mode);
      mspa.covered = m.covered === true;
      mspa.mode = mspa.covered ? ((m.mode as ResolvedGpp['mspa']['mode']) ?? 'opt-out') : null;
    }
  }

  const fields: Record<string, number | number[]> = {};
  if (input.fields !== undefined) {
    if (!isObj(input.fields)) fail('.fields', 'fields', input.fields);
    else {
      for (const [k, v] of Object.entries(input.fields)) {
        const path = `.fields.${k}`;
        if (!(STATED_FIELDS as readonly string[]).includes(k)) fail(path, 'field', k, STATED_FIELDS);
        else if (Array.isArray(v) ? !v.every((x) => int(x, 0, 2)) : !int(v, 0, 2)) fail(path, 'value', v);
        else fields[k] = Array.isArray(v) ? [...(v as number[])] : (v as number);
      }
    }
  }

  const cmpId = input.cmpId ?? tcf?.cmpId ?? 0;
  if (!int(cmpId, 0, 4095)) fail('.cmpId', 'gppCmpId', cmpId);
  const cmpVersion = input.cmpVersion ?? tcf?.cmpVersion ?? 1;
  if (!int(cmpVersion, 0, 4095)) fail('.cmpVersion', '0-4095', cmpVersion);
  if (problems.length) return { problems };
  return { problems, gpp: { sections: sections as ResolvedGpp['sections'], optOuts, mspa, fields, cmpId: cmpId as number, cmpVersion: cmpVersion as number } };
}

/**
 * `validateGpp` with the problems in words: each names its field.
 *
 * @example checkGpp({ sections: 'county' }, ['marketing']).problems // ['gpp.sections: expected "national" or "state", got "county"']
 * @returns the resolved `gpp`, or the problems (one message per field), never both
 */
export const checkGpp = (input: unknown, optional: readonly string[], tcf?: { cmpId: number; cmpVersion: number }): { gpp?: ResolvedGpp; problems: string[] } => inWords(validateGpp(input, optional, tcf));
