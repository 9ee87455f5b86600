/**
 * The fingerprint of a config, which the store writes into every record and the reader of decided
 * visitors (reader.ts) compares (a module of its own: the drop-in's store chunk needs it without the reader).
 */

/**
 * The version of the config check, mixed into every fingerprint. Raise it whenever the check
 * starts refusing a config it used to accept: records written before then no longer vouch for
 * the config they carry the fingerprint of, and their visitors take the full path once.
 */
const CHECKS = '1';

/**
 * The fingerprint of a config as the page gives it (the parsed `data-config`, or the object given
 * to `createConsent`): FNV-1a (32 bits) over its JSON text, in base 36 (at most 7 characters).
 * The same object gives the same fingerprint on every page view; a config re-serialised in another
 * key order gives another one, which costs its visitors one full path. Not a cryptographic
 * commitment, nor does it need to be: it tells configs apart, and a forged cookie can copy any
 * fingerprint anyway (see reader.ts). `''` for an input that is no JSON (a cycle), which no record carries.
 *
 * @example fingerprint({ categories: { analytics: {} } }) // '1xk5tpd', say: a few base-36 digits
 */
export function fingerprint(input: unknown): string {
  let h = 0x811c9dc5;
  try {
    const s = CHECKS + JSON.stringify(input);
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  } catch {
    return '';
  }
  return (h >>> 0).toString(36);
}
