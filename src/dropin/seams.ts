/**
 * Where the drop-in's tag (tag.ts) differs between builds: in the default build, nothing (so the minifier drops it).
 * The iab build's tag is the same tag.ts with this module swapped for src/iab/dropin/seams.ts (rollup.config.mjs,
 * `swapSeams`): the CMP API stubs before Consent Mode's default, the CMP chunks beside the reader or the store, and on a
 * first visit the vendor list; its reader and store chunks are its own (`consent-gate.iab-reader.js`, `.iab-store.js`:
 * the `iabSwap` of begin.ts's chunk names).
 */
import type { Launch } from './page.js';

/** What a build with IAB's CMP APIs adds to the tag. */
export interface Cmp {
  /** The config Consent Mode's `default` is read from (the config as given without the fields it does not know). */
  given: unknown;
  /** Fetches what every path needs beside the reader or the store (after the region rules). */
  beside(l: Launch): void;
  /** Fetches what a first visit's banner needs beside the UI chunk (before it). */
  ui(l: Launch): void;
  /** The store chunk imports from the reader's file: every path fetches the reader chunk. */
  reader?: boolean;
}

/**
 * Installs what vendors' tags need before anything else, from the config as given (`undefined` when it is not JSON, or
 * on a second copy of the drop-in), and says what the tag does beside; none in this build.
 */
export const cmp: ((input: unknown) => Cmp) | undefined = undefined;
