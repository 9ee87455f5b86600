/**
 * Which GPP sections apply to a visitor, from the rules in force (no IAB code: the stub and the
 * CMP both use it). Section ids as IAB's GPP specification numbers them; the US states' sections
 * that `@iabgpp/cmpapi` 3.2.0 implements are numbered 8 (California) to 27 (Rhode Island) in the
 * order of STATES.
 */

/** US states with a section of their own, in the order of their section ids (`usca` 8 … `usri` 27). */
export const STATES = 'ca va co ut ct fl mt or tx de ia ne nh nj tn mn md in ky ri'.split(' ');
export const TCFEUV2 = 2;
export const USNAT = 7;

/** A section's id from its name (`usnat` 7, `usca` 8, `tcfeuv2` 2), or undefined. */
export const sectionId = (name: string): number | undefined =>
  name == 'tcfeuv2' ? TCFEUV2 : name == 'usnat' ? USNAT : STATES.includes(name.slice(2)) && name.startsWith('us') ? STATES.indexOf(name.slice(2)) + 8 : undefined;

/**
 * The section that applies: `tcfeuv2` where TCF applies (its rules in force are opt-in), the
 * state's own (`"state"`) or `usnat` in a US region, else none. While the region is unknown:
 * `tcfeuv2` where TCF applies, else `usnat` (a site with `gpp` and no `regions` is a US site).
 *
 * @example applicableSection({ region: 'US-CA', mode: 'opt-out' }, 'state', false) // 'usca'
 * @returns the section's name, or null where none applies (`applicableSections` [-1])
 */
export function applicableSection(s: { region: string | null; mode: string }, sections: 'national' | 'state', tcf: boolean): string | null {
  const us = s.region?.match(/^US(?:-([A-Z\d]{1,3}))?$/i);
  if (us) return sections == 'state' && us[1] && STATES.includes(us[1].toLowerCase()) ? 'us' + us[1].toLowerCase() : 'usnat';
  if (tcf && s.mode == 'opt-in') return 'tcfeuv2';
  return s.region ? null : 'usnat';
}

/** `supportedAPIs` of `ping`: "2:tcfeuv2" with TCF, "7:usnat", and with `"state"` each state's section. */
export const supportedApis = (sections: 'national' | 'state', tcf: boolean): string[] => [
  ...(tcf ? [`${TCFEUV2}:tcfeuv2`] : []),
  `${USNAT}:usnat`,
  ...(sections == 'state' ? STATES.map((st, i) => `${i + 8}:us${st}`) : []),
];
