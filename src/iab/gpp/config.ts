/**
 * The `gpp` part of a config (IAB's Global Privacy Platform), checked like every other field:
 * each problem names its field (`gpp.optOuts.sale[0]: expected an optional category of this
 * config ("analytics", "marketing"), got "ads"`). No DOM; ships only in the iab build and the
 * `consent-gate/iab` entry.
 */

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
const show = (v: unknown) => (Array.isArray(v) ? 'an array' : isObj(v) ? 'an object' : typeof v === 'string' ? JSON.stringify(v).slice(0, 40) : String(v));
const int = (v: unknown, lo: number, hi: number) => Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;
const FIELDS = ['sections', 'optOuts', 'mspa', 'fields', 'cmpId', 'cmpVersion'];

/**
 * Checks `gpp` against the config's optional category ids; `tcf` (when the config has one) gives the CMP id.
 *
 * @example checkGpp({ sections: 'county' }, ['marketing']).problems // ['gpp.sections: expected "national" or "state", got "county"']
 * @returns the resolved `gpp`, or the problems (one message per field), never both
 */
export function checkGpp(input: unknown, optional: readonly string[], tcf?: { cmpId: number; cmpVersion: number }): { gpp?: ResolvedGpp; problems: string[] } {
  const problems: string[] = [];
  const fail = (path: string, want: string, got: unknown) => void problems.push(`gpp${path}: expected ${want}, got ${show(got)}`);
  if (input === true) input = {};
  if (!isObj(input)) {
    fail('', 'an object (or true)', input);
    return { problems };
  }
  for (const k of Object.keys(input)) if (!FIELDS.includes(k)) problems.push(`gpp.${k}: unknown key`);
  const sections = input.sections ?? 'national';
  if (sections !== 'national' && sections !== 'state') fail('.sections', '"national" or "state"', sections);

  const optOuts = Object.fromEntries(OPT_OUTS.map((o) => [o, optional.includes('marketing') ? ['marketing'] : []])) as Record<OptOut, string[]>;
  if (input.optOuts !== undefined) {
    if (!isObj(input.optOuts)) fail('.optOuts', 'an object of opt-out → category ids', input.optOuts);
    else {
      for (const [k, v] of Object.entries(input.optOuts)) {
        const path = `.optOuts.${k}`;
        if (!(OPT_OUTS as readonly string[]).includes(k)) problems.push(`gpp${path}: unknown key (expected one of ${OPT_OUTS.join(', ')})`);
        else if (!Array.isArray(v)) fail(path, 'an array of category ids', v);
        else {
          v.forEach((c, i) => { if (typeof c !== 'string' || !optional.includes(c)) fail(`${path}[${i}]`, `an optional category of this config (${optional.map((o) => `"${o}"`).join(', ')})`, c); });
          optOuts[k as OptOut] = [...new Set(v as string[])];
        }
      }
    }
  }
  if (!problems.length && !OPT_OUTS.some((o) => optOuts[o].length)) fail('.optOuts', 'at least one opt-out mapped to a category (the config has no "marketing")', input.optOuts);

  const mspa: ResolvedGpp['mspa'] = { covered: false, mode: null };
  if (input.mspa !== undefined) {
    const m = input.mspa;
    if (!isObj(m)) fail('.mspa', 'an object like { "covered": true, "mode": "opt-out" }', m);
    else {
      for (const k of Object.keys(m)) if (k !== 'covered' && k !== 'mode') problems.push(`gpp.mspa.${k}: unknown key`);
      if (m.covered !== undefined && typeof m.covered !== 'boolean') fail('.mspa.covered', 'true or false', m.covered);
      if (m.mode !== undefined && m.mode !== 'opt-out' && m.mode !== 'service-provider') fail('.mspa.mode', '"opt-out" or "service-provider"', m.mode);
      if (m.mode !== undefined && m.covered !== true) fail('.mspa.mode', 'no mode unless "covered" is true', m.mode);
      mspa.covered = m.covered === true;
      mspa.mode = mspa.covered ? ((m.mode as ResolvedGpp['mspa']['mode']) ?? 'opt-out') : null;
    }
  }

  const fields: Record<string, number | number[]> = {};
  if (input.fields !== undefined) {
    if (!isObj(input.fields)) fail('.fields', 'an object of field name → 0, 1, 2 or a list of them', input.fields);
    else {
      for (const [k, v] of Object.entries(input.fields)) {
        const path = `.fields.${k}`;
        if (!(STATED_FIELDS as readonly string[]).includes(k)) problems.push(`gpp${path}: unknown field (the decision and \`mspa\` set the others; these may be stated: ${STATED_FIELDS.join(', ')})`);
        else if (Array.isArray(v) ? !v.every((x) => int(x, 0, 2)) : !int(v, 0, 2)) fail(path, '0, 1, 2 or a list of them', v);
        else fields[k] = Array.isArray(v) ? [...(v as number[])] : (v as number);
      }
    }
  }

  const cmpId = input.cmpId ?? tcf?.cmpId ?? 0;
  if (!int(cmpId, 0, 4095)) fail('.cmpId', 'an integer from 0 to 4095 (the CMP id IAB registered for your CMP)', cmpId);
  const cmpVersion = input.cmpVersion ?? tcf?.cmpVersion ?? 1;
  if (!int(cmpVersion, 0, 4095)) fail('.cmpVersion', 'an integer from 0 to 4095', cmpVersion);
  if (problems.length) return { problems };
  return { problems, gpp: { sections: sections as ResolvedGpp['sections'], optOuts, mspa, fields, cmpId: cmpId as number, cmpVersion: cmpVersion as number } };
}
