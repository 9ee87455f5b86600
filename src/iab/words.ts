/**
 * The words of `tcf` and `gpp` problems. The checks (tcf/config.ts, gpp/config.ts) report compact
 * data, as the core check does: the field's path, a key of WORDS (or the allowed values), the
 * value found and, for some keys, the names known there. The words stay out of the iab tag: they
 * reach the console through the iab build's errors chunk (`consent-gate.iab-errors.js`, loaded
 * only for an invalid config), and `checkTcf` / `checkGpp` (the npm entry, tests) put them in.
 */

/** One problem of `tcf` or `gpp`: path, what was expected (a key of WORDS, `"lo-hi"` for an integer range, or the allowed values), the value found, the names known there. */
export type IabProblem = [path: string, want: string | readonly string[], got: unknown, known?: readonly string[]];

const WORDS: Record<string, string> = {
  tcf: 'an object with cmpId and cmpVersion',
  cmpId: 'an integer from 2 to 4095 (the CMP id IAB Europe registered for your CMP)',
  cmpVersion: 'an integer from 1 to 4095 (your CMP\'s version)',
  ids: 'an array of ids',
  country: 'a two-letter country code like "DE"',
  url: 'an http(s) or relative URL',
  byCategory: 'an object of category id → ids',
  purposes: 'at least one category mapped to TCF purposes',
  gpp: 'an object (or true)',
  optOuts: 'an object of opt-out → category ids',
  categories: 'an array of category ids',
  optOut: 'at least one opt-out mapped to a category (the config has no "marketing")',
  mspa: 'an object like { "covered": true, "mode": "opt-out" }',
  boolean: 'true or false',
  mode: 'no mode unless "covered" is true',
  fields: 'an object of field name → 0, 1, 2 or a list of them',
  value: '0, 1, 2 or a list of them',
  gppCmpId: 'an integer from 0 to 4095 (the CMP id IAB registered for your CMP)',
};

/** A short, readable rendering of a bad value. */
const show = (v: unknown) => (Array.isArray(v) ? 'an array' : typeof v == 'object' && v ? 'an object' : typeof v === 'string' ? JSON.stringify(v).slice(0, 40) : String(v));
const quoted = (names: readonly string[]) => names.map((o) => `"${o}"`).join(', ');

/**
 * The message for one problem, its path first.
 *
 * @example explainIab(['gpp.sections', ['national', 'state'], 'county']) // 'gpp.sections: expected "national" or "state", got "county"'
 */
export function explainIab([path, want, got, known = []]: IabProblem): string {
  if (want === 'key') return `${path}: unknown key${known.length ? ` (expected one of ${known.join(', ')})` : ''}`;
  if (want === 'field') return `${path}: unknown field (the decision and \`mspa\` set the others; these may be stated: ${known.join(', ')})`;
  const range = typeof want == 'string' && /^(\d+)-(\d+)$/.exec(want);
  const words = typeof want != 'string' ? quoted(want).replace(/, ([^,]*)$/, ' or $1')
    : want === 'category' ? `an optional category of this config (${quoted(known)})`
      : range ? `an integer from ${range[1]} to ${range[2]}` : WORDS[want] ?? want;
  return `${path}: expected ${words}, got ${show(got)}`;
}

/** The problems in words: what `checkTcf` and `checkGpp` return. */
export const inWords = <T extends { problems: IabProblem[] }>(r: T): Omit<T, 'problems'> & { problems: string[] } => ({ ...r, problems: r.problems.map(explainIab) });
