/**
 * The iab drop-in's config check: in `consent-gate.iab.js` this module stands in for
 * src/core/config.ts where src/dropin/index.ts imports it (rollup.config.mjs swaps it), so the
 * drop-in's own code stays the same in every build. It checks the config as the core does, and
 * `tcf` and `gpp` besides; their problems go back to the drop-in with the core's, as compact data
 * (every gate stays shut then), and the drop-in names them in the console with the words of the
 * iab build's errors chunk (errors.ts), fetched only then: no words in the tag. A config needs at
 * least one of them; without `tcf` no TCF code is fetched.
 */
import { checkWith as checkCore, type RegionsResolver, type Problem } from '../../core/config.js';
import type { ResolvedConfig } from '../../core/types.js';
import { validateTcf, type ResolvedTcf } from '../tcf/config.js';
import { validateGpp, type ResolvedGpp } from '../gpp/config.js';

let tcf: ResolvedTcf | undefined;
let gpp: ResolvedGpp | undefined;

/** The checked `tcf` of the config this page runs (undefined before a valid config was checked). */
export const checkedTcf = (): ResolvedTcf | undefined => tcf;
/** The checked `gpp` of the config this page runs (undefined without one, or before a valid config was checked). */
export const checkedGpp = (): ResolvedGpp | undefined => gpp;

/** `checkWith` of src/core/config.ts, which also requires `tcf` or `gpp` and checks them (their problems: src/iab/words.ts's `IabProblem`, explained by errors.ts). */
export function checkWith(input: unknown, regions: RegionsResolver | undefined): { config?: ResolvedConfig; problems: Problem[] } {
  const obj = typeof input == 'object' && input !== null && !Array.isArray(input);
  const { tcf: raw, gpp: rawGpp, ...rest } = (obj ? input : {}) as Record<string, unknown>;
  const result = checkCore(obj ? rest : input, regions);
  if (!result.config) return result;
  const optional = result.config.categories.filter((c) => !c.required).map((c) => c.id);
  // Without `gpp`, `tcf` is required (its check names what is missing); with `gpp` alone, no TCF.
  const checked = raw === undefined && rawGpp !== undefined ? { problems: [] } : validateTcf(raw, optional);
  const checkedG = rawGpp === undefined ? { problems: [] } : validateGpp(rawGpp, optional, checked.tcf);
  const problems = [...checked.problems, ...checkedG.problems];
  // (The drop-in hands the problems to the errors chunk's `explain`, which in this build is errors.ts's.)
  if (problems.length) return { problems: problems as unknown as Problem[] };
  tcf = checked.tcf;
  gpp = checkedG.gpp;
  return { config: Object.freeze({ ...result.config, raw: input as ResolvedConfig['raw'] }), problems: [] };
}
