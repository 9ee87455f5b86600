/**
 * The iab drop-in's config check, run by its store chunk (store.ts): the config checked as the
 * core does, and `tcf` and `gpp` besides; their problems go back with the core's, as compact data
 * (every gate stays shut then), and the store names them in the console with the words of the
 * iab build's errors chunk (errors.ts), fetched only then. A config needs at least one of them;
 * without `tcf` no TCF code is fetched. The reader chunk (reader.ts) resolves `tcf` and `gpp` of a
 * config this check passed with `checkIab`.
 */
import { checkWith as checkCore, type RegionsResolver, type Problem } from '../../core/config.js';
import type { ResolvedConfig } from '../../core/types.js';
import type { ResolvedTcf } from '../tcf/config.js';
import type { ResolvedGpp } from '../gpp/config.js';
import { checkIab } from './parts.js';

let tcf: ResolvedTcf | undefined;
let gpp: ResolvedGpp | undefined;

/** The checked `tcf` of the config this page runs (undefined before a valid config was checked). */
export const checkedTcf = (): ResolvedTcf | undefined => tcf;
/** The checked `gpp` of the config this page runs (undefined without one, or before a valid config was checked). */
export const checkedGpp = (): ResolvedGpp | undefined => gpp;

/** `checkWith` of src/core/config.ts, which also requires `tcf` or `gpp` and checks them (their problems: src/iab/words.ts's `IabProblem`, explained by errors.ts). */
export function checkWith(input: unknown, regions: RegionsResolver | undefined): { config?: ResolvedConfig; problems: Problem[] } {
  const obj = typeof input == 'object' && input !== null && !Array.isArray(input);
  const rest: Record<string, unknown> = { ...(obj ? input : {}) };
  delete rest.tcf;
  delete rest.gpp;
  const result = checkCore(obj ? rest : input, regions);
  if (!result.config) return result;
  const iab = checkIab(input as Record<string, unknown>, result.config.categories.filter((c) => !c.required).map((c) => c.id));
  // (The drop-in hands the problems to the errors chunk's `explain`, which in this build is errors.ts's.)
  if (iab.problems.length) return { problems: iab.problems as unknown as Problem[] };
  ({ tcf, gpp } = iab);
  return { config: Object.freeze({ ...result.config, raw: input as ResolvedConfig['raw'] }), problems: [] };
}
