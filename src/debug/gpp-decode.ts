/**
 * The debug panel's GPP decoder (`consent-gate.debug-gpp.js`, a chunk of the panel's own, loaded
 * only for a page whose `__gpp` gives a GPP string): IAB Tech Lab's `@iabgpp/cmpapi` reads the
 * string, every section it lists (any CMP's string, so every section IAB defines: ~17 kB gzip,
 * which only a developer opening the panel downloads), into `[section.field, value]` rows.
 */
import { GppModel } from '@iabgpp/cmpapi';

/**
 * A GPP string's fields, section by section in the header's order, as IAB's library decodes them.
 *
 * @example gppRows('DBABLA~BVQqAAAAAgA.QA') // [['header.SectionIds', [7]], ['usnat.Version', 1], …]
 * @returns `[field, value]` rows; throws on a string IAB's library cannot read
 */
export function gppRows(encoded: string): [string, unknown][] {
  const model = new GppModel(encoded);
  const sections = model.toObject() as Record<string, Record<string, unknown>>;
  const rows: [string, unknown][] = [['header.SectionIds', model.getSectionIds()]];
  for (const [name, fields] of Object.entries(sections)) {
    for (const [field, value] of Object.entries(fields)) rows.push([`${name}.${field}`, value instanceof Date ? value.toISOString() : value]);
  }
  return rows;
}
