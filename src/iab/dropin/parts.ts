/**
 * The checks of `tcf` and `gpp`, apart from the core's config check (config.ts): the iab reader
 * chunk resolves them with this alone, without the core's check in its download.
 */
import { validateTcf, type ResolvedTcf } from '../tcf/config.js';
import { validateGpp, type ResolvedGpp } from '../gpp/config.js';
import type { IabProblem } from '../words.js';

/**
 * Checks `tcf` and `gpp` of a config (`input`, an object) against its optional categories: without
 * `gpp`, `tcf` is required (its check names what is missing); with `gpp` alone, no TCF. The store
 * chunk checks with it (checkWith, below), and the reader of a decided visitor resolves them with it.
 */
export function checkIab(input: Record<string, unknown>, optional: readonly string[]): { tcf?: ResolvedTcf; gpp?: ResolvedGpp; problems: IabProblem[] } {
  const { tcf: raw, gpp: rawGpp } = input;
  const checked = raw === undefined && rawGpp !== undefined ? { problems: [] } : validateTcf(raw, optional);
  const checkedG = rawGpp === undefined ? { problems: [] } : validateGpp(rawGpp, optional, checked.tcf);
  return { tcf: checked.tcf, gpp: checkedG.gpp, problems: [...checked.problems, ...checkedG.problems] };
}

