/**
 * English texts that only the preferences dialog shows. They live apart from `en.ts` so that
 * they travel in the dialog's own file (`consent-gate.prefs.js`), not in the first layer's
 * UI chunk that every first visitor downloads. Every language module has them too.
 */
export const dialog = {
  /** The cookie table's column naming who sets each cookie (the scanner writes it as `provider`). */
  provider: 'Provider',
};
