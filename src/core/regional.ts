/**
 * The rules of the visitor's region in a config with `regions`, as the config check resolves them, for the reader of
 * decided visitors (reader.ts). A module of its own so that the drop-in's reader chunk carries none of it: the drop-in
 * reads it from its regions chunk (`consent-gate.regions.js`), which the tag fetches beside the reader only for a config
 * with `regions` (no request waits for another). `readDecided` imports it here.
 */
import { EEA, EU, stricter } from './vocab.js';
import type { Mode } from './types.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v == 'object' && v !== null && !Array.isArray(v);
/** The members of a group a region key may name (src/regions/ checks the keys; the reader only looks them up). */
const group = (key: string) => (key == 'EU' ? EU : key == 'EEA' ? EEA : []);

/**
 * The rules in force for `region` in the config `c` (whose `regions` is set): each entry's `rules` over the top level's
 * (`top`); a code named directly (`DE`, never a group's name) wins over a group that holds it (`EU`), then the country of a
 * subdivision, then `*`, then the top level's; with no region, the strictest configured. Undefined for a shape the
 * check would not let through, or when the region must first be asked for (`regionEndpoint`): the full store asks.
 */
export function inRegion<R extends { mode: Mode }>(c: Record<string, unknown>, region: string | undefined, top: R | undefined,
  rules: (r: unknown, base: R | undefined) => R | undefined): R | undefined {
  if (!isObj(c.regions) || (!region && c.regionEndpoint)) return;
  const table = Object.entries(c.regions).map(([key, r]) => [key.split(' '), rules(r, top)] as const);
  const find = (code: string) => (table.find(([codes]) => code != 'EU' && codes.includes(code))
    ?? table.find(([codes]) => codes.some((g) => group(g).includes(code))))?.[1];
  let strictest = top;
  for (const [, r] of table) {
    if (!r || !strictest) return;
    if (stricter(r.mode, strictest.mode)) strictest = r;
  }
  return region ? find(region) ?? find(region.slice(0, 2)) ?? find('*') ?? top : strictest;
}

/** `inRegion`'s type, as the reader takes it. */
export type Regional = typeof inRegion;
