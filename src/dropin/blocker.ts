/**
 * What the default drop-in does about blocking without markup: nothing, to stay small. A config
 * that asks for it (`sources`, `autoBlock`) fails closed: the field is named in the console and
 * no gate opens, since that drop-in could not hold what the config names. The blocking builds
 * swap this module at build time (rollup.config.mjs): `consent-gate.block.js` (`sources`) and
 * `consent-gate.auto.js` (`sources` and `autoBlock`, with the list of well-known services).
 */
import type { HeldEntry } from '../block/held.js';
import type { Consent } from '../core/types.js';
import type { Launch } from './page.js';

/** What blocking held on this page, for the debug panel: nothing in this build. */
export const held: HeldEntry[] | undefined = undefined;

/** Names (in the console) the field a config uses that this build cannot serve; true if there is one. */
export function unserved({ config: c }: Consent, sourcesServed = false): boolean {
  const s = !sourcesServed && c.categories.find((x) => x.sources.length);
  const field = c.autoBlock ? 'autoBlock' : s && `categories.${s.id}.sources`;
  if (field) console.error(`consent-gate: ${field} needs consent-gate.${field == 'autoBlock' ? 'auto' : 'block'}.js`);
  return !!field;
}

/** Starts blocking without markup; false when the config needs a blocking build (every gate stays shut then). */
export const blocker = (consent: Consent): boolean => !unserved(consent);

/**
 * The hooks the tag installs before the next tag is parsed: none in this build. In the blocking builds (blocker.block.ts,
 * blocker.auto.ts) they hold what the config as given names, set `l.blocker` (the store chunk's check of the checked config)
 * and say whether the reader may answer (false: the store's path, whose check names what this build cannot serve).
 */
export const hooks: ((l: Launch) => boolean) | undefined = undefined;
