/**
 * The iab drop-in's config check: in `consent-gate.iab.js` this module stands in for
 * src/core/config.ts where src/dropin/index.ts imports it (rollup.config.mjs swaps it), so the
 * drop-in's own code stays the same in every build. It checks the config as the core does, and
 * `tcf` besides (its problems named in the console, field by field; every gate stays shut then).
 */
import { checkWith as checkCore, type RegionsResolver, type Problem } from '../../core/config.js';
import type { ResolvedConfig } from '../../core/types.js';
import { checkTcf, type ResolvedTcf } from '../tcf/config.js';

let tcf: ResolvedTcf | undefined;
let told = false;

/** The checked `tcf` of the config this page runs (undefined before a valid config was checked). */
export const checkedTcf = (): ResolvedTcf | undefined => tcf;

/** `checkWith` of src/core/config.ts, which also requires and checks `tcf`. */
export function checkWith(input: unknown, regions: RegionsResolver | undefined): { config?: ResolvedConfig; problems: Problem[] } {
  const obj = typeof input == 'object' && input !== null && !Array.isArray(input);
  const { tcf: raw, ...rest } = (obj ? input : {}) as Record<string, unknown>;
  const result = checkCore(obj ? rest : input, regions);
  if (!result.config) return result;
  const checked = checkTcf(raw, result.config.categories.filter((c) => !c.required).map((c) => c.id));
  if (!checked.tcf) {
    if (!told) for (const p of checked.problems) console.error('consent-gate:', p);
    told = true;
    return { problems: [] };
  }
  tcf = checked.tcf;
  return { config: Object.freeze({ ...result.config, raw: input as ResolvedConfig['raw'] }), problems: [] };
}
